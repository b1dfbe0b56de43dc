package io.murmuration.bench.baseline;

import io.murmuration.protocol.InteractionEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The baseline every recommender must beat, computed on the same stream as it is replayed: the items with the most
 * interactions so far (all-time counts, one per positive event, ties by item id), leaving out those the user already
 * interacted with (as the system does). Counts are kept in an ordered set so each list costs O(k + items the user
 * has seen). The other baselines fill short lists from it with {@link #topUp}.
 */
public final class PopularityBaseline implements ReferenceBaseline {

    private record Count(String itemId, long count) implements Comparable<Count> {
        @Override
        public int compareTo(Count o) {
            int byCount = Long.compare(o.count, count);
            return byCount != 0 ? byCount : itemId.compareTo(o.itemId);
        }
    }

    private final Map<String, Long> counts = new HashMap<>();
    private final TreeSet<Count> ranking = new TreeSet<>();
    private final Map<String, Set<String>> seenByUser = new HashMap<>();

    @Override
    public String name() {
        return "popularity";
    }

    @Override
    public String parameters() {
        return "all-time counts";
    }

    /** The k most popular items so far that {@code userId} has not interacted with. */
    @Override
    public List<String> recommend(String userId, int k) {
        return topUp(userId, List.of(), k);
    }

    /** {@code first}, then the most popular items the user has not interacted with and {@code first} lacks, up to k. */
    public List<String> topUp(String userId, Collection<String> first, int k) {
        List<String> list = new ArrayList<>(first);
        if (list.size() >= k) {
            return list;
        }
        Set<String> seen = seenByUser.getOrDefault(userId, Set.of());
        for (Count c : ranking) {
            if (list.size() == k) {
                break;
            }
            if (!seen.contains(c.itemId()) && !first.contains(c.itemId())) {
                list.add(c.itemId());
            }
        }
        return list;
    }

    @Override
    public void learn(InteractionEvent event) {
        observe(event.userId(), event.itemId());
    }

    public void observe(String userId, String itemId) {
        long before = counts.getOrDefault(itemId, 0L);
        ranking.remove(new Count(itemId, before));
        counts.put(itemId, before + 1);
        ranking.add(new Count(itemId, before + 1));
        seenByUser.computeIfAbsent(userId, u -> new HashSet<>()).add(itemId);
    }
}
