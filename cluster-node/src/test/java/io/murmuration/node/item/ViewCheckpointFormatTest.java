package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A view restored from its checkpoint ranks and goes on counting exactly like the view that wrote it. */
class ViewCheckpointFormatTest {

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void popularityRestoredFromItsCheckpointRanksAndDecaysAsBefore() {
        DecayedPopularity written = new DecayedPopularity(Duration.ofHours(1));
        written.add("a", 8, T);
        written.add("b", 1, T.plusSeconds(600));
        written.add("c", 2, T.plusSeconds(7200));

        DecayedPopularity restored = PopularityCounter.decode(PopularityCounter.encode(written), Duration.ofHours(1));
        written.add("b", 4, T.plusSeconds(9000));
        restored.add("b", 4, T.plusSeconds(9000));

        assertEquals(written.top(10), restored.top(10));
        assertEquals(3, restored.itemCount());
    }

    @Test
    void coOccurrencesRestoredFromTheirCheckpointKeepNeighboursAndTheRecentEventIds() {
        CoOccurrenceNeighbours written = new CoOccurrenceNeighbours(3, Duration.ofDays(1));
        written.observe("a", "b", 2, T);
        written.observe("a", "c", 1, T.plusSeconds(1));
        written.observe("b", "c", 4, T.plusSeconds(2));

        CoOccurrenceCheckpoint.Decoded restored = CoOccurrenceCheckpoint.decode(
                CoOccurrenceCheckpoint.encode(written, List.of("e2", "e3")), 3, Duration.ofDays(1));

        assertEquals(written.neighbours("a", 5), restored.neighbours().neighbours("a", 5));
        assertEquals(written.neighbours("b", 5), restored.neighbours().neighbours("b", 5));
        assertEquals(Set.of("e2", "e3"), restored.recentEventIds());
    }

    @Test
    void aSmallerNeighbourBoundKeepsTheStrongestNeighbours() {
        CoOccurrenceNeighbours written = new CoOccurrenceNeighbours(3, Duration.ofDays(1));
        written.observe("a", "b", 2, T);
        written.observe("a", "c", 1, T);
        written.observe("a", "d", 4, T);

        CoOccurrenceNeighbours restored = CoOccurrenceCheckpoint.decode(
                CoOccurrenceCheckpoint.encode(written, List.of()), 2, Duration.ofDays(1)).neighbours();

        assertEquals(List.of("d", "b"), restored.neighbours("a", 5).stream().map(ScoredItem::itemId).toList());
    }

    @Test
    void refusesATruncatedCheckpoint() {
        CoOccurrenceNeighbours written = new CoOccurrenceNeighbours(3, Duration.ofDays(1));
        written.observe("a", "b", 2, T);
        byte[] state = CoOccurrenceCheckpoint.encode(written, List.of("e1"));

        assertThrows(RuntimeException.class,
                () -> CoOccurrenceCheckpoint.decode(Arrays.copyOf(state, state.length - 3), 3, Duration.ofDays(1)));
    }

    @Test
    void remembersOnlyTheEventIdsAppliedWithinTheMargin() {
        CoOccurrenceCheckpoint.RecentlyApplied recent = new CoOccurrenceCheckpoint.RecentlyApplied(Duration.ofSeconds(10));
        recent.add("e1", 1_000);
        recent.add("e2", 5_000);
        recent.add("e3", 12_000);

        assertEquals(List.of("e2", "e3"), recent.within(14_000));
        assertEquals(List.of("e3"), recent.within(16_000));
    }
}
