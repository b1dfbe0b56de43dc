package io.murmuration.node.item;

import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.util.Bits;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;

/**
 * One jvector graph walked two ways, side by side in one run: jvector's own {@link GraphSearcher} over its in-memory
 * graph, and {@link FrozenGraph} over the same edges copied into arrays. Both score nodes with the same function
 * ({@link AnnIndex#walkScore} on the original factors) and keep the same beam, so the figures differ only in how the
 * walk is carried out. Prints recall@10 of each walk's top 10 against an exact scan, and the median microseconds
 * per query over alternating repetitions. Not part of the test suite (only a main); run it by hand:
 *
 * <pre>
 * mvn -B -q -pl cluster-node test-compile
 * cd cluster-node &amp;&amp; java -cp target/test-classes:target/classes:$(cat target/runtime.classpath) \
 *     -Ditems=12500 -Ddimension=32 io.murmuration.node.item.GraphWalkBenchmark
 * </pre>
 *
 * Optional system properties: {@code items} (12500, one of 8 shards of 100k), {@code dimension} (32),
 * {@code queries} (2000), {@code reps} (7), {@code beam} (30, the shards' default).
 */
public final class GraphWalkBenchmark {

    private static final int K = 10;

    public static void main(String[] args) {
        int items = Integer.getInteger("items", 12_500);
        int dimension = Integer.getInteger("dimension", 32);
        int queryCount = Integer.getInteger("queries", 2_000);
        int reps = Integer.getInteger("reps", 7);
        int beam = Integer.getInteger("beam", 30);

        FactorLikeVectors generator = new FactorLikeVectors(dimension, Math.min(32, dimension), 0.5f, 20261122L);
        float[] factors = generator.items(items, 0.5);
        float[][] rows = new float[items][];
        for (int i = 0; i < items; i++) rows[i] = FactorLikeVectors.row(factors, dimension, i);
        float[] flatQueries = generator.queries(queryCount);
        float[][] queries = new float[queryCount][];
        for (int q = 0; q < queryCount; q++) queries[q] = FactorLikeVectors.row(flatQueries, dimension, q);

        ForkJoinPool buildPool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        ImmutableGraphIndex graph = AnnIndex.buildGraph(rows, dimension, AnnParameters.defaults(), buildPool);
        buildPool.shutdown();
        FrozenGraph frozen = FrozenGraph.of(graph);
        System.out.printf("JDK %s, %d cores; %,d items × %d d, %,d queries, beam %d, top %d, %d reps%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), items, dimension, queryCount, beam, K, reps);

        Set<Integer>[] truth = exactTop(rows, queries);
        GraphSearcher searcher = new GraphSearcher(graph);
        FrozenGraph.Scratch scratch = new FrozenGraph.Scratch();
        int[] found = new int[beam];
        double[] jvectorMicros = new double[reps];
        double[] frozenMicros = new double[reps];
        double jvectorRecall = 0;
        double frozenRecall = 0;
        for (int r = -1; r < reps; r++) { // r = -1 warms both up and measures recall
            long start = System.nanoTime();
            for (int q = 0; q < queryCount; q++) {
                float[] query = queries[q];
                SearchResult.NodeScore[] nodes = searcher.search(new DefaultSearchScoreProvider(
                                (ScoreFunction.ExactScoreFunction) node -> AnnIndex.walkScore(query, rows[node])),
                        K, beam, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Bits.ALL).getNodes();
                if (r < 0) {
                    for (SearchResult.NodeScore n : nodes) if (truth[q].contains(n.node)) jvectorRecall += 1.0 / K;
                }
            }
            long middle = System.nanoTime();
            for (int q = 0; q < queryCount; q++) {
                float[] query = queries[q];
                int count = frozen.search(node -> AnnIndex.walkScore(query, rows[node]), node -> true, K, beam, scratch, found);
                if (r < 0) {
                    for (int i = 0; i < count; i++) if (truth[q].contains(found[i])) frozenRecall += 1.0 / K;
                }
            }
            long end = System.nanoTime();
            if (r >= 0) {
                jvectorMicros[r] = (middle - start) / 1e3 / queryCount;
                frozenMicros[r] = (end - middle) / 1e3 / queryCount;
            }
        }
        double jvector = AnnRecallBenchmark.median(jvectorMicros);
        double flat = AnnRecallBenchmark.median(frozenMicros);
        System.out.println();
        System.out.println("| walk                          | recall@10 | µs per query (median) |");
        System.out.println("|-------------------------------|-----------|-----------------------|");
        System.out.printf("| jvector GraphSearcher         | %9.4f | %21.1f |%n", jvectorRecall / queryCount, jvector);
        System.out.printf("| FrozenGraph (same edges)      | %9.4f | %21.1f |%n", frozenRecall / queryCount, flat);
        System.out.printf("FrozenGraph is %.2f× as fast (per-repetition times: jvector %s, frozen %s)%n", jvector / flat,
                Arrays.toString(AnnRecallBenchmark.round(jvectorMicros)), Arrays.toString(AnnRecallBenchmark.round(frozenMicros)));
    }

    @SuppressWarnings("unchecked")
    private static Set<Integer>[] exactTop(float[][] rows, float[][] queries) {
        Set<Integer>[] truth = new Set[queries.length];
        for (int q = 0; q < queries.length; q++) {
            Integer[] order = new Integer[rows.length];
            double[] scores = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                order[i] = i;
                scores[i] = AnnIndex.innerProduct(queries[q], rows[i]);
            }
            Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
            truth[q] = new HashSet<>(Arrays.asList(order).subList(0, K));
        }
        return truth;
    }
}
