package io.murmuration.node.item;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What an item's history of being taken says about it, beyond what goes with it: how many positive interactions it
 * has had, when the first and the latest of them happened (event time). An item taken for years and still taken this
 * week is a staple, one first taken yesterday is new, one last taken two years ago is probably gone from the shelf;
 * the learned ranking weighs these against the sources' scores (decision 029). Counts every positive interaction of
 * the items {@code owns} accepts (an item shard's own items); memory is O(owned items). Not thread-safe: one owner.
 */
public final class ItemActivity {

    /** An item's positive interactions, and the event times of its first and latest. */
    public record Facts(long taken, Instant first, Instant last) {}

    private record Span(long taken, long firstSecond, long lastSecond) {}

    private final Predicate<String> owns;
    private final Map<String, Span> byItem = new HashMap<>();
    private long latestSecond = Long.MIN_VALUE;

    public ItemActivity(Predicate<String> owns) {
        this.owns = owns;
    }

    /** One interaction of {@code itemId} with {@code weight} at {@code at}: counted when positive and owned. */
    public void observe(String itemId, double weight, Instant at) {
        if (!(weight > 0) || at == null) {
            return; // a skip or a view of no weight says nothing of the item being taken
        }
        long second = at.getEpochSecond();
        latestSecond = Math.max(latestSecond, second);
        if (!owns.test(itemId)) {
            return;
        }
        byItem.merge(itemId, new Span(1, second, second), (before, one) -> new Span(before.taken() + 1,
                Math.min(before.firstSecond(), second), Math.max(before.lastSecond(), second)));
    }

    /** The item's facts; null when it was never taken here (or is not owned). */
    public Facts of(String itemId) {
        Span span = byItem.get(itemId);
        return span == null
                ? null
                : new Facts(span.taken(), Instant.ofEpochSecond(span.firstSecond()), Instant.ofEpochSecond(span.lastSecond()));
    }

    /** The event time of the latest positive interaction observed, owned or not; null before any. */
    public Instant latest() {
        return latestSecond == Long.MIN_VALUE ? null : Instant.ofEpochSecond(latestSecond);
    }

    public int itemCount() {
        return byItem.size();
    }

    /** Writes every owned item's facts and the latest time, for a checkpoint of the shard. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(latestSecond);
        out.writeInt(byItem.size());
        for (Map.Entry<String, Span> item : new TreeMap<>(byItem).entrySet()) {
            out.writeUTF(item.getKey());
            out.writeLong(item.getValue().taken());
            out.writeLong(item.getValue().firstSecond());
            out.writeLong(item.getValue().lastSecond());
        }
    }

    /** What {@link #writeTo} wrote, kept from here on for the items {@code owns} accepts. */
    public static ItemActivity readFrom(DataInput in, Predicate<String> owns) throws IOException {
        ItemActivity restored = new ItemActivity(owns);
        restored.latestSecond = in.readLong();
        int items = in.readInt();
        if (items < 0) {
            throw new IOException("item activity of " + items + " items");
        }
        for (int i = 0; i < items; i++) {
            String item = in.readUTF();
            long taken = in.readLong();
            long first = in.readLong();
            long last = in.readLong();
            if (taken <= 0 || first > last) {
                throw new IOException("item " + item + " taken " + taken + " times from " + first + " to " + last);
            }
            if (owns.test(item)) {
                restored.byItem.put(item, new Span(taken, first, last));
            }
        }
        return restored;
    }
}
