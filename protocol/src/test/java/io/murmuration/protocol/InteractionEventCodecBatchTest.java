package io.murmuration.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.murmuration.protocol.WireFixtures.CLOCK;
import static io.murmuration.protocol.WireFixtures.JSON;
import static io.murmuration.protocol.WireFixtures.arrayOf;
import static io.murmuration.protocol.WireFixtures.bytes;
import static io.murmuration.protocol.WireFixtures.utf8;
import static io.murmuration.protocol.WireFixtures.validEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteractionEventCodecBatchTest {

    private final InteractionEventCodec codec = new InteractionEventCodec(CLOCK);

    @Test
    void aSingleObjectIsABatchOfOne() {
        BatchResult result = codec.parseBatch(bytes(validEvent()));

        assertTrue(result.isValid());
        assertNull(result.error());
        assertEquals(List.of("evt-1"), result.events().stream().map(InteractionEvent::eventId).toList());
    }

    @Test
    void anArrayYieldsItsEventsInOrder() {
        BatchResult result = codec.parseBatch(bytes(arrayOf(3)));

        assertTrue(result.isValid());
        assertEquals(List.of("evt-0", "evt-1", "evt-2"), result.events().stream().map(InteractionEvent::eventId).toList());
    }

    @Test
    void anInvalidSingleObjectKeepsItsPlainFieldName() {
        BatchResult result = codec.parseBatch(bytes(validEvent().without("userId")));

        assertFalse(result.isValid());
        assertEquals(new FieldError("userId", "is required"), result.error());
        assertEquals(List.of(), result.events());
    }

    @Test
    void anEmptyArrayIsRefused() {
        BatchResult result = codec.parseBatch(utf8("[]"));

        assertEquals(new FieldError("body", "must contain at least one event"), result.error());
    }

    @Test
    void theFirstInvalidElementRefusesTheWholeBatchAndIsNamedByIndex() {
        ArrayNode given = arrayOf(6);
        ((ObjectNode) given.get(3)).put("timestamp", "soon");
        ((ObjectNode) given.get(5)).remove("userId");

        BatchResult result = codec.parseBatch(bytes(given));

        assertFalse(result.isValid());
        assertEquals(List.of(), result.events());
        assertEquals(new FieldError("[3].timestamp", "must be an ISO-8601 instant or epoch milliseconds"), result.error());
        assertEquals("[3].timestamp: must be an ISO-8601 instant or epoch milliseconds", result.error().message());
    }

    @Test
    void aContextErrorInsideABatchKeepsTheKey() {
        ArrayNode given = arrayOf(2);
        ((ObjectNode) given.get(1)).putObject("context").put("slot", 2);

        assertEquals(new FieldError("[1].context.slot", "must be a string"), codec.parseBatch(bytes(given)).error());
    }

    @Test
    void anElementThatIsNotAnObjectIsNamedByIndex() {
        ArrayNode given = arrayOf(2).add("evt-3");

        assertEquals(new FieldError("[2]", "must be a JSON object"), codec.parseBatch(bytes(given)).error());
    }

    @Test
    void acceptsExactly1000Events() {
        BatchResult result = codec.parseBatch(bytes(arrayOf(1000)));

        assertTrue(result.isValid());
        assertEquals(1000, result.events().size());
    }

    @Test
    void refusesMoreThan1000Events() {
        BatchResult result = codec.parseBatch(bytes(arrayOf(1001)));

        assertEquals(new FieldError("body", "must contain at most 1000 events"), result.error());
    }

    @Test
    void refusesABodyThatIsNeitherObjectNorArray() {
        assertEquals(new FieldError("body", "must be a JSON object or an array of objects"),
                codec.parseBatch(utf8("\"events\"")).error());
        assertEquals(new FieldError("body", "must be a JSON object or an array of objects"),
                codec.parseBatch(utf8("null")).error());
    }

    @Test
    void refusesABodyThatIsNotJson() {
        FieldError error = codec.parseBatch(utf8("[{\"eventId\":")).error();

        assertEquals("body", error.field());
        assertTrue(error.reason().startsWith("is not valid JSON"), error.reason());
    }

    @Test
    void refusesAnEmptyBody() {
        assertEquals(new FieldError("body", "is empty"), codec.parseBatch(new byte[0]).error());
    }

    @Test
    void aBatchResultIsNotItselfWrittenWithADerivedValidFlag() throws Exception {
        BatchResult result = codec.parseBatch(utf8("[]"));

        assertFalse(JSON.readTree(ProtocolJson.write(result)).has("valid"));
    }
}
