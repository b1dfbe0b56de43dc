package io.murmuration.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Shared givens for the codec specifications: a fixed clock and a valid event to break one field at a time. */
final class WireFixtures {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();

    private WireFixtures() {
    }

    /** A view event that passes every rule; tests change one field to probe one rule. */
    static ObjectNode validEvent() {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventId", "evt-1");
        event.put("userId", "user-42");
        event.put("itemId", "sku:1234");
        event.put("type", "view");
        event.put("timestamp", "2026-11-22T09:30:00Z");
        return event;
    }

    static ArrayNode arrayOf(int count) {
        ArrayNode array = JSON.createArrayNode();
        for (int i = 0; i < count; i++) {
            array.add(validEvent().put("eventId", "evt-" + i));
        }
        return array;
    }

    static byte[] bytes(Object node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static InteractionEvent assertValid(ParseResult result) {
        return assertInstanceOf(ParseResult.Valid.class, result, () -> "expected valid but got " + result).event();
    }

    static void assertInvalid(ParseResult result, String field, String reason) {
        FieldError error = assertInstanceOf(ParseResult.Invalid.class, result, () -> "expected invalid but got " + result)
                .error();
        assertEquals(field, error.field(), "field");
        assertEquals(reason, error.reason(), "reason");
    }
}
