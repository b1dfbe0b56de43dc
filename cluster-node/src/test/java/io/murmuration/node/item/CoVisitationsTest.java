package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.node.interaction.EarlierItem;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoVisitationsTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static List<String> ids(List<ScoredItem> items) {
        return items.stream().map(ScoredItem::itemId).toList();
    }

    /** A visit of {@code item} with {@code weight} after {@code before} (latest first), each of weight 1. */
    private static CoVisitations.Visit visit(String item, double weight, Instant at, String... before) {
        return new CoVisitations.Visit(item, weight,
                Arrays.stream(before).map(b -> new EarlierItem(b, 1)).toList(), at);
    }

    private static CoVisitations everything(int maxNeighbours, Duration halfLife, double distanceExponent, double backward) {
        return new CoVisitations(maxNeighbours, halfLife, distanceExponent, backward, item -> true);
    }

    @Test
    void ranksNeighboursByHowOftenTheyWereVisitedTogether() {
        CoVisitations coVisits = everything(10, Duration.ofDays(1), 1, 1);
        coVisits.observe(visit("mug", 1, T0, "kettle"));
        coVisits.observe(visit("mug", 1, T0, "kettle"));
        coVisits.observe(visit("tea", 1, T0, "kettle"));

        List<ScoredItem> neighbours = coVisits.neighbours("kettle", 5);

        assertEquals(List.of("mug", "tea"), ids(neighbours));
        assertEquals(2.0, neighbours.get(0).score(), 1e-9);
        assertEquals(List.of("kettle"), ids(coVisits.neighbours("mug", 5)), "counted in both orders");
    }

    @Test
    void theBackwardWeightSetsWhatALaterVisitSaysOfAnEarlierOne() {
        CoVisitations halfBack = everything(10, Duration.ofDays(1), 1, 0.5);
        CoVisitations forwardOnly = everything(10, Duration.ofDays(1), 1, 0);

        halfBack.observe(visit("mug", 1, T0, "kettle"));
        forwardOnly.observe(visit("mug", 1, T0, "kettle"));

        assertEquals(1.0, halfBack.neighbours("kettle", 1).get(0).score(), 1e-9);
        assertEquals(0.5, halfBack.neighbours("mug", 1).get(0).score(), 1e-9);
        assertEquals(List.of(), forwardOnly.neighbours("mug", 5));
    }

    @Test
    void pairsWithTheWholeWindowWeightedByDistanceAndByBothInteractions() {
        // a purchase (8) after a view (1) of b, then a click (2) on c one visit before
        CoVisitations coVisits = everything(10, Duration.ofDays(1), 1, 1);
        coVisits.observe(new CoVisitations.Visit("a", 8,
                List.of(new EarlierItem("b", 1), new EarlierItem("c", 2)), T0));

        // √(1·8)/1 for b at distance 1, √(2·8)/2 for c at distance 2 (neighbour sums are kept in single precision)
        assertEquals(Math.sqrt(8), coVisits.neighbours("b", 1).get(0).score(), 1e-6);
        assertEquals(2.0, coVisits.neighbours("c", 1).get(0).score(), 1e-9);
        assertEquals(List.of("b", "c"), ids(coVisits.neighbours("a", 5)));
        assertEquals(8.0, coVisits.popularity("a"), 1e-9);
    }

    @Test
    void keepsOnlyTheItemsItOwns() {
        CoVisitations mine = new CoVisitations(10, Duration.ofDays(1), 1, 1, item -> item.startsWith("m"));

        mine.observe(visit("mug", 1, T0, "kettle"));
        mine.observe(visit("tea", 1, T0, "kettle"));

        assertEquals(List.of("kettle"), ids(mine.neighbours("mug", 5)));
        assertEquals(List.of(), mine.neighbours("kettle", 5));
        assertEquals(1.0, mine.popularity("mug"), 1e-9);
        assertEquals(0.0, mine.popularity("tea"));
        assertEquals(1, mine.itemCount());
    }

    @Test
    void aRecentNeighbourOvertakesAnOlderMoreFrequentOne() {
        CoVisitations coVisits = everything(10, Duration.ofHours(1), 1, 1);
        for (int i = 0; i < 3; i++) coVisits.observe(visit("old-favourite", 1, T0, "a"));
        coVisits.observe(visit("new-favourite", 1, T0.plus(Duration.ofHours(2)), "a")); // 3 × ¼ < 1

        assertEquals(List.of("new-favourite", "old-favourite"), ids(coVisits.neighbours("a", 2)));
        assertEquals(0.75, coVisits.neighbours("a", 2).get(1).score(), 1e-9);
        assertEquals(1.0, coVisits.popularity("new-favourite"), 1e-9);
        assertEquals(0.75, coVisits.popularity("old-favourite"), 1e-9);
    }

    @Test
    void keepsAtMostTheBoundPerItemDroppingTheWeakest() {
        CoVisitations coVisits = everything(2, Duration.ofDays(1), 0, 0);
        coVisits.observe(visit("strong", 25, T0, "a"));
        coVisits.observe(visit("weak", 1, T0, "a"));

        coVisits.observe(visit("newcomer", 4, T0, "a"));

        assertEquals(List.of("strong", "newcomer"), ids(coVisits.neighbours("a", 10)));
    }

    @Test
    void ignoresRepeatsOfTheSameItemAndInteractionsWithoutPositiveWeight() {
        CoVisitations coVisits = everything(5, Duration.ofDays(1), 1, 1);
        coVisits.observe(visit("a", 1, T0, "a"));
        coVisits.observe(visit("skipped", 0, T0, "a"));

        assertTrue(coVisits.neighbours("a", 5).isEmpty());
        assertEquals(0, coVisits.itemCount());
        assertEquals(0.0, coVisits.popularity("skipped"));
    }

    @Test
    void staysFiniteAcrossYearsOfEventTime() {
        CoVisitations coVisits = everything(5, Duration.ofHours(1), 1, 1);
        for (int day = 0; day < 1000; day++) coVisits.observe(visit("b", 1, T0.plus(Duration.ofDays(day)), "a"));

        double score = coVisits.neighbours("a", 1).get(0).score();

        assertTrue(Double.isFinite(score) && score >= 1.0 && score < 1.01, "score was " + score);
        assertTrue(coVisits.popularity("b") >= 1.0 && coVisits.popularity("b") < 1.01);
    }
}
