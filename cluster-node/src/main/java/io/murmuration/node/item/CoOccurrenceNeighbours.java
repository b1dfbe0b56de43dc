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

/**
 * "Users who interacted with X next interacted with Y": for each item, the items that followed it in the
 * same user's history, weighted by the follow-up's interest and decayed in event time, so the list is
 * fresh to the last event. Each item keeps at most {@code maxNeighbours}; a new neighbour of a full item
 * replaces its weakest one, so a burst of new behaviour can still enter. Not thread-safe: one owner.
 */
public final class CoOccurrenceNeighbours {

    private final int maxNeighbours;
    private final EventTimeDecay decay;
    private final Map<String, Map<String, Double>> growthSumsByItem = new HashMap<>();

    /**
     * @param maxNeighbours how many followers each item remembers (memory is O(items × maxNeighbours))
     * @param halfLife      how long until a co-occurrence counts half as much as a fresh one
     */
    public CoOccurrenceNeighbours(int maxNeighbours, Duration halfLife) {
        if (maxNeighbours <= 0) {
            throw new IllegalArgumentException("maxNeighbours must be positive, was " + maxNeighbours);
        }
        this.maxNeighbours = maxNeighbours;
        this.decay = new EventTimeDecay(halfLife);
    }

    /** Records that a user who interacted with {@code previous} next interacted with {@code next}. */
    public void observe(String previous, String next, double weight, Instant at) {
        if (previous.equals(next) || !(weight > 0) || weight == Double.POSITIVE_INFINITY) {
            return; // repeats and skips say nothing about what goes with what; non-finite weights would poison the sums
        }
        if (decay.observe(at)) {
            double factor = decay.rebase(at);
            growthSumsByItem.values().forEach(neighbours -> neighbours.replaceAll((item, sum) -> sum * factor));
        }
        Map<String, Double> neighbours = growthSumsByItem.computeIfAbsent(previous, item -> new HashMap<>());
        double added = weight * decay.growth(at);
        Double current = neighbours.get(next);
        if (current != null && !Double.isFinite(current + added)) {
            return;
        }
        if (current != null) {
            neighbours.put(next, current + added);
        } else if (neighbours.size() < maxNeighbours) {
            neighbours.put(next, added);
        } else {
            Map.Entry<String, Double> weakest =
                    neighbours.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
            if (added > weakest.getValue()) {
                neighbours.remove(weakest.getKey());
                neighbours.put(next, added);
            }
        }
    }

    /** The items that most often followed {@code itemId}, best first, scored as of the latest event time. */
    public List<ScoredItem> neighbours(String itemId, int k) {
        Map<String, Double> neighbours = growthSumsByItem.get(itemId);
        if (neighbours == null || k <= 0) {
            return List.of();
        }
        double toLatest = decay.toLatest();
        List<ScoredItem> ranked = new ArrayList<>(neighbours.size());
        neighbours.forEach((item, sum) -> ranked.add(new ScoredItem(item, sum * toLatest)));
        ranked.sort(Comparator.comparingDouble(ScoredItem::score).reversed().thenComparing(ScoredItem::itemId));
        return ranked.size() <= k ? ranked : List.copyOf(ranked.subList(0, k));
    }

    /** Writes every item's neighbours with their sums, and the decay's times, for a checkpoint of the shard. */
    public void writeTo(DataOutput out) throws IOException {
        decay.writeTo(out);
        out.writeInt(growthSumsByItem.size());
        for (Map.Entry<String, Map<String, Double>> item : growthSumsByItem.entrySet()) {
            out.writeUTF(item.getKey());
            out.writeInt(item.getValue().size());
            for (Map.Entry<String, Double> neighbour : item.getValue().entrySet()) {
                out.writeUTF(neighbour.getKey());
                out.writeDouble(neighbour.getValue());
            }
        }
    }

    /** Neighbours as {@link #writeTo} wrote them, kept from here on with these bounds and half-life. */
    public static CoOccurrenceNeighbours readFrom(DataInput in, int maxNeighbours, Duration halfLife) throws IOException {
        CoOccurrenceNeighbours restored = new CoOccurrenceNeighbours(maxNeighbours, halfLife);
        restored.decay.readFrom(in);
        int items = in.readInt();
        for (int i = 0; i < items; i++) {
            String item = in.readUTF();
            int count = in.readInt();
            Map<String, Double> neighbours = new HashMap<>(Math.max(4, count * 2));
            for (int n = 0; n < count; n++) {
                neighbours.put(in.readUTF(), in.readDouble());
            }
            // A smaller bound than the checkpoint's keeps the strongest neighbours.
            while (neighbours.size() > maxNeighbours) {
                neighbours.remove(neighbours.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey());
            }
            restored.growthSumsByItem.put(item, neighbours);
        }
        return restored;
    }

    /** How many (item, neighbour) pairs are kept: the checkpoint's size grows with it. */
    public long pairCount() {
        long pairs = 0;
        for (Map<String, Double> neighbours : growthSumsByItem.values()) {
            pairs += neighbours.size();
        }
        return pairs;
    }

    public int itemCount() {
        return growthSumsByItem.size();
    }
}
