package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A board's fresh ranking is the counter's ranking of every interaction, whatever part of them the last publication
 * counted and in whatever order the board heard of them and of the publication; it never counts one twice, and it
 * forgets what no publication names.
 */
class FreshPopularityTest {

    private static final Duration HALF_LIFE = Duration.ofDays(1);
    private static final Duration KEPT_FOR = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    record Interaction(String eventId, String item, double weight, Instant at) {}

    private final AtomicLong nanos = new AtomicLong();

    private FreshPopularity board() {
        return new FreshPopularity(HALF_LIFE, KEPT_FOR, 10_000, nanos::get);
    }

    @Property(tries = 300)
    void aPublicationOfSomeAndTheRestHeardRankAsTheCounterWouldAll(@ForAll("logs") List<Interaction> log,
            @ForAll @IntRange(min = 0, max = 100) int percentCounted, @ForAll boolean heardBeforeThePublication) {
        int counted = log.size() * percentCounted / 100;
        DecayedPopularity counter = new DecayedPopularity(HALF_LIFE);
        log.subList(0, counted).forEach(i -> counter.add(i.item(), i.weight(), i.at()));
        DecayedPopularity everything = new DecayedPopularity(HALF_LIFE);
        log.forEach(i -> everything.add(i.item(), i.weight(), i.at()));
        FreshPopularity board = board();

        // Every interaction reaches the board from its user entity; the publication names the counted ones.
        if (heardBeforeThePublication) log.forEach(i -> board.heard(i.eventId(), i.item(), i.weight(), i.at()));
        board.published(counter.top(100), counter.scoredAsOf(), log.subList(0, counted).stream().map(Interaction::eventId).toList());
        if (!heardBeforeThePublication) log.forEach(i -> board.heard(i.eventId(), i.item(), i.weight(), i.at()));

        assertSameScores(everything.top(100), board.top(100));
        assertEquals(log.size() - counted, board.heardCount());
        for (int k = 1; k <= 5; k++) { // a request asks for a few: the head of the same ranking
            assertSameScoresInOrder(everything.top(100), board.top(k), k);
        }
    }

    @Property(tries = 200)
    void anInteractionHeardTwiceOrAlreadyCountedCountsOnce(@ForAll("logs") List<Interaction> log) {
        DecayedPopularity everything = new DecayedPopularity(HALF_LIFE);
        log.forEach(i -> everything.add(i.item(), i.weight(), i.at()));
        FreshPopularity board = board();

        log.forEach(i -> board.heard(i.eventId(), i.item(), i.weight(), i.at()));
        log.forEach(i -> board.heard(i.eventId(), i.item(), i.weight(), i.at()));
        board.published(everything.top(100), everything.scoredAsOf(), log.stream().map(Interaction::eventId).toList());
        log.forEach(i -> board.heard(i.eventId(), i.item(), i.weight(), i.at())); // a copy arriving late

        assertSameScores(everything.top(100), board.top(100));
        assertEquals(0, board.heardCount());
    }

    @Property(tries = 200)
    void anyWeightAndTimeLeaveTheRankingFiniteAndBestFirst(@ForAll("anyInteractions") List<Interaction> heard,
            @ForAll("anyInteractions") List<Interaction> counted) {
        DecayedPopularity counter = new DecayedPopularity(HALF_LIFE);
        counted.forEach(i -> counter.add(i.item(), i.weight(), i.at()));
        FreshPopularity board = board();

        heard.forEach(i -> board.heard(i.eventId(), i.item(), i.weight(), i.at()));
        board.published(counter.top(100), counter.scoredAsOf(), List.of());

        List<ScoredItem> ranked = board.top(100);
        for (int i = 0; i < ranked.size(); i++) {
            double score = ranked.get(i).score();
            assertTrue(Double.isFinite(score) && score > 0, () -> "score " + score + " in " + ranked);
            if (i > 0) assertTrue(ranked.get(i - 1).score() >= score, () -> "not best first: " + ranked);
        }
    }

    @Example
    void anInteractionJustHeardOfLeadsBeforeAnyPublicationNamesIt() {
        FreshPopularity board = board();
        board.published(List.of(new ScoredItem("old-favourite", 1.5)), T0, List.of("e-1"));

        board.heard("e-2", "new-hit", 1.0, T0.plusSeconds(60));
        board.heard("e-3", "new-hit", 1.0, T0.plusSeconds(61));

        assertEquals(List.of("new-hit", "old-favourite"), board.top(2).stream().map(ScoredItem::itemId).toList());
    }

