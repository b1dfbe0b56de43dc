package io.murmuration.node.model.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ScheduleCountsTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00.123456789Z");
    private static final UUID AT = UUID.fromString("28b5ef70-f083-11f1-8080-808080808080");

    /** Three purchases a day apart and a skip; the last data end lies after the first purchase. */
    private static ScheduleCounts counted(Instant lastDataEnd) {
        ScheduleCounts counts = new ScheduleCounts();
        for (int day = 0; day < 3; day++) {
            counts.count(PlantedTasteLog.event("u", "i" + day, "purchase", T0.plus(Duration.ofDays(day))), AT, lastDataEnd);
        }
        counts.count(PlantedTasteLog.event("u", "i9", "skip", T0.minusSeconds(5)), AT, lastDataEnd);
        return counts;
    }

    @Test
    void countsPositiveInteractionsAndThoseAfterTheDataEnd() {
        ScheduleCounts counts = counted(T0);

        assertEquals(3, counts.positiveInteractions());
        assertEquals(2, counts.newInteractions(), "the purchase at the data end itself was trained on");
        assertEquals(T0.minusSeconds(5), counts.firstEventTime(), "a skip has an event time too");
        assertEquals(T0.plus(Duration.ofDays(2)), counts.latestEventTime());
        assertEquals(AT, counts.offset());
    }

    @Test
    void aCheckpointReadsBackWhatWasCountedAtItsPosition() {
        ScheduleCounts counts = counted(T0);
        UUID later = UUID.fromString("5a50302f-f083-11f1-8080-808080808080");

        ScheduleCounts back = ScheduleCounts.decode(counts.encode(T0), later, T0);

        assertEquals(3, back.positiveInteractions());
        assertEquals(2, back.newInteractions());
        assertEquals(T0.minusSeconds(5), back.firstEventTime());
        assertEquals(T0.plus(Duration.ofDays(2)), back.latestEventTime());
        assertEquals(later, back.offset(), "the position the store keeps with the checkpoint");
        assertTrue(!counts.changedSinceCheckpoint(), "encoding marks the counts saved");
    }

    @Test
    void nothingIsNewWhenAVersionWasTrainedAfterTheCheckpoint() {
        ScheduleCounts counts = counted(T0);

        ScheduleCounts back = ScheduleCounts.decode(counts.encode(T0), AT, T0.plus(Duration.ofDays(2)));

        assertEquals(3, back.positiveInteractions());
        assertEquals(0, back.newInteractions());
    }

    @Test
    void anEmptyScheduleSurvivesTooAndAFirstDataEndMakesNothingNew() {
        byte[] empty = new ScheduleCounts().encode(null);

        ScheduleCounts back = ScheduleCounts.decode(empty, AT, null);

        assertEquals(0, back.positiveInteractions());
        assertNull(back.firstEventTime());
        assertNull(back.latestEventTime());
        assertEquals(0, ScheduleCounts.decode(counted(null).encode(null), AT, T0).newInteractions());
    }

    @Test
    void refusesATruncatedCorruptOrForeignCheckpoint() {
        byte[] whole = counted(T0).encode(T0);

        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThrows(UncheckedIOException.class, () -> ScheduleCounts.decode(cut, AT, T0), "cut at " + length);
        }
        byte[] otherFormat = whole.clone();
        otherFormat[3] = 9;
        assertTrue(assertThrows(IllegalStateException.class, () -> ScheduleCounts.decode(otherFormat, AT, T0))
                .getMessage().contains("format 9"));
        byte[] negative = whole.clone();
        negative[4] = (byte) 0x80; // the positive count's sign
        assertThrows(IllegalStateException.class, () -> ScheduleCounts.decode(negative, AT, T0));
    }
}
