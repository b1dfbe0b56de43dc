package io.murmuration.node.item;

import io.murmuration.node.interaction.EarlierItem;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    private final Duration halfLife;
    private final EventTimeDecay decay;
    private final Map<String, NeighbourSums> growthSumsByItem = new HashMap<>();
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
        this.halfLife = halfLife;
        this.decay = new EventTimeDecay(halfLife);
    }

    /** The half-life its sums decay with: a checkpoint of them means nothing under another (see CoVisitCheckpoint). */
    public Duration halfLife() {
        return halfLife;
    }

    /** Counts one visit: the item's popularity, and its pairs with the visits before it that this instance owns. */
    public void observe(Visit visit) {
        if (!usable(visit.weight())) {
            return; // skips say nothing about what goes with what; non-finite weights would poison the sums
        }
        if (decay.observe(visit.at())) {
            double factor = decay.rebase(visit.at());
            growthSumsByItem.values().forEach(neighbours -> neighbours.scale(factor));
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
        growthSumsByItem.computeIfAbsent(item, i -> NeighbourSums.empty(maxNeighbours)).add(neighbour, added, maxNeighbours);
    }

    /** The {@code k} items that most often shared a window with {@code itemId}, best first, as of the latest event. */
    public List<ScoredItem> neighbours(String itemId, int k) {
        NeighbourSums neighbours = growthSumsByItem.get(itemId);
        if (neighbours == null || k <= 0) {
            return List.of();
        }
        double toLatest = decay.toLatest();
        List<ScoredItem> ranked = new ArrayList<>(neighbours.size());
        for (int i = 0; i < neighbours.size(); i++) {
            ranked.add(new ScoredItem(neighbours.id(i), neighbours.sum(i) * toLatest));
        }
        ranked.sort(ScoredItem.BEST_FIRST);
        return ranked.size() <= k ? ranked : List.copyOf(ranked.subList(0, k));
    }

    /** The item's weighted visits, decayed to the latest event; 0 for an item this instance does not own or never saw. */
    public double popularity(String itemId) {
        Double sum = popularityGrowthSums.get(itemId);
        return sum == null ? 0.0 : sum * decay.toLatest();
    }

    /**
     * How a checkpoint lays out items and sums. {@code COMPACT} (format 5) writes each id once in a table, refers to
     * it by its place as a variable-length number (one to three bytes for a catalog of a million items, against four)
     * and each neighbour's sum as a float, as the lists keep it; {@code ID_TABLE} (format 4) wrote places as ints and
     * sums as doubles; {@code IDS_INLINE} (formats 2 and 3) wrote the id at every use.
     */
    public enum Layout { IDS_INLINE, ID_TABLE, COMPACT }

    /**
     * Writes every owned item's neighbours and popularity with the decay's times, for a checkpoint of the shard, in
     * the {@link Layout#COMPACT} layout.
     */
    public void writeTo(DataOutput out) throws IOException {
        decay.writeTo(out);
        Map<String, Integer> table = new HashMap<>();
        List<String> ids = new ArrayList<>();
        popularityGrowthSums.keySet().forEach(item -> placeOf(item, table, ids));
        growthSumsByItem.forEach((item, neighbours) -> {
            placeOf(item, table, ids);
            for (int i = 0; i < neighbours.size(); i++) {
                placeOf(neighbours.id(i), table, ids);
            }
        });
        out.writeInt(ids.size());
        for (String id : ids) {
            out.writeUTF(id);
        }
        out.writeInt(popularityGrowthSums.size());
        for (Map.Entry<String, Double> item : popularityGrowthSums.entrySet()) {
            writeVarint(out, table.get(item.getKey()));
            out.writeDouble(item.getValue());
        }
        out.writeInt(growthSumsByItem.size());
        for (Map.Entry<String, NeighbourSums> item : growthSumsByItem.entrySet()) {
            NeighbourSums neighbours = item.getValue();
            writeVarint(out, table.get(item.getKey()));
            writeVarint(out, neighbours.size());
            for (int i = 0; i < neighbours.size(); i++) {
                writeVarint(out, table.get(neighbours.id(i)));
                out.writeFloat((float) neighbours.sum(i)); // exact: the list holds floats
            }
        }
    }

    /** A non-negative number in 7-bit groups, lowest first, the high bit set on all but the last. */
    static void writeVarint(DataOutput out, int value) throws IOException {
        while ((value & ~0x7F) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    static int readVarint(DataInput in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < Integer.SIZE; shift += 7) {
            int group = in.readUnsignedByte();
            value |= (group & 0x7F) << shift;
            if ((group & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("a variable-length number longer than an int");
    }

    private static void placeOf(String id, Map<String, Integer> table, List<String> ids) {
        if (table.putIfAbsent(id, ids.size()) == null) {
            ids.add(id);
        }
    }

    /**
     * What a checkpoint of {@code layout} holds, kept from here on with these settings (a smaller bound keeps the
     * strongest).
     */
    public static CoVisitations readFrom(DataInput in, Layout layout, int maxNeighbours, Duration halfLife,
            double distanceExponent, double backwardWeight, Predicate<String> owns) throws IOException {
        CoVisitations restored = new CoVisitations(maxNeighbours, halfLife, distanceExponent, backwardWeight, owns);
        restored.decay.readFrom(in);
        IdReader idReader = switch (layout) {
            case IDS_INLINE -> DataInput::readUTF;
            case ID_TABLE -> tableReader(in, DataInput::readInt);
            case COMPACT -> tableReader(in, CoVisitations::readVarint);
        };
        boolean compact = layout == Layout.COMPACT;
        int popular = in.readInt();
        for (int i = 0; i < popular; i++) {
            restored.popularityGrowthSums.put(idReader.read(in), in.readDouble());
        }
        int items = in.readInt();
        for (int i = 0; i < items; i++) {
            String item = idReader.read(in);
            int count = compact ? readVarint(in) : in.readInt();
            if (count < 0) {
                throw new IOException("item " + item + " has " + count + " neighbours");
            }
            NeighbourSums neighbours = new NeighbourSums(Math.min(count, maxNeighbours));
            for (int n = 0; n < count; n++) {
                neighbours.append(idReader.read(in), compact ? in.readFloat() : in.readDouble());
            }
            neighbours.keepStrongest(maxNeighbours);
            restored.growthSumsByItem.put(item, neighbours);
        }
        return restored;
    }

    private interface IdReader {
        String read(DataInput in) throws IOException;
    }

    private interface PlaceReader {
        int read(DataInput in) throws IOException;
    }

    private static IdReader tableReader(DataInput in, PlaceReader places) throws IOException {
        int size = in.readInt();
        if (size < 0) {
            throw new IOException("id table of " + size + " entries");
        }
        String[] table = new String[size];
        for (int i = 0; i < size; i++) {
            table[i] = in.readUTF();
        }
        return input -> {
            int place = places.read(input);
            if (place < 0 || place >= size) {
                throw new IOException("id " + place + " outside a table of " + size);
            }
            return table[place];
        };
    }

    /** How many (item, neighbour) pairs are kept: the checkpoint's size grows with it. */
    public long pairCount() {
        long pairs = 0;
        for (NeighbourSums neighbours : growthSumsByItem.values()) {
            pairs += neighbours.size();
        }
        return pairs;
    }

    public int itemCount() {
        return growthSumsByItem.size();
    }
}
