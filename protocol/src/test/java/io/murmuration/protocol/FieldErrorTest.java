package io.murmuration.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FieldErrorTest {

    @Test
    void messageNamesTheFieldThenTheReason() {
        FieldError error = new FieldError("timestamp", "must be an ISO-8601 instant or epoch milliseconds");

        assertEquals("timestamp: must be an ISO-8601 instant or epoch milliseconds", error.message());
    }

    @Test
    void messageWithoutAFieldIsJustTheReason() {
        assertEquals("something broke", new FieldError("", "something broke").message());
    }

    @Test
    void anErrorInsideABatchIsPrefixedWithItsIndex() {
        assertEquals(new FieldError("[3].timestamp", "r"), new FieldError("timestamp", "r").atIndex(3));
        assertEquals(new FieldError("[0]", "r"), new FieldError("", "r").atIndex(0));
    }

    @Test
    void errorResponseCarriesTheMessageAndTheField() {
        ErrorResponse response = ErrorResponse.of(new FieldError("[3].userId", "is required"));

        assertEquals(new ErrorResponse("[3].userId: is required", "[3].userId"), response);
    }
}
