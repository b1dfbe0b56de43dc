package io.murmuration.node.recommend;

import io.murmuration.node.item.ScoredItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
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

    /**
     * One candidate's parts before any weights: for each source whether it brought the item and its score on the
     * source's common scale; the co-occurrence sum before that scaling and the share of the recent items whose
     * neighbourhoods hold the item; the popular list's own score for it and its place there (1 the first, 0 not in
     * it).
     */
    public record Parts(String itemId, boolean byPersonal, double personal, boolean byCoOccurrence, double coOccurrence,
            double coOccurrenceSum, double lenderShare, boolean byPopularity, double popularity, double popularCount,
            int popularRank, double newItem, double newestNeighbour, int newestPlace) {}

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
        return candidates(personal, neighbourhoods, popular, alike, recencyExponent).rank(weights, exclude, limit);
    }

    /**
     * The sources' parts of every candidate, each on its common scale and not yet weighted: ranked once per weight
     * set by {@link Candidates#rank}, so blending one user's sources with several sets scales them only once.
     */
    public static Candidates candidates(
            List<ScoredItem> personal,
            List<Neighbourhood> neighbourhoods,
            List<ScoredItem> popular,
            List<Neighbourhood> alike,
            double recencyExponent) {
        Map<String, Contributions> byItem = new HashMap<>();
        double bestPersonal = bestScore(personal);
        for (ScoredItem c : personal) {
            Contributions item = byItem.computeIfAbsent(c.itemId(), Contributions::new);
            item.personal += scaled(c.score(), bestPersonal);
            item.sources |= PERSONAL;
        }
        addByRecency(neighbourhoods, recencyExponent, byItem, c -> c.coOccurrence, CO_OCCURRENCE);
        addByRecency(alike, recencyExponent, byItem, c -> c.newItem, NEW_ITEMS);
        double bestPopular = bestScore(popular);
        for (int rank = 0; rank < popular.size(); rank++) {
            ScoredItem c = popular.get(rank);
            Contributions item = byItem.computeIfAbsent(c.itemId(), Contributions::new);
            item.popularity += scaled(c.score(), bestPopular);
            if (item.popularRank == 0) {
                item.popularRank = rank + 1;
                item.popularCount = Math.max(0, c.score());
            }
            item.sources |= POPULARITY;
        }
        return new Candidates(byItem, neighbourhoods.size());
    }

    /** Every candidate of one user's sources with its unweighted parts; see {@link #candidates}. */
    public static final class Candidates {
        private final List<Contributions> items;
        /** The same contributions by item id: a ranking names each served item's reason from them. */
        private final Map<String, Contributions> byItem;
        private final int recentItems;

        private Candidates(Map<String, Contributions> byItem, int recentItems) {
            this.items = List.copyOf(byItem.values());
            this.byItem = byItem;
            this.recentItems = recentItems;
        }

        /** Every candidate {@code exclude} does not accept, with its parts: what a learned ranking reads. */
        public List<Parts> parts(Predicate<String> exclude) {
            List<Parts> parts = new ArrayList<>(items.size());
            for (Contributions c : items) {
                if (!exclude.test(c.itemId)) {
                    parts.add(new Parts(c.itemId, (c.sources & PERSONAL) != 0, c.personal,
                            (c.sources & CO_OCCURRENCE) != 0, c.coOccurrence.value, c.coOccurrence.raw,
                            recentItems == 0 ? 0 : (double) c.coOccurrence.lenders / recentItems,
                            (c.sources & POPULARITY) != 0, c.popularity, c.popularCount, c.popularRank, c.newItem.value,
                            c.coOccurrence.newest, c.coOccurrence.newestPlace));
                }
            }
            return parts;
        }

        /**
         * {@code parts}' item as ranked elsewhere with {@code score}; its reason is the source that contributes most
         * to it under {@code weights}, as in {@link #rank}.
         */
        public Blended blended(Parts parts, double score, Weights weights) {
            Contributions c = byItem.get(parts.itemId());
            if (c == null) {
                throw new IllegalArgumentException(parts.itemId() + " is not one of the candidates");
            }
            Blended weighted = new Weighted(c, weights).blended();
            return new Blended(weighted.itemId(), score, weighted.reason());
        }

        /** Whether some source brought {@code itemId}: what no weights can rank into a list otherwise. */
        boolean contains(String itemId) {
            return byItem.containsKey(itemId);
        }

        /**
         * The {@code limit} best items under {@code weights}, never one {@code exclude} accepts; only items that a
         * source with a positive weight brought take part.
         */
        public List<Blended> rank(Weights weights, Predicate<String> exclude, int limit) {
            int counted = (weights.personal() > 0 ? PERSONAL : 0) | (weights.coOccurrence() > 0 ? CO_OCCURRENCE : 0)
                    | (weights.popularity() > 0 ? POPULARITY : 0) | (weights.newItems() > 0 ? NEW_ITEMS : 0);
            if (limit <= 0) {
                return List.of();
            }
            // The best `limit` in a heap whose head is the worst kept: a list is ranked under every competing weight
            // set, so only the few kept items are sorted, and only a candidate that would be kept is checked against
            // the exclusions.
            PriorityQueue<Weighted> kept = new PriorityQueue<>(Math.min(limit, items.size()) + 1, BEST_FIRST.reversed());
            for (Contributions c : items) {
                if ((c.sources & counted) == 0) {
                    continue;
                }
                Weighted candidate = new Weighted(c, weights);
                if (kept.size() == limit && BEST_FIRST.compare(candidate, kept.peek()) >= 0) {
                    continue;
                }
                if (!exclude.test(c.itemId)) {
                    kept.add(candidate);
                    if (kept.size() > limit) {
                        kept.poll();
                    }
                }
            }
            List<Weighted> ranked = new ArrayList<>(kept);
            ranked.sort(BEST_FIRST);
            // Only the kept items get a reply record and a reason (a string built per item).
            List<Blended> best = new ArrayList<>(ranked.size());
            for (Weighted w : ranked) {
                best.add(w.blended());
            }
            return best;
        }
    }

    private static final int PERSONAL = 1;
    private static final int CO_OCCURRENCE = 2;
    private static final int POPULARITY = 4;
    private static final int NEW_ITEMS = 8;

    private static final Comparator<Weighted> BEST_FIRST =
            Comparator.comparingDouble(Weighted::score).reversed().thenComparing(w -> w.item.itemId);

    private static double bestScore(List<ScoredItem> items) {
        double best = 0;
        for (ScoredItem c : items) {
            best = Math.max(best, c.score());
        }
        return best;
    }

    /**
     * Adds one recent-item source to every item's part: each neighbour's score, weighed by its recent item's age, summed
     * per item, then scaled by the best sum.
     */
    private static void addByRecency(List<Neighbourhood> neighbourhoods, double recencyExponent,
            Map<String, Contributions> byItem, Function<Contributions, RecentItemsPart> part, int source) {
        for (int age = 0; age < neighbourhoods.size(); age++) {
            Neighbourhood n = neighbourhoods.get(age);
            double recency = 1.0 / Math.pow(1 + age, recencyExponent);
            double newestBest = age == 0 ? bestScore(n.neighbours()) : 0;
            for (int place = 0; place < n.neighbours().size(); place++) {
                ScoredItem c = n.neighbours().get(place);
                if (c.score() > 0 && Double.isFinite(c.score())) {
                    Contributions item = byItem.computeIfAbsent(c.itemId(), Contributions::new);
                    RecentItemsPart p = part.apply(item);
                    p.add(recency * c.score(), n.sourceItem());
                    if (age == 0 && p.newestPlace == 0) {
                        p.newest = scaled(c.score(), newestBest);
                        p.newestPlace = place + 1;
                    }
                    item.sources |= source;
                }
            }
        }
        double best = 0;
        for (Contributions c : byItem.values()) {
            best = Math.max(best, part.apply(c).value);
        }
        for (Contributions c : byItem.values()) {
            RecentItemsPart p = part.apply(c);
            p.raw = p.value;
            p.value = scaled(p.value, best);
        }
    }

    private static double scaled(double score, double best) {
        return best > 0 && score > 0 ? score / best : 0;
    }

    /** A part that the user's recent items lend an item, and the recent item that lent most of it. */
    private static final class RecentItemsPart {
        double value;
        /** The value before scaling by the best. */
        double raw;
        /** How many recent items lent a part. */
        int lenders;
        /** The newest recent item's own part, scaled by its best neighbour's, and the place there (0: not lent). */
        double newest;
        int newestPlace;
        String strongestSource;
        private double strongestPart;

        void add(double part, String sourceItem) {
            value += part;
            lenders++;
            if (part > strongestPart) {
                strongestPart = part;
                strongestSource = sourceItem;
            }
        }
    }

    /** One item's parts, each on its source's scale; the recent-item parts remember which recent item lent most. */
    private static final class Contributions {
        final String itemId;
        /** The sources that brought the item, as bits: an item only a zero-weighted source brought is not ranked. */
        int sources;
        double personal;
        final RecentItemsPart coOccurrence = new RecentItemsPart();
        double popularity;
        /** The popular list's own score and the item's place there, 1 the first (0: not in the list). */
        double popularCount;
        int popularRank;
        final RecentItemsPart newItem = new RecentItemsPart();

        Contributions(String itemId) {
            this.itemId = itemId;
        }
    }

    /** An item's parts under one weight set, and the reason shown for it: the source that contributed most. */
    private static final class Weighted {
        final Contributions item;
        final double personal;
        final double coOccurrence;
        final double popularity;
        final double newItem;
        final double score;

        Weighted(Contributions item, Weights weights) {
            this.item = item;
            this.personal = weights.personal() * item.personal;
            this.coOccurrence = weights.coOccurrence() * item.coOccurrence.value;
            this.popularity = weights.popularity() * item.popularity;
            this.newItem = weights.newItems() * item.newItem.value;
            this.score = personal + coOccurrence + popularity + newItem;
        }

        double score() {
            return score;
        }

        Blended blended() {
            String reason;
            if (newItem > personal && newItem > coOccurrence && newItem >= popularity) {
                reason = NEW_LIKE + item.newItem.strongestSource;
            } else if (coOccurrence > personal && coOccurrence >= popularity) {
                reason = SIMILAR_TO + item.coOccurrence.strongestSource;
            } else if (personal >= popularity && personal > 0) {
                reason = FOR_YOU;
            } else {
                reason = POPULAR;
            }
            return new Blended(item.itemId, score, reason);
        }
    }
}
