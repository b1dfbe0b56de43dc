package io.murmuration.node.model.serving;

import io.murmuration.node.drift.InteractionSurprise;
import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.model.versions.ModelStore.StoredFactors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * The active model version as every node holds it in memory, read-only: the item factors, the version's Gram
 * matrix G = YᵀY + λI and its confidence slope α, which is all a user's fold-in needs, so a fold-in never waits
 * on a message; and the reference sample that a consumed item's surprise is measured against. Built once per
 * version from the model store; safe to share between threads.
 */
public final class ServingModel {

    /** Reference items per version for {@link #surprise()}: standard error of a surprise at most 0.031. */
    public static final int SURPRISE_SAMPLE_SIZE = 256;

    private final String versionId;
    private final int dimension;
    private final double alpha;
    private final float[] factors;
    private final Map<String, Integer> rows;
    private final double[] gram;
    private volatile InteractionSurprise surprise;

    private ServingModel(String versionId, int dimension, double alpha, float[] factors, Map<String, Integer> rows,
            double[] gram) {
        this.versionId = versionId;
        this.dimension = dimension;
        this.alpha = alpha;
        this.factors = factors;
        this.rows = rows;
        this.gram = gram;
    }

    /** The serving form of stored factors trained with {@code lambda} and {@code alpha}. */
    public static ServingModel of(StoredFactors stored, double lambda, double alpha) {
        Map<String, Integer> rows = new HashMap<>(stored.itemIds().length * 2);
        for (int i = 0; i < stored.itemIds().length; i++) {
            rows.put(stored.itemIds()[i], i);
        }
        return new ServingModel(stored.versionId(), stored.dimension(), alpha, stored.factors(), Map.copyOf(rows),
                FoldIn.gram(stored.factors(), stored.dimension(), lambda));
    }

    public String versionId() {
        return versionId;
    }

    public int dimension() {
        return dimension;
    }

    public double alpha() {
        return alpha;
    }

    public int items() {
        return rows.size();
    }

    /** G = YᵀY + λI, full d×d row-major; shared, so callers must not write to it. */
    double[] gram() {
        return gram;
    }

    /** The row of the item in {@link #factors()}, or −1 when the version does not know the item. */
    public int rowOf(String itemId) {
        return rows.getOrDefault(itemId, -1);
    }

    /** Every item's factors, row-major; shared, so callers must not write to it. */
    float[] factors() {
        return factors;
    }

    /**
     * How surprising a consumed item is under a user's embedding, against {@value #SURPRISE_SAMPLE_SIZE} of this
     * version's items drawn with a seed derived from the version id: every node draws the same sample, so a
     * surprise is the same wherever it is measured and whenever it is replayed. Drawn on first use.
     */
    public InteractionSurprise surprise() {
        InteractionSurprise s = surprise;
        if (s == null) {
            synchronized (this) {
                s = surprise;
                if (s == null) {
                    s = InteractionSurprise.sampledFrom(factors, dimension, SURPRISE_SAMPLE_SIZE, versionId.hashCode());
                    surprise = s;
                }
            }
        }
        return s;
    }

    /** A copy of the item's factor vector, if the version knows the item. */
    public Optional<float[]> vectorOf(String itemId) {
        int row = rowOf(itemId);
        if (row < 0) {
            return Optional.empty();
        }
        float[] v = new float[dimension];
        System.arraycopy(factors, row * dimension, v, 0, dimension);
        return Optional.of(v);
    }

    /**
     * The {@code k} items with the largest inner product with {@code query}, best first (ties by item id), leaving
     * out those {@code exclude} accepts: an exact scan of every item, for audits rather than the serving path.
     */
    public List<ScoredItem> exactTop(float[] query, int k, Predicate<String> exclude) {
        PriorityQueue<ScoredItem> worstFirst = new PriorityQueue<>(ScoredItem.BEST_FIRST.reversed());
        for (Map.Entry<String, Integer> item : rows.entrySet()) {
            if (exclude.test(item.getKey())) continue;
            double score = 0;
            int offset = item.getValue() * dimension;
            for (int j = 0; j < dimension; j++) {
                score += (double) query[j] * factors[offset + j];
            }
            worstFirst.add(new ScoredItem(item.getKey(), score));
            if (worstFirst.size() > k) worstFirst.poll();
        }
        List<ScoredItem> best = new ArrayList<>(worstFirst);
        best.sort(ScoredItem.BEST_FIRST);
        return best;
    }

}
