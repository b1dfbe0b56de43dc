package io.murmuration.node.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.murmuration.protocol.ModelRegistryEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The text/event-stream lines a client of the admin event stream reads. */
class EventStreamFormatTest {

    @Test
    void writesTheTypeAndTheJsonBodyAndEndsTheEventWithABlankLine() {
        OperationsEvents.Event event = OperationsEvents.Event.of("model",
                new ModelRegistryEvent("activated", "v2", "ops-alice", "checked", Instant.parse("2026-11-22T10:00:00Z")));

        assertEquals("""
                event: model
                data: {"kind":"activated","versionId":"v2","who":"ops-alice","reason":"checked","at":"2026-11-22T10:00:00Z"}

                """, EventStreamFormat.encode(event).utf8String());
    }

    @Test
    void keepsALineBreakInsideAStringOnTheDataLine() {
        OperationsEvents.Event event = OperationsEvents.Event.of("note", new ModelRegistryEvent("x", "v", "a", "two\nlines", null));

        assertEquals(3, EventStreamFormat.encode(event).utf8String().split("\n", -1).length - 1, "event, data, blank line");
    }

    @Test
    void keepAliveIsACommentClientsIgnore() {
        assertEquals(": keep-alive\n\n", EventStreamFormat.KEEP_ALIVE.utf8String());
    }

    @Test
    void refusesAnEventTypeThatWouldBreakTheStream() {
        assertThrows(IllegalArgumentException.class, () -> new OperationsEvents.Event("drift\nevent: model", "{}"));
        assertThrows(IllegalArgumentException.class, () -> new OperationsEvents.Event("", "{}"));
    }
}
