package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.node.interaction.EarlierItem;
import io.murmuration.protocol.EventTimeWindow;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.InteractionType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The decaying sums behind popularity and co-occurrence are total over every event validation lets through — and
 * over stored events from before the rules existed: whatever the order, spacing and weights of the events, nothing
 * throws and every score read back is finite and not negative, ranked best first.
 */
class DecayedSumsPropertyTest {

    /** The accepted window as a node would apply it today, with a day of skew either side of "now". */
    private static final Instant EARLIEST = EventTimeWindow.DEFAULT.earliest();
    private static final Instant LATEST = Instant.now().plus(Duration.ofDays(2));

    record Event(String item, String type, Double value, Instant at) {}

    @Property(tries = 300)
    void popularityStaysFiniteOverAnyValidEvents(@ForAll("validLogs") List<Event> log, @ForAll("halfLives") Duration halfLife) {
        DecayedPopularity popularity = new DecayedPopularity(halfLife);

        log.forEach(e -> popularity.add(e.item(), InteractionWeights.of(e.type(), e.value()), e.at()));

        assertRankedAndFinite(popularity.top(20));
    }

    @Property(tries = 300)
    void popularityStaysFiniteOverStoredEventsOfAnyTimeAndValue(@ForAll("anyLogs") List<Event> log,
            @ForAll("halfLives") Duration halfLife) {
        DecayedPopularity popularity = new DecayedPopularity(halfLife);

        log.forEach(e -> popularity.add(e.item(), InteractionWeights.of(e.type(), e.value()), e.at()));

        assertRankedAndFinite(popularity.top(20));
    }

    @Property(tries = 300)
    void coVisitationsStayFiniteOverAnyEvents(@ForAll("anyLogs") List<Event> log, @ForAll("halfLives") Duration halfLife) {
        CoVisitations coVisits = new CoVisitations(5, halfLife, 1, 0.5, item -> true);

        // each event pairs with up to three events before it, as a window of a user's history would
        for (int i = 0; i < log.size(); i++) {
            List<EarlierItem> before = new java.util.ArrayList<>();
            for (int j = i - 1; j >= 0 && j >= i - 3; j--) {
                before.add(new EarlierItem(log.get(j).item(), InteractionWeights.of(log.get(j).type(), log.get(j).value())));
            }
            Event e = log.get(i);
            coVisits.observe(new CoVisitations.Visit(e.item(), InteractionWeights.of(e.type(), e.value()), before, e.at()));
        }

        for (String item : List.of("a", "b", "c", "d")) {
            assertRankedAndFinite(coVisits.neighbours(item, 10));
            double popularity = coVisits.popularity(item);
            assertTrue(Double.isFinite(popularity) && popularity >= 0, item + " has popularity " + popularity);
        }
    }

    @Property(tries = 1000)
    void everyWeightIsFiniteAndBounded(@ForAll("types") String type, @ForAll("anyValues") Double value) {
        double weight = InteractionWeights.of(type, value);

        assertTrue(weight >= 0 && weight <= 8.0, () -> type + " " + value + " weighs " + weight);
    }

    @Property(tries = 200)
    void aWeightThatIsNotFiniteCountsNothing(@ForAll("halfLives") Duration halfLife) {
        DecayedPopularity popularity = new DecayedPopularity(halfLife);
        Instant at = Instant.parse("2026-11-22T10:00:00Z");

        popularity.add("a", Double.NaN, at);
        popularity.add("a", Double.POSITIVE_INFINITY, at);
        popularity.add("a", -1.0, at);
        popularity.add("b", 1.0, at);

        assertEquals(List.of(new ScoredItem("b", 1.0)), popularity.top(5));
    }

    private static void assertRankedAndFinite(List<ScoredItem> ranked) {
        for (int i = 0; i < ranked.size(); i++) {
            double score = ranked.get(i).score();
            assertTrue(Double.isFinite(score) && score >= 0, () -> "score " + score + " in " + ranked);
            if (i > 0) {
                assertTrue(ranked.get(i - 1).score() >= score, () -> "not best first: " + ranked);
            }
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<List<Event>> validLogs() {
        Arbitrary<Instant> at = Arbitraries.longs().between(EARLIEST.toEpochMilli(), LATEST.toEpochMilli())
                .edgeCases(edges -> edges.includeOnly(EARLIEST.toEpochMilli(), LATEST.toEpochMilli()))
                .map(Instant::ofEpochMilli);
        Arbitrary<Double> value = Arbitraries.doubles().between(InteractionEventCodec.MIN_VALUE, InteractionEventCodec.MAX_VALUE)
                .injectNull(0.3);
        return events(at, value);
    }

    @Provide
    Arbitrary<List<Event>> anyLogs() {
        Arbitrary<Instant> at = Arbitraries.oneOf(
                Arbitraries.longs().map(Instant::ofEpochMilli),
                Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH, EARLIEST, LATEST));
        Arbitrary<Double> value = anyValues();
        return events(at, value);
    }

    @Provide
    Arbitrary<Double> anyValues() {
        return Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
                        -Double.MAX_VALUE, 1e308, -1.0, 0.0, 10.0)).injectNull(0.1);
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.oneOf(Arbitraries.of(InteractionType.wireNames()), Arbitraries.strings().ofMaxLength(8));
    }

    @Provide
    Arbitrary<Duration> halfLives() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, 10L * 365 * 86_400).map(Duration::ofSeconds),
                Arbitraries.of(Duration.ofMillis(1), Duration.ofDays(1), Duration.ofDays(365 * 1000)));
    }

    private Arbitrary<List<Event>> events(Arbitrary<Instant> at, Arbitrary<Double> value) {
        Arbitrary<String> item = Arbitraries.of("a", "b", "c", "d");
        return Combinators.combine(item, Arbitraries.of(InteractionType.wireNames()), value, at)
                .as(Event::new)
                .list().ofMaxSize(60);
    }
}
