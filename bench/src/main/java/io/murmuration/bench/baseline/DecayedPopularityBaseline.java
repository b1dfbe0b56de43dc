package io.murmuration.bench.baseline;

import io.murmuration.protocol.InteractionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Popularity that forgets: each positive event counts 1, halving every {@code halfLife} of event time after it
 * happened, and items are ranked by that sum as of the latest event (ties by item id), leaving out those the user
 * already interacted with. Sums are kept as growth 2^((t − origin) / halfLife), which ranks alike without touching
 * every item at each event; the origin moves forward before the growth could overflow.
 */
public final class DecayedPopularityBaseline implements ReferenceBaseline {

    /** Half-lives of growth before the origin moves: 2^512 is far from overflowing a double, yet rarely reached. */
    private static final double REBASE_AFTER_HALF_LIVES = 512;

    private record Sum(String itemId, double growth) implements Comparable<Sum> {
        @Override
        public int compareTo(Sum o) {
            int bySum = Double.compare(o.growth, growth);
            return bySum != 0 ? bySum : itemId.compareTo(o.itemId);
        }
    }

    private final Duration halfLife;
    private final double halfLifeSeconds;
    private final Map<String, Double> growthSums = new HashMap<>();
    private final TreeSet<Sum> ranking = new TreeSet<>();
    private final Map<String, Set<String>> seenByUser = new HashMap<>();
    private Instant origin;
    private Instant latest;

    /** @param halfLife event time after which an interaction counts half; positive */
    public DecayedPopularityBaseline(Duration halfLife) {
        if (halfLife.isZero() || halfLife.isNegative()) {
            throw new IllegalArgumentException("halfLife must be positive, was " + halfLife);
        }
        this.halfLife = halfLife;
        this.halfLifeSeconds = halfLife.getSeconds() + halfLife.getNano() / 1e9;
    }

    @Override
    public String name() {
        return "decayed popularity";
    }

    @Override
    public String parameters() {
        return "half-life " + readable(halfLife);
    }

    /** {@code 30d}, {@code 12h}, {@code 90m}, or ISO-8601 when no whole unit fits. */
    static String readable(Duration d) {
        if (d.getNano() == 0) {
            long seconds = d.getSeconds();
            if (seconds % 86_400 == 0) {
                return seconds / 86_400 + "d";
            }
            if (seconds % 3_600 == 0) {
                return seconds / 3_600 + "h";
            }
            if (seconds % 60 == 0) {
                return seconds / 60 + "m";
            }
        }
        return d.toString();
    }

    @Override
    public List<String> recommend(String userId, int k) {
        Set<String> seen = seenByUser.getOrDefault(userId, Set.of());
        List<String> list = new ArrayList<>(k);
        for (Sum s : ranking) {
            if (list.size() == k) {
                break;
            }
            if (!seen.contains(s.itemId())) {
                list.add(s.itemId());
            }
        }
        return list;
    }

    @Override
    public void learn(InteractionEvent event) {
        Instant at = event.timestamp();
        if (origin == null) {
            origin = at;
        }
        if (latest == null || at.isAfter(latest)) {
            latest = at;
        }
        if (halfLivesSinceOrigin(at) > REBASE_AFTER_HALF_LIVES) {
            rebase(at);
        }
        String itemId = event.itemId();
        Double before = growthSums.get(itemId);
        if (before != null) {
            ranking.remove(new Sum(itemId, before));
        }
        double after = (before == null ? 0 : before) + Math.pow(2, halfLivesSinceOrigin(at));
        growthSums.put(itemId, after);
        ranking.add(new Sum(itemId, after));
        seenByUser.computeIfAbsent(event.userId(), u -> new HashSet<>()).add(itemId);
    }

    /** The decayed count of {@code itemId} as of the latest event learned: Σ 2^(−(latest − t) / halfLife). */
    public double count(String itemId) {
        Double growth = growthSums.get(itemId);
        return growth == null ? 0 : growth * Math.pow(2, -halfLivesSinceOrigin(latest));
    }

    private double halfLivesSinceOrigin(Instant at) {
        Duration span = Duration.between(origin, at);
        return (span.getSeconds() + span.getNano() / 1e9) / halfLifeSeconds;
    }

    /** Moves the origin to {@code at}: every sum shrinks by the same factor, so the order is kept. */
    private void rebase(Instant at) {
        double factor = Math.pow(2, -halfLivesSinceOrigin(at));
        origin = at;
        ranking.clear();
        growthSums.replaceAll((item, growth) -> growth * factor);
        growthSums.forEach((item, growth) -> ranking.add(new Sum(item, growth)));
    }
}
