package io.murmuration.node.item;

import io.murmuration.node.interaction.EarlierItem;
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
import java.util.function.Predicate;

/**
 * "Users who had X also had Y": for each item, the items that shared a window of some user's recent history with it,
 * in both orders. When a user visits Y after the distinct items X1 (the latest) … Xn, each pair X_i–Y gains
 * {@code √(weight(X_i) · weight(Y)) / i^distanceExponent}, in both directions: the nearer two visits lie in a
 * history, and the stronger both interactions (a purchase over a view), the more they say about each other. Sums
 * decay in event time with {@code halfLife}, so the lists stay fresh to the last event while a catalog whose users
 * come back after weeks keeps what they did then. Each item's own weighted visits are summed too ({@link
 * #popularity}), so a reader can discount neighbours that are merely popular.
 *
 * <p>An instance keeps the lists of the items {@code owns} accepts (an item shard's own items) and the popularity of
 * the same items; a visit touching none of them changes nothing. Each item keeps at most {@code maxNeighbours}; a new
 * neighbour of a full item replaces its weakest one if it is stronger, so memory stays O(items × maxNeighbours).
 * Not thread-safe: one owner.
 */
public final class CoVisitations {

    /** A visit of {@code itemId} with {@code weight} at {@code at}, after the user's distinct {@code before}, latest first. */
    public record Visit(String itemId, double weight, List<EarlierItem> before, Instant at) {}

    private final int maxNeighbours;
    private final double distanceExponent;
    private final double backwardWeight;
    private final Predicate<String> owns;
    private final EventTimeDecay decay;
    private final Map<String, Map<String, Double>> growthSumsByItem = new HashMap<>();
    private final Map<String, Double> popularityGrowthSums = new HashMap<>();

    /**
     * @param maxNeighbours    how many neighbours each item remembers
     * @param halfLife         how long until a shared visit counts half as much as a fresh one
     * @param distanceExponent how fast a pair's weight falls with the distance between its visits (0: not at all)
     * @param backwardWeight   what a pair counts from the later visit back to the earlier one, the forward direction
     *                         counting 1 (1: symmetric; 0: only "X, then Y")
     * @param owns             the items whose neighbours and popularity this instance keeps
     */
    public CoVisitations(int maxNeighbours, Duration halfLife, double distanceExponent, double backwardWeight,
            Predicate<String> owns) {
        if (maxNeighbours <= 0) {
            throw new IllegalArgumentException("maxNeighbours must be positive, was " + maxNeighbours);
        }
        if (!(distanceExponent >= 0) || Double.isInfinite(distanceExponent)) {
            throw new IllegalArgumentException("distanceExponent must be finite and not negative, was " + distanceExponent);
        }
        this.maxNeighbours = maxNeighbours;
        this.distanceExponent = distanceExponent;
        if (!(backwardWeight >= 0) || Double.isInfinite(backwardWeight)) {
            throw new IllegalArgumentException("backwardWeight must be finite and not negative, was " + backwardWeight);
        }
        this.backwardWeight = backwardWeight;
        this.owns = owns;
        this.decay = new EventTimeDecay(halfLife);
    }

    /** Counts one visit: the item's popularity, and its pairs with the visits before it that this instance owns. */
    public void observe(Visit visit) {
        if (!usable(visit.weight())) {
            return; // skips say nothing about what goes with what; non-finite weights would poison the sums
        }
        if (decay.observe(visit.at())) {
            double factor = decay.rebase(visit.at());
            growthSumsByItem.values().forEach(neighbours -> neighbours.replaceAll((item, sum) -> sum * factor));
            popularityGrowthSums.replaceAll((item, sum) -> sum * factor);
        }
        double growth = decay.growth(visit.at());
        String item = visit.itemId();
        boolean ownsItem = owns.test(item);
        if (ownsItem) {
            addFinite(popularityGrowthSums, item, visit.weight() * growth);
        }
        int distance = 0;
        for (EarlierItem earlier : visit.before()) {
            distance++;
            if (earlier.itemId().equals(item) || !usable(earlier.weight())) {
                continue;
            }
            double added = Math.sqrt(earlier.weight() * visit.weight()) / Math.pow(distance, distanceExponent) * growth;
            if (ownsItem && backwardWeight > 0) {
                addNeighbour(item, earlier.itemId(), added * backwardWeight);
            }
            if (owns.test(earlier.itemId())) {
                addNeighbour(earlier.itemId(), item, added);
            }
        }
    }

    private static boolean usable(double weight) {
        return weight > 0 && weight != Double.POSITIVE_INFINITY;
    }

    private static void addFinite(Map<String, Double> sums, String key, double added) {
        double sum = sums.getOrDefault(key, 0.0) + added;
        if (Double.isFinite(sum)) {
            sums.put(key, sum);
        }
    }

    private void addNeighbour(String item, String neighbour, double added) {
        Map<String, Double> neighbours = growthSumsByItem.computeIfAbsent(item, i -> new HashMap<>());
        Double current = neighbours.get(neighbour);
        if (current != null) {
            if (Double.isFinite(current + added)) {
                neighbours.put(neighbour, current + added);
            }
        } else if (neighbours.size() < maxNeighbours) {
            neighbours.put(neighbour, added);
        } else {
            Map.Entry<String, Double> weakest = neighbours.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
            if (added > weakest.getValue()) {
                neighbours.remove(weakest.getKey());
                neighbours.put(neighbour, added);
            }
        }
    }

    /** The {@code k} items that most often shared a window with {@code itemId}, best first, as of the latest event. */
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

    /** The item's weighted visits, decayed to the latest event; 0 for an item this instance does not own or never saw. */
    public double popularity(String itemId) {
        Double sum = popularityGrowthSums.get(itemId);
        return sum == null ? 0.0 : sum * decay.toLatest();
    }

    /** Writes every owned item's neighbours and popularity with the decay's times, for a checkpoint of the shard. */
    public void writeTo(DataOutput out) throws IOException {
        decay.writeTo(out);
        out.writeInt(popularityGrowthSums.size());
        for (Map.Entry<String, Double> item : popularityGrowthSums.entrySet()) {
            out.writeUTF(item.getKey());
            out.writeDouble(item.getValue());
        }
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

    /** What {@link #writeTo} wrote, kept from here on with these settings (a smaller bound keeps the strongest). */
    public static CoVisitations readFrom(DataInput in, int maxNeighbours, Duration halfLife, double distanceExponent,
            double backwardWeight, Predicate<String> owns) throws IOException {
        CoVisitations restored = new CoVisitations(maxNeighbours, halfLife, distanceExponent, backwardWeight, owns);
        restored.decay.readFrom(in);
        int popular = in.readInt();
        for (int i = 0; i < popular; i++) {
            restored.popularityGrowthSums.put(in.readUTF(), in.readDouble());
        }
        int items = in.readInt();
        for (int i = 0; i < items; i++) {
            String item = in.readUTF();
            int count = in.readInt();
            Map<String, Double> neighbours = new HashMap<>(Math.max(4, count * 2));
            for (int n = 0; n < count; n++) {
                neighbours.put(in.readUTF(), in.readDouble());
            }
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
