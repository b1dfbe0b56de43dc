package io.murmuration.node.item;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Items still too new to have neighbours or a vector, found by their catalog attributes instead: "new, like X" when a
 * cold item shares an attribute value (its category, say) with X. An item is cold from the moment the catalog names it
 * until it has been visited {@code warmAfter} times (positive interactions); from then on co-visitation and the
 * factor model know it, and it leaves the index for good.
 *
 * <p>An instance keeps, for the items {@code owns} accepts (an item shard's own items), the values of the attribute
 * keys it matches on ({@code keys}, e.g. {@code category}) and the visits of every item counted so far (up to
 * {@code warmAfter}), and per attribute value its cold items, at most {@code maxPerValue}, the most recently
 * catalogued replacing the oldest. A cold item's score for a value is {@code (1 + visits) / (1 + r)}, r its rank
 * from the latest catalogued (0): the newest items lead, and among them the ones other users have begun to take; an
 * old item that never drew visits sinks, whatever few it has. Memory is O(owned items). Not thread-safe: one owner.
 */
public final class ColdItems {

    private final int warmAfter;
    private final Set<String> keys;
    private final int maxPerValue;
    private final Predicate<String> owns;
    // Owned items' matched attributes ("key=value" strings), whether cold or not: the recommender asks for them.
    private final Map<String, List<String>> valuesByItem = new LinkedHashMap<>();
    // Owned items' positive visits, capped at warmAfter; an item at warmAfter is warm for good.
    private final Map<String, Integer> visits = new HashMap<>();
    // "key=value" → its cold items, least recently catalogued first.
    private final Map<String, LinkedHashMap<String, Boolean>> coldByValue = new HashMap<>();

    /**
     * @param warmAfter   visits after which an item is no longer cold
     * @param keys        the attribute keys whose values make items alike (others are ignored)
     * @param maxPerValue how many cold items each attribute value keeps, the latest catalogued
     * @param owns        the items this instance keeps
     */
    public ColdItems(int warmAfter, Set<String> keys, int maxPerValue, Predicate<String> owns) {
        if (warmAfter <= 0) {
            throw new IllegalArgumentException("warmAfter must be positive, was " + warmAfter);
        }
        if (maxPerValue <= 0) {
            throw new IllegalArgumentException("maxPerValue must be positive, was " + maxPerValue);
        }
        this.warmAfter = warmAfter;
        this.keys = Set.copyOf(keys);
        this.maxPerValue = maxPerValue;
        this.owns = owns;
    }

    /** The catalog's attributes of {@code itemId}, replacing the ones before; cold while it has few visits. */
    public void catalogue(String itemId, Map<String, String> attributes) {
        if (!owns.test(itemId)) {
            return;
        }
        List<String> before = valuesByItem.remove(itemId);
        if (before != null) {
            before.forEach(value -> removeCold(value, itemId));
        }
        List<String> values = matchedValues(attributes);
        if (values.isEmpty()) {
            return;
        }
        valuesByItem.put(itemId, values);
        if (isCold(itemId)) {
            for (String value : values) {
                LinkedHashMap<String, Boolean> cold = coldByValue.computeIfAbsent(value, v -> new LinkedHashMap<>());
                cold.put(itemId, Boolean.TRUE);
                if (cold.size() > maxPerValue) {
                    cold.remove(cold.keySet().iterator().next());
                }
            }
        }
    }

    /** One positive visit of {@code itemId}: the item warms by one, and leaves the cold index at {@code warmAfter}. */
    public void visit(String itemId) {
        if (!owns.test(itemId)) {
            return;
        }
        int count = visits.getOrDefault(itemId, 0);
        if (count >= warmAfter) {
            return;
        }
        visits.put(itemId, count + 1);
        if (count + 1 >= warmAfter) {
            List<String> values = valuesByItem.get(itemId);
            if (values != null) {
                values.forEach(value -> removeCold(value, itemId));
            }
        }
    }

    public boolean isCold(String itemId) {
        return visits.getOrDefault(itemId, 0) < warmAfter;
    }

    /** The matched attribute values of an owned item, as {@code key=value}; empty when the catalog named none. */
    public List<String> valuesOf(String itemId) {
        return valuesByItem.getOrDefault(itemId, List.of());
    }

    /**
     * The {@code k} best cold items sharing one of {@code values} ({@code key=value}), never one {@code exclude}
     * accepts: scored {@code (1 + visits) / (1 + r)} summed over the values shared, best first, the latest catalogued
     * first among equals.
     */
    public List<ScoredItem> like(List<String> values, int k, Predicate<String> exclude) {
        Map<String, Double> scores = new HashMap<>();
        Map<String, Integer> recency = new HashMap<>();
        for (String value : values) {
            LinkedHashMap<String, Boolean> cold = coldByValue.get(value);
            if (cold == null) {
                continue;
            }
            int position = 0;
            for (String item : cold.keySet()) {
                position++;
                int rank = cold.size() - position; // 0 for the latest catalogued
                if (!exclude.test(item)) {
                    scores.merge(item, (1.0 + visits.getOrDefault(item, 0)) / (1 + rank), Double::sum);
                    recency.merge(item, position, Math::max);
                }
            }
        }
        List<ScoredItem> ranked = new ArrayList<>(scores.size());
        scores.forEach((item, score) -> ranked.add(new ScoredItem(item, score)));
        ranked.sort(Comparator.comparingDouble(ScoredItem::score).reversed()
                .thenComparing(s -> -recency.get(s.itemId()))
                .thenComparing(ScoredItem::itemId));
        return ranked.size() <= k ? ranked : List.copyOf(ranked.subList(0, k));
    }

    /** How many items are cold now, over all values. */
    public int coldCount() {
        int count = 0;
        for (Map.Entry<String, List<String>> item : valuesByItem.entrySet()) {
            if (isCold(item.getKey())) {
                count++;
            }
        }
        return count;
    }

    /** How many owned items have catalog attributes this instance matches on. */
    public int cataloguedCount() {
        return valuesByItem.size();
    }

    /** Writes the visit counts (the attributes come back from the catalog table), for a checkpoint of the shard. */
    public void writeVisitsTo(DataOutput out) throws IOException {
        out.writeInt(visits.size());
        for (Map.Entry<String, Integer> item : new TreeMap<>(visits).entrySet()) {
            out.writeUTF(item.getKey());
            out.writeInt(item.getValue());
        }
    }

    /** Restores what {@link #writeVisitsTo} wrote, in place of the counts so far; warm items leave the index. */
    public void readVisitsFrom(DataInput in) throws IOException {
        visits.clear();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            visits.put(in.readUTF(), Math.min(warmAfter, in.readInt()));
        }
        rebuildIndex();
    }

    /** Forgets every visit counted (a failed read-back of the log counts them again); attributes stay. */
    public void forgetVisits() {
        visits.clear();
        rebuildIndex();
    }

    private void rebuildIndex() {
        Map<String, List<String>> catalogued = new LinkedHashMap<>(valuesByItem);
        valuesByItem.clear();
        coldByValue.clear();
        catalogued.forEach((item, values) -> {
            Map<String, String> attributes = new HashMap<>();
            for (String value : values) {
                int eq = value.indexOf('=');
                attributes.put(value.substring(0, eq), value.substring(eq + 1));
            }
            catalogue(item, attributes);
        });
    }

    private List<String> matchedValues(Map<String, String> attributes) {
        List<String> values = new ArrayList<>(1);
        for (String key : new TreeMap<>(attributes).keySet()) {
            String value = attributes.get(key);
            if (keys.contains(key) && value != null && !value.isBlank()) {
                values.add(key + "=" + value);
            }
        }
        return values;
    }

    private void removeCold(String value, String itemId) {
        LinkedHashMap<String, Boolean> cold = coldByValue.get(value);
        if (cold != null) {
            cold.remove(itemId);
            if (cold.isEmpty()) {
                coldByValue.remove(value);
            }
        }
    }
}
