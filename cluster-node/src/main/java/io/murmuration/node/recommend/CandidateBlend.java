package io.murmuration.node.recommend;

import io.murmuration.node.item.ScoredItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Blends the candidate sources of a recommendation into one ranking. Each source's scores are first put on
 * a common scale — divided by that source's best score, so its top candidate counts 1 and negative scores count 0
 * — then an item's blended score is {@code personal·p + coOccurrence·c + popularity·q + newItems·n} with the
 * configured weights. Co-occurrence comes from several recent items: an item's co-occurrence score is the sum over them of its
 * (popularity-discounted) score in each one's neighbourhood, the newer the recent item the more it counts
 * ({@code 1 / (1 + age)^recencyExponent}, age 0 for the newest), before the scaling. Each item's reason names the
 * source that contributed most, and for co-occurrence the recent item that contributed most. New items (cold items
 * sharing a catalog attribute with a recent item, {@code ColdItems}) are summed over the recent items the same way,
 * weighted by recency and scaled by the best, and their reason names the recent item they are like.
 */
public final class CandidateBlend {

    /** The reasons an item is recommended, as the API shows them. */
    public static final String FOR_YOU = "for you";
    public static final String POPULAR = "popular";
    public static final String SIMILAR_TO = "similar to ";
    public static final String NEW_LIKE = "new, like ";

    /** How much each source counts; a source with weight 0 is ignored. */
    public record Weights(double personal, double coOccurrence, double popularity, double newItems) {

        public Weights {
            for (double w : new double[] {personal, coOccurrence, popularity, newItems}) {
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("blend weights must be finite and not negative, got " + this);
                }
            }
            if (personal + coOccurrence + popularity + newItems == 0) {
                throw new IllegalArgumentException("at least one blend weight must be positive");
            }
        }

