package io.murmuration.node.model.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.node.drift.InteractionSurprise;
import io.murmuration.node.item.InteractionWeights;
import io.murmuration.node.model.versions.ModelStore;
import io.murmuration.protocol.InteractionType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fold-in is total over every history: events of any time, spacing, order and weight (including those stored
 * before validation bounded them) fold in without throwing, and the embedding read back is either usable — every
 * entry finite — or reported empty, never NaN handed to a search. The surprise of any item under it stays in [0, 1].
 */
class UserEmbeddingPropertyTest {

    private static final String[] ITEMS = {"a", "b", "c", "d"};
    // Factors of the size a trained model has, and one item with entries near float's limits.
    private static final float[] FACTORS = {0.3f, -0.2f, 1.1f, 0.4f, -0.7f, 0.9f, 3.0e18f, -2.0e18f};
    private static final ServingModel MODEL =
            ServingModel.of(new ModelStore.StoredFactors("v1", ITEMS, FACTORS, 2), 1.0, 10.0);
    // MODEL's near-overflow item makes every solve fail (each embedding is empty there): the properties that compare two
    // ways of folding compare embeddings on this one, whose items a, b and c a solve can tell apart.
    private static final ServingModel SOLVABLE =
            ServingModel.of(new ModelStore.StoredFactors("v1", new String[] {"a", "b", "c"}, new float[] {1, 0, 0, 1, 0.5f, 0.5f}, 2),
                    1.0, 10.0);

    @Property(tries = 500)
    void foldsAnyHistoryIntoAFiniteEmbeddingOrNone(@ForAll("histories") List<UserEmbedding.Observation> history,
            @ForAll("halfLives") Duration halfLife) {
        UserEmbedding embedding = UserEmbedding.refold(MODEL, halfLife, history);

        float[] vector = embedding.vector();

        assertEquals(MODEL.dimension(), vector.length);
        for (float x : vector) {
            assertTrue(Float.isFinite(x), () -> "entry " + x + " after " + history);
        }
        if (embedding.isEmpty()) {
            for (float x : vector) {
                assertEquals(0f, x, "an empty embedding ranks nothing");
            }
        }
    }

    @Property(tries = 500)
    void surpriseUnderAnyEmbeddingIsAShare(@ForAll("histories") List<UserEmbedding.Observation> history,
            @ForAll("halfLives") Duration halfLife) {
        UserEmbedding embedding = UserEmbedding.refold(MODEL, halfLife, history);
        InteractionSurprise surprise = MODEL.surprise();

        for (String item : ITEMS) {
            double s = surprise.surpriseOf(embedding.vector(), MODEL.vectorOf(item).orElseThrow());
            assertTrue(s >= 0 && s <= 1, () -> "surprise " + s);
        }
    }

    @Property(tries = 200)
    void foldsIncrementallyWhatItWouldRefold(@ForAll("validHistories") List<UserEmbedding.Observation> history) {
        UserEmbedding incremental = UserEmbedding.refold(SOLVABLE, Duration.ofDays(1), List.of());
        history.forEach(incremental::add);

        UserEmbedding refolded = UserEmbedding.refold(SOLVABLE, Duration.ofDays(1), history);

        float[] a = incremental.vector();
        float[] b = refolded.vector();
        for (int j = 0; j < a.length; j++) {
            assertEquals(b[j], a[j], 1e-6 * Math.max(1, Math.abs(b[j])));
        }
    }

    @Example
    void aSkipAfterTheVectorWasReadStillAgesTheEventsBeforeIt() {
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        readingTheVectorBetweenEventsChangesNothingItFolds(List.of(
                new UserEmbedding.Observation("a", InteractionWeights.of("click", null), t),
                new UserEmbedding.Observation("b", InteractionWeights.of("skip", null), t.plus(Duration.ofHours(12)))));
    }

    @Property(tries = 300)
    void readingTheVectorBetweenEventsChangesNothingItFolds(@ForAll("validHistories") List<UserEmbedding.Observation> history) {
        // The live entity solves the vector before each event, for the event's surprise; a refold (an audit's replay,
        // a recovered entity) solves once at the end. An event that adds nothing but time (a skip) must not leave the
        // earlier solution in place.
        UserEmbedding live = UserEmbedding.refold(SOLVABLE, Duration.ofDays(1), List.of());
        for (UserEmbedding.Observation o : history) {
            live.vector();
            live.add(o);
        }

        float[] a = live.vector();
        float[] b = UserEmbedding.refold(SOLVABLE, Duration.ofDays(1), history).vector();
        for (int j = 0; j < a.length; j++) {
            assertEquals(b[j], a[j], 1e-6 * Math.max(1, Math.abs(b[j])));
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<List<UserEmbedding.Observation>> histories() {
        Arbitrary<Instant> at = Arbitraries.oneOf(
                Arbitraries.longs().map(Instant::ofEpochMilli),
                Arbitraries.longs().between(788_918_400_000L, 1_900_000_000_000L).map(Instant::ofEpochMilli),
                Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH));
        Arbitrary<Double> weight = Arbitraries.oneOf(
                Arbitraries.doubles().between(0, 8),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, 1e308,
                        -1.0, 0.0, Double.MIN_VALUE));
        return Combinators.combine(Arbitraries.of(ITEMS), weight, at).as(UserEmbedding.Observation::new).list().ofMaxSize(40);
    }

    /** Histories as validation lets them through today: weights of real types, times in the accepted window. */
    @Provide
    Arbitrary<List<UserEmbedding.Observation>> validHistories() {
        Arbitrary<Instant> at = Arbitraries.longs().between(788_918_400_000L, 1_900_000_000_000L).map(Instant::ofEpochMilli);
        Arbitrary<Double> weight = Combinators.combine(Arbitraries.of(InteractionType.wireNames()),
                        Arbitraries.doubles().between(0, 10))
                .as(InteractionWeights::of);
        return Combinators.combine(Arbitraries.of("a", "b", "c"), weight, at).as(UserEmbedding.Observation::new)
                .list().ofMaxSize(30)
                .map(list -> list.stream().sorted(java.util.Comparator.comparing(UserEmbedding.Observation::at)).toList());
    }

    @Provide
    Arbitrary<Duration> halfLives() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, 10L * 365 * 86_400).map(Duration::ofSeconds),
                Arbitraries.of(Duration.ofMillis(1), Duration.ofDays(1), Duration.ofDays(365_000)));
    }
}
