package io.murmuration.bench;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prequential ("test, then train") accuracy of one recommender over a replayed stream: before each
 * interaction, was the consumed item in the top-10 list the recommender gave that user? Hit rate is the
 * share of such hits; NDCG@10 credits a hit at rank r (0-based) with 1/log2(r + 2). Coverage is the share
 * of catalog items that ever appeared in a list. Not thread-safe.
 */
public final class PrequentialScore {

    private final int k;
    private long trials;
    private long hits;
    private double gain;
    private final Set<String> recommended = new HashSet<>();

    public PrequentialScore(int k) {
        this.k = k;
    }

    /** Scores one list against the item the user then consumed; true when its top k held it. */
    public boolean record(List<String> list, String consumed) {
        trials++;
        int rank = list.subList(0, Math.min(k, list.size())).indexOf(consumed);
        if (rank >= 0) {
            hits++;
            gain += 1.0 / (Math.log(rank + 2) / Math.log(2));
        }
        recommended.addAll(list.subList(0, Math.min(k, list.size())));
        return rank >= 0;
    }

    public long trials() {
        return trials;
    }

    public long hits() {
        return hits;
    }

    public double hitRate() {
        return trials == 0 ? 0 : (double) hits / trials;
    }

    public double ndcg() {
        return trials == 0 ? 0 : gain / trials;
    }

    public double coverage(int catalogSize) {
        return catalogSize == 0 ? 0 : (double) recommended.size() / catalogSize;
    }
}
