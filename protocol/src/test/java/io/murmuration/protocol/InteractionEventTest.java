package io.murmuration.protocol;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InteractionEventTest {

    private static final Instant AT = Instant.parse("2026-11-22T09:00:00Z");

    @Test
    void absentContextBecomesAnEmptyMap() {
        InteractionEvent event = new InteractionEvent("e", "u", "i", InteractionType.CLICK, null, AT, null);

        assertEquals(Map.of(), event.context());
    }

    @Test
    void contextCannotBeChangedThroughTheEventOrTheCallersMap() {
        Map<String, String> given = new HashMap<>(Map.of("page", "home"));
        InteractionEvent event = new InteractionEvent("e", "u", "i", InteractionType.CLICK, null, AT, given);

        given.put("page", "changed");

        assertEquals(Map.of("page", "home"), event.context());
        assertThrows(UnsupportedOperationException.class, () -> event.context().put("x", "y"));
    }

    @Test
    void requiredFieldsMustBePresent() {
        assertThrows(NullPointerException.class,
                () -> new InteractionEvent(null, "u", "i", InteractionType.VIEW, null, AT, Map.of()));
        assertThrows(NullPointerException.class,
                () -> new InteractionEvent("e", "u", "i", null, null, AT, Map.of()));
        assertThrows(NullPointerException.class,
                () -> new InteractionEvent("e", "u", "i", InteractionType.VIEW, null, null, Map.of()));
    }
}
