package io.murmuration.node.item;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Item popularity with exponential decay in event time: an interaction's weight halves every {@code halfLife}
 * after it happened. Scores are read at the latest event time seen, so replaying a historical log gives the
 * same ranking as having watched it live. Not thread-safe: one owner.
 */
public final class DecayedPopularity {

    private final EventTimeDecay decay;
    private final Map<String, Double> growthSums = new HashMap<>();
    private List<ScoredItem> cachedTop = List.of();
    private int cachedTopSize = -1;
    private boolean dirty;

    public DecayedPopularity(Duration halfLife) {
        this.decay = new EventTimeDecay(halfLife);
    }

    /**
     * Counts one interaction of {@code weight} with {@code itemId} at {@code at}; returns true if the item is new. A
     * weight that is negative or not finite counts nothing, and neither does a sum that would stop being finite.
     */
    public boolean add(String itemId, double weight, Instant at) {
        if (!(weight >= 0) || weight == Double.POSITIVE_INFINITY) {
            return false; // one such weight would poison every later sum and the ranking with it
        }
        if (decay.observe(at)) {
            double factor = decay.rebase(at);
            growthSums.replaceAll((item, sum) -> sum * factor);
        }
        Double before = growthSums.get(itemId);
        double sum = (before == null ? 0.0 : before) + weight * decay.growth(at);
        if (!Double.isFinite(sum)) {
            return false;
        }
        growthSums.put(itemId, sum);
        dirty = true;
        return before == null;
    }

    /** The {@code k} most popular items, best first, scored as of the latest event time seen. */
    public List<ScoredItem> top(int k) {
        if (dirty || k > cachedTopSize) {
            cachedTop = computeTop(k);
            cachedTopSize = k;
            dirty = false;
        }
        return cachedTop.size() <= k ? cachedTop : cachedTop.subList(0, k);
    }

    /** The event time the scores of {@link #top} are as of: the latest seen, null before the first interaction. */
    public Instant scoredAsOf() {
        return decay.latest();
    }

    /** Writes every item's sum and the decay's times, for a checkpoint of the view. */
    public void writeTo(DataOutput out) throws IOException {
        decay.writeTo(out);
        out.writeInt(growthSums.size());
        for (Map.Entry<String, Double> e : growthSums.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue());
        }
    }

    /** Popularity as {@link #writeTo} wrote it, decaying with {@code halfLife} from here on. */
    public static DecayedPopularity readFrom(DataInput in, Duration halfLife) throws IOException {
        DecayedPopularity popularity = new DecayedPopularity(halfLife);
        popularity.decay.readFrom(in);
        int items = in.readInt();
        for (int i = 0; i < items; i++) {
            popularity.growthSums.put(in.readUTF(), in.readDouble());
        }
        popularity.dirty = true;
        return popularity;
    }

    public int itemCount() {
        return growthSums.size();
    }

    private List<ScoredItem> computeTop(int k) {
        if (k <= 0) return List.of();
        double toLatest = decay.toLatest();
        PriorityQueue<ScoredItem> best = new PriorityQueue<>(Comparator.comparingDouble(ScoredItem::score));
        for (Map.Entry<String, Double> e : growthSums.entrySet()) {
            double score = e.getValue() * toLatest;
            if (score <= 0) continue; // items only ever skipped are not popular
            if (best.size() < k) best.add(new ScoredItem(e.getKey(), score));
            else if (score > best.peek().score()) {
                best.poll();
                best.add(new ScoredItem(e.getKey(), score));
            }
        }
        List<ScoredItem> ranked = new ArrayList<>(best);
        ranked.sort(ScoredItem.BEST_FIRST);
        return List.copyOf(ranked);
    }
}
