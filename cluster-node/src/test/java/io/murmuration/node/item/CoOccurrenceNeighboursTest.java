package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoOccurrenceNeighboursTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static List<String> ids(List<ScoredItem> items) {
        return items.stream().map(ScoredItem::itemId).toList();
    }

    @Test
    void ranksFollowersByHowOftenTheyCameNext() {
        CoOccurrenceNeighbours coOccurrence = new CoOccurrenceNeighbours(10, Duration.ofDays(1));
        coOccurrence.observe("kettle", "mug", 1, T0);
        coOccurrence.observe("kettle", "mug", 1, T0);
        coOccurrence.observe("kettle", "tea", 1, T0);

        List<ScoredItem> followers = coOccurrence.neighbours("kettle", 5);

        assertEquals(List.of("mug", "tea"), ids(followers));
        assertEquals(2.0, followers.get(0).score(), 1e-9);
        assertEquals(List.of(), coOccurrence.neighbours("mug", 5), "the relation is directed");
    }

    @Test
    void aRecentFollowerOvertakesAnOlderMoreFrequentOne() {
        CoOccurrenceNeighbours coOccurrence = new CoOccurrenceNeighbours(10, Duration.ofHours(1));
        for (int i = 0; i < 3; i++) coOccurrence.observe("a", "old-favourite", 1, T0);
        coOccurrence.observe("a", "new-favourite", 1, T0.plus(Duration.ofHours(2))); // 3 × ¼ < 1

        assertEquals(List.of("new-favourite", "old-favourite"), ids(coOccurrence.neighbours("a", 2)));
        assertEquals(0.75, coOccurrence.neighbours("a", 2).get(1).score(), 1e-9);
    }

    @Test
    void keepsAtMostTheBoundPerItemDroppingTheWeakest() {
        CoOccurrenceNeighbours coOccurrence = new CoOccurrenceNeighbours(2, Duration.ofDays(1));
        coOccurrence.observe("a", "strong", 5, T0);
        coOccurrence.observe("a", "weak", 1, T0);

        coOccurrence.observe("a", "newcomer", 2, T0);

        assertEquals(List.of("strong", "newcomer"), ids(coOccurrence.neighbours("a", 10)));
    }

    @Test
    void ignoresRepeatsOfTheSameItemAndInteractionsWithoutPositiveWeight() {
        CoOccurrenceNeighbours coOccurrence = new CoOccurrenceNeighbours(5, Duration.ofDays(1));
        coOccurrence.observe("a", "a", 1, T0);
        coOccurrence.observe("a", "skipped", 0, T0);

        assertTrue(coOccurrence.neighbours("a", 5).isEmpty());
        assertEquals(0, coOccurrence.itemCount());
    }

    @Test
    void staysFiniteAcrossYearsOfEventTime() {
        CoOccurrenceNeighbours coOccurrence = new CoOccurrenceNeighbours(5, Duration.ofHours(1));
        for (int day = 0; day < 1000; day++) coOccurrence.observe("a", "b", 1, T0.plus(Duration.ofDays(day)));

        double score = coOccurrence.neighbours("a", 1).get(0).score();

        assertTrue(Double.isFinite(score) && score >= 1.0 && score < 1.01, "score was " + score);
    }
}