        /** Without new items. */
        public Weights(double personal, double coOccurrence, double popularity) {
            this(personal, coOccurrence, popularity, 0);
        }
    }

    /** The items that followed {@code sourceItem}, best first. */
    public record Neighbourhood(String sourceItem, List<ScoredItem> neighbours) {}

    /** A blended candidate with its score and the reason shown for it. */
    public record Blended(String itemId, double score, String reason) {}

    private CandidateBlend() {}

    /**
     * The {@code limit} best items by blended score, never one {@code exclude} accepts.
     *
     * @param personal      inner-product candidates for the user's embedding, best first (may be empty)
     * @param neighbourhoods co-occurrence neighbours of the user's recent items, newest item first
     * @param popular       the popular items, best first
     */
    public static List<Blended> blend(
            List<ScoredItem> personal,
            List<Neighbourhood> neighbourhoods,
            List<ScoredItem> popular,
            Weights weights,
            Predicate<String> exclude,
            int limit) {
        return blend(personal, neighbourhoods, popular, weights, 1.0, exclude, limit);
    }

    /** As above, with the recent items' weight falling as {@code 1 / (1 + age)^recencyExponent}. */
    public static List<Blended> blend(
            List<ScoredItem> personal,
            List<Neighbourhood> neighbourhoods,
            List<ScoredItem> popular,
            Weights weights,
            double recencyExponent,
            Predicate<String> exclude,
            int limit) {
        return blend(personal, neighbourhoods, popular, List.of(), weights, recencyExponent, exclude, limit);
    }

    /**
     * As above, with new items: {@code alike} holds, for each recent item (newest first, as {@code neighbourhoods}),
     * the cold items that share a catalog attribute with it.
     */
    public static List<Blended> blend(
            List<ScoredItem> personal,
            List<Neighbourhood> neighbourhoods,
            List<ScoredItem> popular,
            List<Neighbourhood> alike,
            Weights weights,
            double recencyExponent,
            Predicate<String> exclude,
            int limit) {
        Map<String, Contributions> byItem = new HashMap<>();
        if (weights.personal() > 0) {
            double best = bestScore(personal);
            for (ScoredItem c : personal) {
                byItem.computeIfAbsent(c.itemId(), Contributions::new).personal += weights.personal() * scaled(c.score(), best);
            }
        }
        if (weights.coOccurrence() > 0) {
            addByRecency(neighbourhoods, weights.coOccurrence(), recencyExponent, byItem, c -> c.coOccurrence);
        }
        if (weights.newItems() > 0) {
            addByRecency(alike, weights.newItems(), recencyExponent, byItem, c -> c.newItem);
        }
        if (weights.popularity() > 0) {
            double best = bestScore(popular);
            for (ScoredItem c : popular) {
                byItem.computeIfAbsent(c.itemId(), Contributions::new).popularity += weights.popularity() * scaled(c.score(), best);
            }
        }
        List<Contributions> ranked = new ArrayList<>(byItem.size());
        for (Contributions c : byItem.values()) {
            if (!exclude.test(c.itemId)) {
                ranked.add(c);
            }
        }
        ranked.sort(BEST_FIRST);
        // Only the kept items get a reply record and a reason (a string built per item).
        List<Blended> best = new ArrayList<>(Math.min(limit, ranked.size()));
        for (int i = 0; i < ranked.size() && i < limit; i++) {
            best.add(ranked.get(i).blended());
        }
        return best;
    }

    private static final Comparator<Contributions> BEST_FIRST =
            Comparator.comparingDouble(Contributions::score).reversed().thenComparing(c -> c.itemId);

    private static double bestScore(List<ScoredItem> items) {
        double best = 0;
        for (ScoredItem c : items) {
            best = Math.max(best, c.score());
        }
        return best;
    }

    /**
     * Adds one recent-item source to every item's part: each neighbour's score, weighed by its recent item's age, summed
     * per item, then scaled by the best sum and weighted.
     */
    private static void addByRecency(List<Neighbourhood> neighbourhoods, double weight, double recencyExponent,
            Map<String, Contributions> byItem, Function<Contributions, RecentItemsPart> part) {
        for (int age = 0; age < neighbourhoods.size(); age++) {
            Neighbourhood n = neighbourhoods.get(age);
            double recency = 1.0 / Math.pow(1 + age, recencyExponent);
            for (ScoredItem c : n.neighbours()) {
                if (c.score() > 0 && Double.isFinite(c.score())) {
                    part.apply(byItem.computeIfAbsent(c.itemId(), Contributions::new)).add(recency * c.score(), n.sourceItem());
                }
            }
        }
        double best = 0;
        for (Contributions c : byItem.values()) {
            best = Math.max(best, part.apply(c).value);
        }
        for (Contributions c : byItem.values()) {
            RecentItemsPart p = part.apply(c);
            p.value = weight * scaled(p.value, best);
        }
    }

    private static double scaled(double score, double best) {
        return best > 0 && score > 0 ? score / best : 0;
    }

    /** A part that the user's recent items lend an item, and the recent item that lent most of it. */
    private static final class RecentItemsPart {
        double value;
        String strongestSource;
        private double strongestPart;

        void add(double part, String sourceItem) {
            value += part;
            if (part > strongestPart) {
                strongestPart = part;
                strongestSource = sourceItem;
            }
        }
    }

    /** One item's weighted parts; the recent-item parts remember which recent item lent most. */
    private static final class Contributions {
        final String itemId;
        double personal;
        final RecentItemsPart coOccurrence = new RecentItemsPart();
        double popularity;
        final RecentItemsPart newItem = new RecentItemsPart();

        Contributions(String itemId) {
            this.itemId = itemId;
        }

        double score() {
            return personal + coOccurrence.value + popularity + newItem.value;
        }

        Blended blended() {
            double score = score();
            double co = coOccurrence.value;
            double fresh = newItem.value;
            String reason;
            if (fresh > personal && fresh > co && fresh >= popularity) {
                reason = NEW_LIKE + newItem.strongestSource;
            } else if (co > personal && co >= popularity) {
                reason = SIMILAR_TO + coOccurrence.strongestSource;
            } else if (personal >= popularity && personal > 0) {
                reason = FOR_YOU;
            } else {
                reason = POPULAR;
            }
            return new Blended(itemId, score, reason);
        }
    }
}
