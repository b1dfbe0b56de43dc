package io.murmuration.node.item;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;

/**
 * Measures the {@link AnnIndex} against its own exact scan on factor-like vectors, in one run: build time, recall@10
 * over the queries, and single-thread queries per second for several search settings and for the scan. Times are
 * medians over {@code -Dreps} repetitions. Not part of the test suite (no tests, only a main); run it by hand:
 *
 * <pre>
 * mvn -B -q -pl cluster-node test-compile
 * cd cluster-node &amp;&amp; java -cp target/test-classes:target/classes:$(cat target/runtime.classpath) \
 *     io.murmuration.node.item.AnnRecallBenchmark
 * </pre>
 *
 * Optional system properties: {@code items} (100000), {@code dimension} (64), {@code rank} (32) and {@code noise}
 * (0.5) of the synthetic factors, {@code queries} (1000), {@code reps} (3), {@code threads} (build pool size, all
 * cores), and the graph knobs {@code degree}, {@code buildBeam},
 * {@code overflow}, {@code alpha} (defaults from {@link AnnParameters#defaults()}).
 */
public final class AnnRecallBenchmark {

    private static final int K = 10;
    private static final Predicate<String> NOTHING = id -> false;

    public static void main(String[] args) {
        int items = Integer.getInteger("items", 100_000);
        int dimension = Integer.getInteger("dimension", 64);
        int queryCount = Integer.getInteger("queries", 1_000);
        int reps = Integer.getInteger("reps", 3);
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        AnnParameters defaults = AnnParameters.defaults();
        AnnParameters graphParams = defaults.withGraph(
                Integer.getInteger("degree", defaults.graphDegree()),
                Integer.getInteger("buildBeam", defaults.constructionBeamWidth()),
                Float.parseFloat(System.getProperty("overflow", Float.toString(defaults.neighbourOverflow()))),
                Float.parseFloat(System.getProperty("alpha", Float.toString(defaults.alpha()))));

        int rank = Integer.getInteger("rank", 32);
        float noise = Float.parseFloat(System.getProperty("noise", "0.5"));
        FactorLikeVectors generator = new FactorLikeVectors(dimension, rank, noise, 20261122L);
        String[] ids = FactorLikeVectors.ids(items);
        float[] factors = generator.items(items, 0.5);
        float[][] queries = new float[queryCount][];
        float[] flatQueries = generator.queries(queryCount);
        for (int q = 0; q < queryCount; q++) queries[q] = FactorLikeVectors.row(flatQueries, dimension, q);

        System.out.printf("JDK %s, %d cores, build pool %d threads; %d items × %d d (rank %d + noise %.2f, log-normal"
                + " norms), %d queries, k=%d, %d reps%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                threads, items, dimension, rank, noise, queryCount, K, reps);
        System.out.printf("graph: degree %d, construction beam %d, overflow %.2f, alpha %.2f%n", graphParams.graphDegree(),
                graphParams.constructionBeamWidth(), graphParams.neighbourOverflow(), graphParams.alpha());

        ForkJoinPool buildPool = new ForkJoinPool(threads);
        double[] buildSeconds = new double[reps];
        AnnIndex index = null;
        for (int r = 0; r < reps; r++) {
            long start = System.nanoTime();
            index = AnnIndex.build(ids, factors, dimension, graphParams, buildPool);
            buildSeconds[r] = (System.nanoTime() - start) / 1e9;
        }
        buildPool.shutdown();
        System.out.printf("build: median %.1f s (%s)%n", median(buildSeconds), Arrays.toString(round(buildSeconds)));

        List<List<ScoredItem>> truth = new ArrayList<>(queryCount);
        double[] exactQps = new double[reps];
        for (int r = -1; r < reps; r++) { // r = -1 warms the JIT up and records the truth
            long start = System.nanoTime();
            for (float[] q : queries) {
                List<ScoredItem> answer = index.exactSearch(q, K, NOTHING);
                if (r < 0) truth.add(answer);
            }
            if (r >= 0) exactQps[r] = queryCount / ((System.nanoTime() - start) / 1e9);
        }

        System.out.println();
        System.out.println("| search                         | recall@10 | queries/s (median) | speed-up vs scan |");
        System.out.println("|--------------------------------|-----------|--------------------|------------------|");
        int[][] settings = {{10, 10}, {30, 30}, {50, 50}, {100, 50}, {100, 100}, {200, 200}};
        double exact = median(exactQps);
        for (int[] setting : settings) {
            AnnIndex searched = index.withSearch(setting[0], setting[1]);
            double recall = 0;
            double[] qps = new double[reps];
            for (int r = -1; r < reps; r++) {
                long start = System.nanoTime();
                for (int q = 0; q < queryCount; q++) {
                    List<ScoredItem> answer = searched.search(queries[q], K, NOTHING);
                    if (r < 0) recall += FactorLikeVectors.overlap(answer, truth.get(q)) / (double) K;
                }
                if (r >= 0) qps[r] = queryCount / ((System.nanoTime() - start) / 1e9);
            }
            String label = String.format("graph: beam %d, rerank %d%s", setting[0], setting[1],
                    setting[0] == AnnParameters.defaults().searchBeamWidth()
                            && setting[1] == AnnParameters.defaults().rerankDepth() ? " *" : "");
            System.out.printf("| %-30s | %9.4f | %18.0f | %15.1f× |%n", label, recall / queryCount, median(qps),
                    median(qps) / exact);
        }
        System.out.printf("| %-30s | %9.4f | %18.0f | %15.1f× |%n", "exact scan", 1.0, exact, 1.0);
        System.out.println("(* = AnnParameters.defaults())");
    }


    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Each value to one decimal, for printing. */
    static double[] round(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = Math.round(values[i] * 10) / 10.0;
        return out;
    }
}
