package io.murmuration.node.item;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Maximum-inner-product search over one model version's item factors: a graph index for speed, answers always
 * scored with the exact inner product. jvector builds the graph with DOT_PRODUCT on the factors without normalising
 * them one by one, because large-norm items must win as they do in an exact scan; the copy it builds on is only
 * shrunk by one common factor into the unit ball, which keeps every item's rank but puts the scores in the range
 * jvector expects. The built graph is frozen into a {@link FrozenGraph} and walked on the original factors; the
 * best {@code rerankDepth} candidates are then re-scored exactly. Immutable once built and safe to search from any
 * number of threads.
 */
public final class AnnIndex {

    private static final VectorTypeSupport VECTORS = VectorizationProvider.getInstance().getVectorTypeSupport();

    private final String[] itemIds;
    private final float[][] rows;
    private final int dimension;
    private final Map<String, Integer> ordinals;
    private final AnnParameters params;
    private final FrozenGraph graph;
    // Each query borrows the working memory of a walk, so concurrent queries never share one.
    private final Queue<FrozenGraph.Scratch> idleScratch = new ConcurrentLinkedQueue<>();

    private AnnIndex(String[] itemIds, float[][] rows, int dimension, Map<String, Integer> ordinals,
            AnnParameters params, FrozenGraph graph) {
        this.itemIds = itemIds;
        this.rows = rows;
        this.dimension = dimension;
        this.ordinals = ordinals;
        this.params = params;
        this.graph = graph;
    }

    /**
     * Builds the index over {@code itemIds.length} items whose factors are the rows of {@code factors}
     * (row-major, {@code itemIds.length × dimension}). The inputs are copied. The graph is built on
     * {@code buildPool}, which the caller owns and sizes (jvector runs parallel streams inside it, so it must be a
     * fork-join pool; the common pool has a single thread on a two-core machine).
     */
    public static AnnIndex build(String[] itemIds, float[] factors, int dimension, AnnParameters params,
            ForkJoinPool buildPool) {
        Objects.requireNonNull(buildPool, "buildPool");
        return create(itemIds, factors, dimension, params, buildPool);
    }

    /**
     * The same items without a graph, whatever their number: every search scans them all, exactly. Built in
     * milliseconds, so a starting shard can serve its version while the graph is being built.
     */
    public static AnnIndex scanOnly(String[] itemIds, float[] factors, int dimension, AnnParameters params) {
        return create(itemIds, factors, dimension, params, null);
    }

    /** With a graph built on {@code buildPool} when the catalog is large enough for one; none when the pool is null. */
    private static AnnIndex create(String[] itemIds, float[] factors, int dimension, AnnParameters params,
            ForkJoinPool buildPool) {
        Objects.requireNonNull(itemIds, "itemIds");
        Objects.requireNonNull(factors, "factors");
        Objects.requireNonNull(params, "params");
        if (dimension < 1) throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        int n = itemIds.length;
        if ((long) n * dimension != factors.length) {
            throw new IllegalArgumentException("factors has " + factors.length + " values, expected " + n + " items × "
                    + dimension + " = " + (long) n * dimension);
        }

        String[] ids = itemIds.clone();
        float[][] rows = new float[n][];
        Map<String, Integer> ordinals = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            Objects.requireNonNull(ids[i], "itemIds[" + i + "]");
            if (ordinals.putIfAbsent(ids[i], i) != null) throw new IllegalArgumentException("duplicate item id " + ids[i]);
            rows[i] = Arrays.copyOfRange(factors, i * dimension, (i + 1) * dimension);
            for (float v : rows[i]) {
                // One NaN would make every comparison against that item meaningless.
                if (!Float.isFinite(v)) throw new IllegalArgumentException("item " + ids[i] + " has a non-finite factor");
            }
        }

