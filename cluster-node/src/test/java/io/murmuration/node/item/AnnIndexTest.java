package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnnIndexTest {

    private static final int ITEMS = 2_000;
    private static final int DIMENSION = 16;
    private static final Predicate<String> NOTHING = id -> false;

    private static ForkJoinPool buildPool;
    private static float[] factors;
    private static float[] queries;
    private static AnnIndex index;

    @BeforeAll
    static void buildSmallCatalog() {
        buildPool = new ForkJoinPool(2);
        FactorLikeVectors generator = new FactorLikeVectors(DIMENSION, 8, 0.5f, 42L);
        factors = generator.items(ITEMS, 0.5);
        queries = generator.queries(200);
        index = AnnIndex.build(FactorLikeVectors.ids(ITEMS), factors, DIMENSION, AnnParameters.defaults(), buildPool);
    }

    @AfterAll
    static void stopPool() {
        buildPool.shutdown();
    }

    @Test
    void graphSearchFindsWhatTheExactScanFindsAtDefaultParameters() {
        assertTrue(index.hasGraph(), "2,000 items must be searched through the graph, not scanned");
        int queryCount = queries.length / DIMENSION;
        int hits = 0;
        for (int q = 0; q < queryCount; q++) {
            float[] query = FactorLikeVectors.row(queries, DIMENSION, q);
            hits += FactorLikeVectors.overlap(index.search(query, 10, NOTHING), index.exactSearch(query, 10, NOTHING));
        }
        double recall = hits / (10.0 * queryCount);
        System.out.printf("AnnIndexTest: recall@10 = %.4f over %d queries (%d items × %d d)%n", recall, queryCount,
                ITEMS, DIMENSION);
        assertTrue(recall >= 0.9, "recall@10 was " + recall);
    }

    @Test
    void scoresAreExactInnerProductsBestFirst() {
        float[] query = FactorLikeVectors.row(queries, DIMENSION, 3);

        List<ScoredItem> found = index.search(query, 20, NOTHING);

        assertEquals(20, found.size());
        for (int i = 0; i < found.size(); i++) {
            ScoredItem item = found.get(i);
            float[] vector = index.vectorOf(item.itemId()).orElseThrow();
            double expected = 0;
            for (int j = 0; j < DIMENSION; j++) expected += (double) query[j] * vector[j];
            assertEquals(expected, item.score(), 1e-9 * Math.max(1, Math.abs(expected)), item.itemId());
            if (i > 0) assertTrue(found.get(i - 1).score() >= item.score(), "not sorted at position " + i);
        }
    }

    @Test
    void excludedItemsAreNeverReturnedAndKResultsStillAre() {
        float[] query = FactorLikeVectors.row(queries, DIMENSION, 7);
        Set<String> seen = new HashSet<>();
        for (ScoredItem item : index.exactSearch(query, 30, NOTHING)) seen.add(item.itemId());

        List<ScoredItem> found = index.search(query, 10, seen::contains);

        assertEquals(10, found.size());
        for (ScoredItem item : found) assertFalse(seen.contains(item.itemId()), item.itemId() + " was excluded");
        assertTrue(FactorLikeVectors.overlap(found, index.exactSearch(query, 10, seen::contains)) >= 9);
    }

    /** The set's walk tests node numbers; the predicate's tests ids: the same answers, for any set. */
    @Test
    void excludingASetAnswersAsExcludingByItsContainsWhateverTheSet() {
        Random random = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            float[] query = FactorLikeVectors.row(queries, DIMENSION, random.nextInt(ITEMS / 10));
            Set<String> exclude = new HashSet<>();
            int size = random.nextInt(4) == 0 ? 0 : random.nextInt(trial % 2 == 0 ? 40 : ITEMS);
            for (int i = 0; i < size; i++) {
                // Some ids the index does not hold, as a user's history holds items of other shards.
                exclude.add(random.nextInt(5) == 0 ? "elsewhere-" + i : "item-" + random.nextInt(ITEMS));
            }
            int k = 1 + random.nextInt(30);

            List<ScoredItem> bySet = index.searchExcluding(query, k, exclude);

            assertEquals(index.search(query, k, exclude::contains), bySet, "trial " + trial + ", " + size + " excluded");
            for (ScoredItem item : bySet) assertFalse(exclude.contains(item.itemId()), item.itemId() + " was excluded");
        }
    }

    @Test
    void excludingAlmostEverythingStillReturnsWhatRemains() {
        float[] query = FactorLikeVectors.row(queries, DIMENSION, 11);
        Set<String> allowed = Set.of("item-5", "item-500", "item-1999");

        List<ScoredItem> found = index.search(query, 10, id -> !allowed.contains(id));

        assertEquals(allowed, Set.copyOf(found.stream().map(ScoredItem::itemId).toList()));
    }

    @Test
    void anEmptyIndexAnswersWithNothing() {
        AnnIndex empty = AnnIndex.build(new String[0], new float[0], 8, AnnParameters.defaults(), buildPool);

        assertEquals(0, empty.size());
        assertEquals(8, empty.dimension());
        assertEquals(List.of(), empty.search(new float[8], 10, NOTHING));
        assertEquals(List.of(), empty.exactSearch(new float[8], 10, NOTHING));
        assertTrue(empty.vectorOf("anything").isEmpty());
    }

    @Test
    void aLongItemOutranksPerfectlyAlignedShortOnesAsInTheExactScan() {
        // By cosine "aligned" (cos 1) beats "popular" (cos 0.29); by inner product "popular" (30) must win.
        int n = 1_500;
        float[] vectors = new FactorLikeVectors(DIMENSION, 8, 0.5f, 7L).items(n, 0.0);
        vectors[0] = 1; // item-0 = e0: aligned with the query, unit length
        for (int j = 1; j < DIMENSION; j++) vectors[j] = 0;
        vectors[DIMENSION] = 30; // item-1 = (30, 100, 0, …): long and mostly orthogonal to the query
        vectors[DIMENSION + 1] = 100;
        for (int j = 2; j < DIMENSION; j++) vectors[DIMENSION + j] = 0;
        AnnIndex unnormalised = AnnIndex.build(FactorLikeVectors.ids(n), vectors, DIMENSION, AnnParameters.defaults(), buildPool);
        float[] query = new float[DIMENSION];
        query[0] = 1;

        List<ScoredItem> found = unnormalised.search(query, 5, NOTHING);

        assertEquals(new ScoredItem("item-1", 30.0), found.get(0));
        assertEquals(found.get(0), unnormalised.exactSearch(query, 5, NOTHING).get(0));
        assertTrue(FactorLikeVectors.overlap(found, unnormalised.exactSearch(query, 5, NOTHING)) >= 4);
    }

    @Test
    void unitNormAndVaryingNormCatalogsBothMatchTheirExactScans() {
        FactorLikeVectors generator = new FactorLikeVectors(DIMENSION, 8, 0.5f, 99L);
        float[] varying = generator.items(ITEMS, 1.0);
        float[] unit = varying.clone();
        for (int i = 0; i < ITEMS; i++) {
            double norm = 0;
            for (int j = 0; j < DIMENSION; j++) norm += unit[i * DIMENSION + j] * unit[i * DIMENSION + j];
            for (int j = 0; j < DIMENSION; j++) unit[i * DIMENSION + j] /= (float) Math.sqrt(norm);
        }
        float[] userVectors = generator.queries(100);
        String[] ids = FactorLikeVectors.ids(ITEMS);

        double varyingRecall = recall(AnnIndex.build(ids, varying, DIMENSION, AnnParameters.defaults(), buildPool), userVectors);
        double unitRecall = recall(AnnIndex.build(ids, unit, DIMENSION, AnnParameters.defaults(), buildPool), userVectors);

        System.out.printf("AnnIndexTest: recall@10 varying norms %.4f, unit norms %.4f%n", varyingRecall, unitRecall);
        assertTrue(varyingRecall >= 0.9, "varying norms: recall@10 was " + varyingRecall);
        assertTrue(unitRecall >= 0.9, "unit norms: recall@10 was " + unitRecall);
    }

    @Test
    void recallDoesNotDependOnTheScaleOfTheFactors() {
        float[] large = factors.clone();
        for (int i = 0; i < large.length; i++) large[i] *= 50;
        AnnIndex scaled = AnnIndex.build(FactorLikeVectors.ids(ITEMS), large, DIMENSION, AnnParameters.defaults(), buildPool);

        double recall = recall(scaled, queries);

        assertTrue(recall >= 0.9, "factors × 50: recall@10 was " + recall);
    }

    @Test
    void tinyCatalogsAreScannedExactly() {
        AnnIndex tiny = AnnIndex.build(new String[] {"a", "b", "c"}, new float[] {1, 0, 0, 2, -1, -1}, 2,
                AnnParameters.defaults(), buildPool);

        assertFalse(tiny.hasGraph());
        assertEquals(List.of(new ScoredItem("b", 2.0), new ScoredItem("a", 0.0)), tiny.search(new float[] {0, 1}, 2, NOTHING));
        assertEquals(List.of(new ScoredItem("a", 0.0), new ScoredItem("c", -1.0)),
                tiny.search(new float[] {0, 1}, 5, "b"::equals));
    }

    @Test
    void vectorOfReturnsACopyOfTheItemsFactors() {
        float[] vector = index.vectorOf("item-42").orElseThrow();
        assertArrayEquals(FactorLikeVectors.row(factors, DIMENSION, 42), vector);

        vector[0] = 1e6f;

        assertArrayEquals(FactorLikeVectors.row(factors, DIMENSION, 42), index.vectorOf("item-42").orElseThrow());
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> AnnIndex.build(new String[] {"a", "b"}, new float[3], 2, AnnParameters.defaults(), buildPool));
        assertTrue(shape.getMessage().contains("expected 2 items × 2"), shape.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AnnIndex.build(new String[] {"a", "a"}, new float[4], 2, AnnParameters.defaults(), buildPool));
        assertThrows(IllegalArgumentException.class, () -> index.search(new float[DIMENSION + 1], 10, NOTHING));
        IllegalArgumentException knob = assertThrows(IllegalArgumentException.class,
                () -> AnnParameters.defaults().withRerankDepth(0));
        assertTrue(knob.getMessage().startsWith("rerankDepth"), knob.getMessage());
    }

    private static double recall(AnnIndex annIndex, float[] userVectors) {
        int queryCount = userVectors.length / DIMENSION;
        int hits = 0;
        for (int q = 0; q < queryCount; q++) {
            float[] query = FactorLikeVectors.row(userVectors, DIMENSION, q);
            hits += FactorLikeVectors.overlap(annIndex.search(query, 10, NOTHING), annIndex.exactSearch(query, 10, NOTHING));
        }
        return hits / (10.0 * queryCount);
    }
}
