package io.murmuration.node.item;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A node's ranking of what is popular, fresh to the latest interaction it heard of: the head of the cluster's ranking
 * as the {@link PopularityCounter} last published it, plus the interactions heard of since that the counter had not
 * yet counted. The counter follows the log through the journal's tag query, seconds behind it; without this a user's
 * own interaction, and everyone else's of the last seconds, would not move the popular list until the next publication.
 *
 * <p>Each publication names the interactions (event ids) it counted since the previous one; an interaction heard of
 * is counted here until a publication names it, so it is never counted twice. One that no publication names (a
 * publication lost, the counter far behind) stops counting after {@code heardKeptFor} of wall-clock time: it counts
 * twice, or not at all, for that long at most. Scores decay as the counter's do ({@code halfLife}, in event time) and
 * are read as of the latest event time known, the publication's or a newer interaction's. Not thread-safe: one owner.
 */
public final class FreshPopularity {

    /** An interaction heard of that no publication has named yet. */
    private record Heard(String itemId, double weight, Instant at, long heardAtNanos) {}

    /** Publications whose named event ids are remembered, for interactions heard of after the counter counted them. */
    private static final int REMEMBERED_PUBLICATIONS = 3;

    private final double decayPerSecond;
    private final long heardKeptForNanos;
    private final int maxHeard;
    private final LongSupplier nanoClock;

    private List<ScoredItem> published = List.of();
    private Map<String, Double> publishedScores = Map.of();
    private Instant publishedAsOf;
    private final LinkedHashMap<String, Heard> heard = new LinkedHashMap<>();
    private final Deque<Set<String>> recentlyCounted = new ArrayDeque<>();
    /**
     * What the interactions heard of add to each item, as of the latest event time known (the publication's or an
     * interaction's heard of since); null: to be summed again.
     */
    private Map<String, Double> heardScores;
    /** What a published score is worth as of that latest event time. */
    private double publishedFactor;

    /**
     * @param maxHeard interactions heard of kept at most, the oldest dropped first: bounds memory when the counter
     *                 publishes nothing for a while
     */
    public FreshPopularity(Duration halfLife, Duration heardKeptFor, int maxHeard, LongSupplier nanoClock) {
        if (heardKeptFor.isNegative() || maxHeard < 0) {
            throw new IllegalArgumentException("heardKeptFor and maxHeard must not be negative");
        }
        this.decayPerSecond = EventTime.decayRatePerSecond(halfLife);
        this.heardKeptForNanos = heardKeptFor.toNanos();
        this.maxHeard = maxHeard;
        this.nanoClock = nanoClock;
    }

    /**
     * The counter's latest ranking head, scored as of event time {@code asOf} (null: it has counted nothing), and the
     * event ids it counted since its previous publication.
     */
    public void published(List<ScoredItem> head, Instant asOf, Collection<String> counted) {
        published = List.copyOf(head);
        Map<String, Double> scores = new HashMap<>();
        for (ScoredItem item : published) {
            scores.merge(item.itemId(), item.score(), Double::sum);
        }
        publishedScores = scores;
        publishedAsOf = asOf;
        Set<String> named = new HashSet<>(counted);
        heard.keySet().removeAll(named);
        recentlyCounted.addLast(named);
        if (recentlyCounted.size() > REMEMBERED_PUBLICATIONS) {
            recentlyCounted.removeFirst();
        }
        forgetExpired();
        heardScores = null;
    }

    /**
     * An interaction of {@code weight} with {@code itemId} at event time {@code at}, just recorded; counted until a
     * publication names {@code eventId}. Heard of twice, it counts once; a weight that is negative or not finite, or an
     * interaction a recent publication already counted, counts nothing.
     */
    public void heard(String eventId, String itemId, double weight, Instant at) {
        if (!(weight > 0) || weight == Double.POSITIVE_INFINITY || heard.containsKey(eventId)) {
            return;
        }
        for (Set<String> counted : recentlyCounted) {
            if (counted.contains(eventId)) return;
        }
        heard.put(eventId, new Heard(itemId, weight, at, nanoClock.getAsLong()));
        if (heard.size() > maxHeard) {
            Iterator<String> oldest = heard.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        heardScores = null;
    }

    /**
     * The {@code k} most popular items, best first. Asked for every list, so it ranks only what can reach the first
     * {@code k}: the published head keeps its order (every published score is scaled alike), so only its first
     * {@code k} and the items an interaction heard of added to can.
     */
    public List<ScoredItem> top(int k) {
        if (forgetExpired() || heardScores == null) {
            sumHeard();
        }
        if (heardScores.isEmpty()) {
            return published.size() <= k ? published : published.subList(0, k);
        }
        Map<String, Double> scores = new HashMap<>();
        for (int i = 0; i < Math.min(k, published.size()); i++) {
            scores.put(published.get(i).itemId(), published.get(i).score() * publishedFactor);
        }
        heardScores.forEach((item, added) ->
                scores.put(item, publishedScores.getOrDefault(item, 0.0) * publishedFactor + added));
        List<ScoredItem> ranked = new ArrayList<>(scores.size());
        scores.forEach((item, score) -> {
            if (score > 0 && Double.isFinite(score)) ranked.add(new ScoredItem(item, score));
        });
        ranked.sort(ScoredItem.BEST_FIRST);
        return ranked.size() <= k ? ranked : ranked.subList(0, k);
    }

    /** Interactions heard of and not yet counted by the cluster's ranking. */
    public int heardCount() {
        return heard.size();
    }

    /** Forgets the interactions heard of longer ago than they are kept; true when it forgot any. */
    private boolean forgetExpired() {
        long now = nanoClock.getAsLong();
        boolean forgot = false;
        Iterator<Heard> oldestFirst = heard.values().iterator();
        while (oldestFirst.hasNext()) {
            if (now - oldestFirst.next().heardAtNanos() < heardKeptForNanos) break;
            oldestFirst.remove();
            forgot = true;
        }
        return forgot;
    }

    private void sumHeard() {
        // Every score is read as of the latest event time known, so each factor is at most 1 and nothing overflows.
        Instant latest = publishedAsOf;
        for (Heard h : heard.values()) {
            if (latest == null || h.at().isAfter(latest)) latest = h.at();
        }
        publishedFactor = publishedAsOf == null ? 1.0 : decayTo(publishedAsOf, latest);
        Map<String, Double> sums = new HashMap<>();
        for (Heard h : heard.values()) {
            sums.merge(h.itemId(), h.weight() * decayTo(h.at(), latest), Double::sum);
        }
        heardScores = sums;
    }

    /** What a weight at {@code at} is worth at {@code latest}: 1 at the same instant, never more (an older latest). */
    private double decayTo(Instant at, Instant latest) {
        return Math.exp(-decayPerSecond * Math.max(0, EventTime.secondsBetween(at, latest)));
    }
}
