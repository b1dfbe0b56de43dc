package io.murmuration.node.item;

import io.murmuration.node.model.training.AlsParameters;
import io.murmuration.node.model.training.FactorModel;
import io.murmuration.node.model.training.ImplicitAls;
import io.murmuration.node.model.training.InteractionMatrix;
import io.murmuration.node.model.training.TrainingSet;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.ParseResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;

/**
 * Measures the {@link AnnIndex} against its own exact scan on factors trained by {@link ImplicitAls} from an
 * interaction log, where {@link AnnRecallBenchmark} uses synthetic factor-like vectors: build time, recall@10 and
 * single-thread queries per second for several search settings and for the scan. The queries are the trained
 * vectors of users drawn with a fixed seed, searched once with nothing excluded and once without the items each
 * user already consumed, as serving asks. Times are medians over {@code -Dreps} repetitions, on the wall clock and
 * on the searching thread's CPU clock (the second counts less of what other processes on a shared machine do).
 * Not part of the test suite (no tests, only a main); run it by hand:
 *
 * <pre>
 * bench/bin/generate --out /tmp/recall-1m.jsonl --events 1000000 --items 100000 --users 100000 \
 *     --popularity-exponent 0.5
 * mvn -B -q -pl cluster-node -am test-compile
 * cd cluster-node &amp;&amp; java -Xmx8g -cp target/test-classes:target/classes:$(cat target/runtime.classpath) \
 *     io.murmuration.node.item.TrainedAnnRecallBenchmark /tmp/recall-1m.jsonl
 * </pre>
 *
 * Arguments: {@code LOG.jsonl [factors=64] [iterations=10] [lambda=1.0] [alpha=10] [threads=2]}; apart from d,
 * the defaults are the trainer's in {@code reference.conf}, and {@code threads} sizes both the training and the
 * index build pool. Optional system properties: {@code shards} (1; S measures the items one shard of S holds), {@code queries} (1000 users), {@code reps} (3) and {@code seed}
 * (20261122, of the user draw). The index always has {@link AnnParameters#defaults()}.
 */
public final class TrainedAnnRecallBenchmark {