    @Example
    void anInteractionNoPublicationNamesStopsCountingAfterTheKeptTime() {
        FreshPopularity board = board();
        board.heard("e-1", "a", 1.0, T0);
        nanos.addAndGet(KEPT_FOR.toNanos() - 1);
        assertEquals(List.of("a"), board.top(5).stream().map(ScoredItem::itemId).toList());

        nanos.addAndGet(1);

        assertEquals(List.of(), board.top(5));
        assertEquals(0, board.heardCount());
    }

    @Example
    void theOldestInteractionsHeardOfGoFirstPastTheBound() {
        FreshPopularity board = new FreshPopularity(HALF_LIFE, KEPT_FOR, 2, nanos::get);

        board.heard("e-1", "a", 5.0, T0);
        board.heard("e-2", "b", 1.0, T0);
        board.heard("e-3", "c", 1.0, T0);

        assertEquals(2, board.heardCount());
        assertEquals(List.of("b", "c"), board.top(5).stream().map(ScoredItem::itemId).toList());
    }

    private static void assertSameScores(List<ScoredItem> expected, List<ScoredItem> actual) {
        Map<String, Double> want = new HashMap<>();
        expected.forEach(s -> want.put(s.itemId(), s.score()));
        Map<String, Double> got = new HashMap<>();
        actual.forEach(s -> got.put(s.itemId(), s.score()));
        want.values().removeIf(score -> score < 1e-12); // decayed to nothing: either side may drop it
        got.values().removeIf(score -> score < 1e-12);
        assertEquals(want.keySet(), got.keySet(), () -> "expected " + expected + ", got " + actual);
        want.forEach((item, score) -> assertEquals(score, got.get(item), 1e-9 * Math.max(1, score),
                () -> item + ": expected " + expected + ", got " + actual));
    }

    /** The first {@code k} scores of {@code full}, ties and rounding aside: what a ranking's head must hold. */
    private static void assertSameScoresInOrder(List<ScoredItem> full, List<ScoredItem> head, int k) {
        List<ScoredItem> expected = full.stream().filter(s -> s.score() >= 1e-12).limit(k).toList();
        List<ScoredItem> actual = head.stream().filter(s -> s.score() >= 1e-12).toList();
        assertEquals(expected.size(), actual.size(), () -> "top " + k + ": expected " + expected + ", got " + head);
        for (int i = 0; i < expected.size(); i++) {
            double want = expected.get(i).score();
            assertEquals(want, actual.get(i).score(), 1e-9 * Math.max(1, want),
                    () -> "top " + k + ": expected " + expected + ", got " + head);
        }
    }

    // ---- generators ----

    /** Interactions of a few items over a few days, each with its own event id, in time order as the log has them. */
    @Provide
    Arbitrary<List<Interaction>> logs() {
        Arbitrary<String> item = Arbitraries.of("a", "b", "c", "d", "e");
        Arbitrary<Double> weight = Arbitraries.of(0.5, 1.0, 2.0, 4.0);
        Arbitrary<Long> gap = Arbitraries.longs().between(0, 36 * 3600);
        return Combinators.combine(item, weight, gap).as((i, w, g) -> new Object[] {i, w, g}).list().ofMaxSize(40)
                .map(parts -> {
                    List<Interaction> log = new ArrayList<>();
                    Instant at = T0;
                    for (int n = 0; n < parts.size(); n++) {
                        at = at.plusSeconds((Long) parts.get(n)[2]);
                        log.add(new Interaction("e-" + n, (String) parts.get(n)[0], (Double) parts.get(n)[1], at));
                    }
                    return log;
                });
    }

    /** Interactions of any weight and time, even ones validation would refuse. */
    @Provide
    Arbitrary<List<Interaction>> anyInteractions() {
        Arbitrary<Double> weight = Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, 0.0, -1.0));
        Arbitrary<Instant> at = Arbitraries.oneOf(Arbitraries.longs().map(Instant::ofEpochMilli),
                Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH, T0));
        return Combinators.combine(Arbitraries.strings().ofMaxLength(3), Arbitraries.of("a", "b", "c"), weight, at)
                .as(Interaction::new).list().ofMaxSize(30);
    }
}
