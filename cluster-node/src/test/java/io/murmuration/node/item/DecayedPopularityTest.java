package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecayedPopularityTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void anInteractionHalvesInWeightAfterOneHalfLife() {
        DecayedPopularity popularity = new DecayedPopularity(Duration.ofHours(1));
        popularity.add("old", 1.0, T0);
        popularity.add("new", 0.25, T0.plus(Duration.ofHours(1)));

        List<ScoredItem> top = popularity.top(2);

        assertEquals("old", top.get(0).itemId());
        assertEquals(0.5, top.get(0).score(), 1e-9);
        assertEquals(0.25, top.get(1).score(), 1e-9);
    }

    @Test
    void recentInteractionsOvertakeOlderHeavierOnes() {
        DecayedPopularity popularity = new DecayedPopularity(Duration.ofHours(1));
        for (int i = 0; i < 8; i++) popularity.add("yesterday", 1.0, T0);
        popularity.add("now", 1.0, T0.plus(Duration.ofHours(4))); // 8 × 2^-4 = 0.5 < 1

        assertEquals(List.of("now", "yesterday"), popularity.top(2).stream().map(ScoredItem::itemId).toList());
    }

    @Test
    void staysFiniteOverYearsOfEventTime() {
        DecayedPopularity popularity = new DecayedPopularity(Duration.ofHours(1));
        for (int day = 0; day < 3 * 365; day++) popularity.add("steady", 1.0, T0.plus(Duration.ofDays(day)));

        double score = popularity.top(1).get(0).score();

        assertTrue(Double.isFinite(score) && score >= 1.0 && score < 1.01, "score was " + score);
    }

    @Test
    void outOfOrderEventsCountTheSameAsInOrderOnes() {
        DecayedPopularity inOrder = new DecayedPopularity(Duration.ofMinutes(30));
        DecayedPopularity shuffled = new DecayedPopularity(Duration.ofMinutes(30));
        inOrder.add("a", 1, T0);
        inOrder.add("a", 2, T0.plusSeconds(600));
        inOrder.add("b", 1, T0.plusSeconds(1200));
        shuffled.add("b", 1, T0.plusSeconds(1200));
        shuffled.add("a", 2, T0.plusSeconds(600));
        shuffled.add("a", 1, T0);

        assertEquals(inOrder.top(2).get(0).score(), shuffled.top(2).get(0).score(), 1e-9);
        assertEquals(inOrder.top(2).get(1).score(), shuffled.top(2).get(1).score(), 1e-9);
    }

    @Test
    void reportsWhetherAnItemIsNewAndLeavesOutItemsWithNoPositiveWeight() {
        DecayedPopularity popularity = new DecayedPopularity(Duration.ofHours(1));

        assertTrue(popularity.add("skipped", 0.0, T0));
        assertFalse(popularity.add("skipped", 0.0, T0));

        assertEquals(List.of(), popularity.top(5));
        assertEquals(1, popularity.itemCount());
    }
}