        if (buildPool == null || n == 0 || n < params.exactScanBelow()) {
            return new AnnIndex(ids, rows, dimension, Map.copyOf(ordinals), params, null);
        }
        try (ImmutableGraphIndex built = buildGraph(rows, dimension, params, buildPool)) {
            return new AnnIndex(ids, rows, dimension, Map.copyOf(ordinals), params, FrozenGraph.of(built));
        } catch (IOException e) {
            throw new UncheckedIOException("closing the built graph", e);
        }
    }

    /** jvector's graph over {@code rows}, built as {@link #build} describes; package-private for the benchmarks. */
    static ImmutableGraphIndex buildGraph(float[][] rows, int dimension, AnnParameters params, ForkJoinPool buildPool) {
        double maxNorm = 0;
        for (float[] row : rows) maxNorm = Math.max(maxNorm, Math.sqrt(innerProduct(row, row)));
        // jvector 4.0.2 loses most of its recall when inner products run far outside [-1, 1] (measured: 0.53 vs 0.99).
        double shrink = maxNorm > 0 ? 1.0 / maxNorm : 1.0;
        List<VectorFloat<?>> wrapped = new ArrayList<>(rows.length);
        for (float[] row : rows) wrapped.add(VECTORS.createFloatVector(scaled(row, shrink)));
        RandomAccessVectorValues vectors = new ListRandomAccessVectorValues(wrapped, dimension);
        // Two degree entries pin the layered graph on, whatever jvector's process-wide (JMX) default says.
        try (GraphIndexBuilder builder = GraphIndexBuilder
                .builder(vectors, VectorSimilarityFunction.DOT_PRODUCT, List.of(params.graphDegree(), params.graphDegree()))
                .withBeamWidth(params.constructionBeamWidth())
                .withNeighborOverflow(params.neighbourOverflow())
                .withAlpha(params.alpha())
                .withSimdExecutor(buildPool)
                .withParallelExecutor(buildPool)
                .build()) {
            return builder.build(vectors);
        } catch (IOException e) {
            throw new UncheckedIOException("closing the graph builder", e);
        }
    }

    /**
     * The {@code k} items with the largest inner product with {@code query}, best first, scored exactly, never an
     * item {@code exclude} accepts. Fewer than {@code k} only when fewer items remain once the excluded are removed.
     */
    public List<ScoredItem> search(float[] query, int k, Predicate<String> exclude) {
        checkQuery(query, k, exclude);
        return walk(query, k, exclude, node -> !exclude.test(itemIds[node]));
    }

    /**
     * {@link #search} without the items of {@code exclude}. The set's items are looked up in the index once, and the
     * walk tests node numbers: testing every visited node's id against a set hashed a string per node, a tenth of the
     * node's CPU on an active user's request (profiled, docs/BENCHMARKS.md "Production rates").
     */
    public List<ScoredItem> searchExcluding(float[] query, int k, Set<String> exclude) {
        checkQuery(query, k, exclude::contains);
        if (exclude.isEmpty()) return walk(query, k, id -> false, node -> true);
        int[] excluded = new int[exclude.size()];
        int count = 0;
        for (String itemId : exclude) {
            Integer node = ordinals.get(itemId);
            if (node != null) excluded[count++] = node;
        }
        int[] sorted = Arrays.copyOf(excluded, count);
        Arrays.sort(sorted);
        return walk(query, k, exclude::contains, node -> Arrays.binarySearch(sorted, node) < 0);
    }

    /** The search itself: {@code admissible} says by node number what {@code exclude} says by item id. */
    private List<ScoredItem> walk(float[] query, int k, Predicate<String> exclude, IntPredicate admissible) {
        if (k == 0 || rows.length == 0) return List.of();
        if (graph == null) return exactSearch(query, k, exclude);

        int wanted = Math.min(k, rows.length);
        int depth = Math.max(params.rerankDepth(), wanted);
        int beam = Math.max(params.searchBeamWidth(), depth);
        // Exclusions go into the walk itself, so the graph keeps searching until it has depth admissible candidates.
        int[] found = new int[depth];
        FrozenGraph.Scratch scratch = borrowScratch();
        int count;
        try {
            count = graph.search(node -> walkScore(query, rows[node]), admissible, depth, beam, scratch, found);
        } finally {
            idleScratch.add(scratch);
        }
        // The walk ran out of admissible nodes it could reach: only a scan can still tell whether enough remain.
        if (count < wanted) return exactSearch(query, k, exclude);

        TopK best = new TopK(wanted);
        for (int i = 0; i < count; i++) {
            double score = innerProduct(query, rows[found[i]]);
            if (best.admits(score, itemIds[found[i]])) best.offer(found[i], score);
        }
        return best.ranked();
    }

    /** The exact answer to {@link #search}: a scan of every item. The truth for recall, and the path for tiny catalogs. */
    public List<ScoredItem> exactSearch(float[] query, int k, Predicate<String> exclude) {
        checkQuery(query, k, exclude);
        if (k == 0 || rows.length == 0) return List.of();
        TopK best = new TopK(Math.min(k, rows.length));
        for (int node = 0; node < rows.length; node++) {
            double score = innerProduct(query, rows[node]);
            // The predicate may be costly: ask it only about items that would enter the current top k.
            if (best.admits(score, itemIds[node]) && !exclude.test(itemIds[node])) best.offer(node, score);
        }
        return best.ranked();
    }

    /**
     * The same items and graph searched with another beam width and re-rank depth: query-time knobs can be tuned
     * without a rebuild. The build-time knobs of the result stay those the graph was built with.
     */
    public AnnIndex withSearch(int searchBeamWidth, int rerankDepth) {
        AnnParameters searchParams = params.withSearchBeamWidth(searchBeamWidth).withRerankDepth(rerankDepth);
        return new AnnIndex(itemIds, rows, dimension, ordinals, searchParams, graph);
    }

    public AnnParameters parameters() {
        return params;
    }

    public int size() {
        return rows.length;
    }

    public int dimension() {
        return dimension;
    }

    /** True when searches walk a graph, false when this catalog is small enough to be scanned. */
    public boolean hasGraph() {
        return graph != null;
    }

    /** A copy of the item's factor vector, if the item is in this index. */
    public Optional<float[]> vectorOf(String itemId) {
        Integer node = ordinals.get(itemId);
        return node == null ? Optional.empty() : Optional.of(rows[node].clone());
    }

    private FrozenGraph.Scratch borrowScratch() {
        FrozenGraph.Scratch scratch = idleScratch.poll();
        return scratch != null ? scratch : new FrozenGraph.Scratch();
    }

    private void checkQuery(float[] query, int k, Predicate<String> exclude) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(exclude, "exclude");
        if (query.length != dimension) {
            throw new IllegalArgumentException("query has dimension " + query.length + ", index has " + dimension);
        }
        if (k < 0) throw new IllegalArgumentException("k must not be negative, was " + k);
    }

    private static float[] scaled(float[] vector, double factor) {
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) out[i] = (float) (vector[i] * factor);
        return out;
    }

    /**
     * The inner product in float with eight independent sums, so the additions overlap instead of waiting on each
     * other. Only orders the walk; answers are re-scored by {@link #innerProduct}.
     */
    static float walkScore(float[] q, float[] y) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (int end = q.length - 7; i < end; i += 8) {
            s0 += q[i] * y[i];
            s1 += q[i + 1] * y[i + 1];
            s2 += q[i + 2] * y[i + 2];
            s3 += q[i + 3] * y[i + 3];
            s4 += q[i + 4] * y[i + 4];
            s5 += q[i + 5] * y[i + 5];
            s6 += q[i + 6] * y[i + 6];
            s7 += q[i + 7] * y[i + 7];
        }
        for (; i < q.length; i++) s0 += q[i] * y[i];
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Accumulated in double with four lanes: both search paths share it, so their scores agree to the last bit. */
    static double innerProduct(float[] a, float[] b) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int end = a.length - 3; i < end; i += 4) {
            s0 += (double) a[i] * b[i];
            s1 += (double) a[i + 1] * b[i + 1];
            s2 += (double) a[i + 2] * b[i + 2];
            s3 += (double) a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) s0 += (double) a[i] * b[i];
        return (s0 + s1) + (s2 + s3);
    }

    /** A bounded min-heap of the best nodes seen so far, ordered like the answer (score, then item id). */
    private final class TopK {
        private final int capacity;
        private final int[] nodes;
        private final double[] scores;
        private int size;

        TopK(int capacity) {
            this.capacity = capacity;
            this.nodes = new int[capacity];
            this.scores = new double[capacity];
        }

        /** Whether an item with this score would enter the current top k. */
        boolean admits(double score, String itemId) {
            return size < capacity || isBetter(score, itemId, scores[0], itemIds[nodes[0]]);
        }

        /** Adds a node that {@link #admits} accepted, dropping the current worst if full. */
        void offer(int node, double score) {
            if (size < capacity) {
                nodes[size] = node;
                scores[size] = score;
                siftUp(size++);
            } else {
                nodes[0] = node;
                scores[0] = score;
                siftDown(0);
            }
        }

        List<ScoredItem> ranked() {
            List<ScoredItem> items = new ArrayList<>(size);
            for (int i = 0; i < size; i++) items.add(new ScoredItem(itemIds[nodes[i]], scores[i]));
            items.sort(ScoredItem.BEST_FIRST);
            return List.copyOf(items);
        }

        private boolean isBetter(double score, String itemId, double otherScore, String otherId) {
            return score > otherScore || (score == otherScore && itemId.compareTo(otherId) < 0);
        }

        private boolean worse(int i, int j) {
            return isBetter(scores[j], itemIds[nodes[j]], scores[i], itemIds[nodes[i]]);
        }

        private void siftUp(int i) {
            while (i > 0) {
                int parent = (i - 1) / 2;
                if (!worse(i, parent)) return;
                swap(i, parent);
                i = parent;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int worst = i;
                int left = 2 * i + 1;
                int right = left + 1;
                if (left < size && worse(left, worst)) worst = left;
                if (right < size && worse(right, worst)) worst = right;
                if (worst == i) return;
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int i, int j) {
            int node = nodes[i];
            nodes[i] = nodes[j];
            nodes[j] = node;
            double score = scores[i];
            scores[i] = scores[j];
            scores[j] = score;
        }
    }
}