    private static final int K = 10;
    // The trainer's seed in reference.conf, so the factors are those a node would train from the same log.
    private static final long TRAINING_SEED = 42L;
    private static final int[][] SEARCH_SETTINGS =
            {{10, 10}, {20, 20}, {30, 30}, {50, 50}, {100, 50}, {100, 100}, {200, 200}};
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TrainedAnnRecallBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: TrainedAnnRecallBenchmark LOG.jsonl [factors=64] [iterations=10] [lambda=1.0]"
                    + " [alpha=10] [threads=2]");
            System.exit(2);
        }
        Path log = Path.of(args[0]);
        int factors = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        double lambda = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
        double alpha = args.length > 4 ? Double.parseDouble(args[4]) : 10.0;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        int queryCount = Integer.getInteger("queries", 1_000);
        int reps = Integer.getInteger("reps", 3);
        long querySeed = Long.getLong("seed", 20261122L);
        AlsParameters als = new AlsParameters(factors, iterations, lambda, alpha, TRAINING_SEED, threads);

        System.out.printf("JDK %s, %d cores; log %s; iALS d=%d, %d iterations, lambda %.3f, alpha %.1f, %d threads;"
                + " %d query users (seed %d), k=%d, %d reps%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), log, factors, iterations, lambda, alpha, threads,
                queryCount, querySeed, K, reps);

        long readStart = System.nanoTime();
        TrainingSet.Split split = read(log).split(0);
        InteractionMatrix matrix = split.training();
        System.out.printf("matrix: %,d users × %,d items, %,d distinct pairs, read in %.1f s%n", matrix.users(),
                matrix.items(), matrix.nonZeros(), (System.nanoTime() - readStart) / 1e9);

        long trainStart = System.nanoTime();
        FactorModel model = new ImplicitAls(als).train(matrix).model();
        System.out.printf("training: %.1f s%n", (System.nanoTime() - trainStart) / 1e9);
        float[] itemFactors = model.itemFactors();
        String[] itemIds = split.itemIds();
        // -Dshards=S measures what one item shard of S holds (shard 0), as a node serves it.
        int shards = Integer.getInteger("shards", 1);
        if (shards > 1) {
            List<Integer> own = new ArrayList<>();
            for (int i = 0; i < itemIds.length; i++) {
                if (ItemShard.shardOf(itemIds[i], shards) == 0) own.add(i);
            }
            String[] ownIds = new String[own.size()];
            float[] ownFactors = new float[own.size() * factors];
            for (int r = 0; r < own.size(); r++) {
                ownIds[r] = itemIds[own.get(r)];
                System.arraycopy(itemFactors, own.get(r) * factors, ownFactors, r * factors, factors);
            }
            System.out.printf("shard 0 of %d: %,d of %,d items%n", shards, ownIds.length, itemIds.length);
            itemIds = ownIds;
            itemFactors = ownFactors;
        }
        System.out.println("item norms: " + normSummary(itemFactors, factors));
        System.out.println("user norms: " + normSummary(model.userFactors(), factors));

        AnnParameters params = AnnParameters.defaults();
        System.out.printf("graph: degree %d, construction beam %d, overflow %.2f, alpha %.2f; build pool %d threads%n",
                params.graphDegree(), params.constructionBeamWidth(), params.neighbourOverflow(), params.alpha(),
                threads);
        ForkJoinPool buildPool = new ForkJoinPool(threads);
        double[] buildSeconds = new double[reps];
        AnnIndex index = null;
        for (int r = 0; r < reps; r++) {
            long start = System.nanoTime();
            index = AnnIndex.build(itemIds, itemFactors, factors, params, buildPool);
            buildSeconds[r] = (System.nanoTime() - start) / 1e9;
        }
        buildPool.shutdown();
        System.out.printf("index: %,d items, graph %s; build median %.1f s (%s)%n", index.size(), index.hasGraph(),
                AnnRecallBenchmark.median(buildSeconds), Arrays.toString(AnnRecallBenchmark.round(buildSeconds)));

        int[] queryUsers = drawUsers(matrix, queryCount, querySeed);
        float[][] queries = new float[queryUsers.length][];
        List<Predicate<String>> nothing = new ArrayList<>();
        List<Predicate<String>> consumed = new ArrayList<>();
        long consumedTotal = 0;
        for (int q = 0; q < queryUsers.length; q++) {
            queries[q] = model.userVector(queryUsers[q]);
            Set<String> seen = new HashSet<>();
            for (int item : matrix.itemsOf(queryUsers[q])) seen.add(split.itemIds()[item]);
            consumedTotal += seen.size();
            nothing.add(id -> false);
            // Serving passes its exclusions as a set's contains, so the cost of asking is the same here.
            consumed.add(seen::contains);
        }

        measure("nothing excluded", index, queries, nothing, reps);
        measure(String.format("each user's consumed items excluded (mean %.1f per user)",
                consumedTotal / (double) queryUsers.length), index, queries, consumed, reps);
        System.out.println("(* = AnnParameters.defaults(); speed-up on the CPU clock)");
    }

    /** Every positive interaction of the log, numbered as training numbers them; refused lines are counted. */
    private static TrainingSet read(Path log) throws IOException {
        TrainingSet set = new TrainingSet();
        InteractionEventCodec codec = new InteractionEventCodec();
        long lines = 0;
        long refused = 0;
        String firstRefusal = null;
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                ParseResult result = codec.parse(line.getBytes(StandardCharsets.UTF_8));
                if (result instanceof ParseResult.Valid valid) {
                    InteractionEvent e = valid.event();
                    set.add(e.userId(), e.itemId(), e.type().wireName(), e.value(), e.timestamp());
                } else if (result instanceof ParseResult.Invalid invalid) {
                    refused++;
                    if (firstRefusal == null) {
                        firstRefusal = "line " + lines + ": " + invalid.error().field() + " " + invalid.error().reason();
                    }
                }
            }
        }
        System.out.printf("log: %,d lines, %,d positive interactions, %,d refused%s%n", lines, set.size(), refused,
                firstRefusal == null ? "" : " (first: " + firstRefusal + ")");
        return set;
    }

    /** {@code count} distinct users with at least one interaction, the same ones for the same seed and log. */
    private static int[] drawUsers(InteractionMatrix matrix, int count, long seed) {
        List<Integer> active = new ArrayList<>();
        for (int user = 0; user < matrix.users(); user++) {
            if (matrix.itemCount(user) > 0) active.add(user);
        }
        Collections.shuffle(active, new Random(seed));
        return active.subList(0, Math.min(count, active.size())).stream().mapToInt(Integer::intValue).toArray();
    }

    /** Prints one table: each search setting and the exact scan, every query with its own exclusions. */
    private static void measure(String workload, AnnIndex index, float[][] queries, List<Predicate<String>> excluded,
            int reps) {
        int n = queries.length;
        List<List<ScoredItem>> truth = new ArrayList<>(n);
        double[] exactWall = new double[reps];
        double[] exactCpu = new double[reps];
        for (int r = -1; r < reps; r++) { // r = -1 warms the JIT up and records the truth
            long wall = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            for (int q = 0; q < n; q++) {
                List<ScoredItem> answer = index.exactSearch(queries[q], K, excluded.get(q));
                if (r < 0) truth.add(answer);
            }
            if (r >= 0) {
                exactWall[r] = n / ((System.nanoTime() - wall) / 1e9);
                exactCpu[r] = n / ((THREADS.getCurrentThreadCpuTime() - cpu) / 1e9);
            }
        }
        Set<String> answered = new HashSet<>();
        for (List<ScoredItem> answer : truth) for (ScoredItem item : answer) answered.add(item.itemId());

        System.out.println();
        System.out.printf("%s: the exact top %d of %d queries name %,d distinct items%n", workload, K, n,
                answered.size());
        System.out.println("| search                         | recall@10 | all 10 found | queries/s wall | queries/s CPU"
                + " | speed-up vs scan |");
        System.out.println("|--------------------------------|-----------|--------------|----------------|--------------"
                + "-|------------------|");
        // Other processes' turns on a shared machine count on the wall clock, so the speed-up compares CPU time.
        double exact = AnnRecallBenchmark.median(exactCpu);
        for (int[] setting : SEARCH_SETTINGS) {
            AnnIndex searched = index.withSearch(setting[0], setting[1]);
            int found = 0;
            int complete = 0;
            double[] wallQps = new double[reps];
            double[] cpuQps = new double[reps];
            for (int r = -1; r < reps; r++) {
                long wall = System.nanoTime();
                long cpu = THREADS.getCurrentThreadCpuTime();
                for (int q = 0; q < n; q++) {
                    List<ScoredItem> answer = searched.search(queries[q], K, excluded.get(q));
                    if (r < 0) {
                        int overlap = FactorLikeVectors.overlap(answer, truth.get(q));
                        found += overlap;
                        if (overlap == truth.get(q).size()) complete++;
                    }
                }
                if (r >= 0) {
                    wallQps[r] = n / ((System.nanoTime() - wall) / 1e9);
                    cpuQps[r] = n / ((THREADS.getCurrentThreadCpuTime() - cpu) / 1e9);
                }
            }
            String label = String.format("graph: beam %d, rerank %d%s", setting[0], setting[1],
                    setting[0] == AnnParameters.defaults().searchBeamWidth()
                            && setting[1] == AnnParameters.defaults().rerankDepth() ? " *" : "");
            System.out.printf("| %-30s | %9.4f | %12.3f | %14.0f | %13.0f | %15.1f× |%n", label,
                    found / (double) (K * n), complete / (double) n, AnnRecallBenchmark.median(wallQps), AnnRecallBenchmark.median(cpuQps),
                    AnnRecallBenchmark.median(cpuQps) / exact);
        }
        System.out.printf("| %-30s | %9.4f | %12.3f | %14.0f | %13.0f | %15.1f× |%n", "exact scan", 1.0, 1.0,
                AnnRecallBenchmark.median(exactWall), exact, 1.0);
    }

    /** Percentiles of the row norms: how far apart large- and small-norm vectors are, which MIPS graphs feel. */
    private static String normSummary(float[] rows, int dimension) {
        int n = rows.length / dimension;
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = i * dimension; j < (i + 1) * dimension; j++) sum += (double) rows[j] * rows[j];
            norms[i] = Math.sqrt(sum);
        }
        Arrays.sort(norms);
        return String.format("min %.3g, p10 %.3g, median %.3g, p90 %.3g, p99 %.3g, max %.3g", norms[0],
                norms[(int) (0.1 * (n - 1))], norms[(n - 1) / 2], norms[(int) (0.9 * (n - 1))],
                norms[(int) (0.99 * (n - 1))], norms[n - 1]);
    }
}
