package io.murmuration.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The body reader's refusal of long numbers, at the sizes a producer could really send. */
class JsonBodyTest {

    // Just under Kafka's default largest record: the longest number a producer can put on a topic.
    private static final int DIGITS = 900_000;

    @Test
    void aNumberOfNineHundredThousandDigitsIsRefusedAtOnceInACatalogRecord() {
        byte[] record = ("{\"itemId\": \"sku-1\", \"attributes\": {\"size\": " + "7".repeat(DIGITS) + "}}")
                .getBytes(StandardCharsets.UTF_8);

        // Converting these digits took 12 s before the scan; the stream behind it waited as long.
        CatalogItemCodec.Result result = assertTimeoutPreemptively(Duration.ofSeconds(3),
                () -> new CatalogItemCodec().parse(record));

        assertEquals(new FieldError("attributes.size", JsonBody.NUMBER_TOO_LONG), result.error());
    }

    @Test
    void aLongNumberIsNamedByItsPlaceInABatchOfEvents() {
        String event = "{\"eventId\": \"e%d\", \"userId\": \"u\", \"itemId\": \"i\", \"type\": \"rating\", \"value\": %s,"
                + " \"timestamp\": \"2026-01-01T00:00:00Z\"}";
        String batch = "[" + event.formatted(0, "3") + ", " + event.formatted(1, "4." + "5".repeat(DIGITS)) + "]";

        BatchResult result = assertTimeoutPreemptively(Duration.ofSeconds(3),
                () -> new InteractionEventCodec().parseBatch(batch.getBytes(StandardCharsets.UTF_8)));

        assertEquals(new FieldError("[1].value", JsonBody.NUMBER_TOO_LONG), result.error());
    }

    @Test
    void aNumberAtTheBoundIsReadAsAnyOther() {
        String value = "1" + "0".repeat(JsonBody.MAX_NUMBER_LENGTH - 1);
        byte[] record = ("{\"itemId\": \"sku-1\", \"attributes\": {\"size\": " + value + "}}")
                .getBytes(StandardCharsets.UTF_8);

        // Within the bound the value reaches the attribute rules, which want a string.
        assertEquals(new FieldError("attributes.size", "must be a string"), new CatalogItemCodec().parse(record).error());
    }

    @Test
    void anOverLongNameIsCutBeforeACharacterThatWouldNotFit() {
        String name = "a".repeat(63) + "\uD83D\uDE00" + "b";

        assertEquals("a".repeat(63) + "…", JsonBody.shortName(name, 64));
        assertEquals("a".repeat(63) + "\uD83D\uDE00…", JsonBody.shortName(name, 65));
    }
}
