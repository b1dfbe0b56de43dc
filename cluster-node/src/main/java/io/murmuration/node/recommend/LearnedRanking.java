package io.murmuration.node.recommend;

import io.murmuration.node.item.ItemActivity;
import io.murmuration.node.recommend.CandidateBlend.Blended;
import io.murmuration.node.recommend.CandidateBlend.Parts;
import io.murmuration.node.user.UserEntity.RankedCandidates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Ranks a user's candidates by a linear score learned from what users take next (docs/decisions/028). Each candidate
 * is described by its parts ({@link CandidateBlend.Parts}: every source's scaled score and whether it brought the item,
 * the co-occurrence sum and how many recent items lend to it, the popular list's count and place, the new-item part)
 * and by its activity ({@link ItemActivity}: how often it was taken, how long ago first and last; decision 029), and
 * each feature's weight depends on the request: on the user's trend context ({@link TrendContexts}, one weight per
 * context), on the length of the user's history, on how long the user has been away (a same-day return, the log of
 * the days since the user's latest interaction), on how much the user follows the crowd and on how many of the user's
 * recent items were new when taken (decision 030). So a user who follows the crowd can be ranked mostly by the popular
 * list while one with a taste of their own is ranked by co-occurrence and the factors, and within a context the
 * sources' parts are mixed per item rather than per list. Beside that linear score, a crossing layer of leaky units,
 * each reading every item and user feature, weighs features together — what one part says where another holds —
 * which a linear score cannot (decision 031); its output weights start at 0.
 *
 * <p>Learning: after a list is served, the user's next positive interaction is one step of a listwise softmax loss
 * over the {@code kept} best candidates of that list — the taken item's features against their expectation under the
 * list's softmax — with AdaGrad per weight (the crossing layer's by backpropagation of the same loss). A list whose
 * taken item was not among those candidates teaches nothing (no weights could have ranked it). The weights start as the fixed blend's weights on the scaled parts, so a node that
 * has learned nothing yet ranks as the fixed blend does. Each node learns from its own users' lists; the weights are
 * not kept across a restart, as the blend leader's standings are not.
 *
 * <p>Thread-safe: lists are ranked on any thread against the latest published weights; steps are serialised.
 */
public final class LearnedRanking {

    /** The features of one candidate, in this order; see {@link #itemFeatures}. */
    public static final List<String> FEATURES = List.of("personal", "by_personal", "co_occurrence", "by_co_occurrence",
            "co_occurrence_sum", "lender_share", "popularity", "by_popularity", "popular_place", "popular_count",
            "new_items", "taken", "since_last_taken", "since_first_taken", "last_taken_today", "last_taken_3d",
            "last_taken_14d", "first_taken_3d", "first_taken_14d", "first_taken_60d", "newest_neighbour", "newest_place");

    public static final int ITEM_FEATURES = FEATURES.size();

    /** What a feature of time takes for an item never taken, or a request without a time: as if ten years ago. */
    private static final double UNKNOWN_DAYS = 3650;

    /**
     * User features beyond the contexts: the history's length, a same-day return, the days away, the share of the
     * user's items that were in the popular head, the share of the recent ones that were new when taken.
     */
    private static final int USER_HISTORY_FEATURES = 5;

    /**
     * A crossing unit's slope below 0: not flat, so a unit that a large step pushed below 0 for every candidate still
     * learns its way back (with a flat side, AdaGrad's first steps silenced every unit at step sizes above 0.1).
     */
    private static final double LEAK = 0.1;

    /** What draws the crossing layer's first weights: a fixed seed, so that every node starts from the same ones. */
    private static final long CROSSING_SEED = 1;

    /** An item taken within this many days of its first taking was new then ({@link #newShare}). */
    public static final int NEW_WITHIN_DAYS = 14;

    /**
     * What the ranking knows of the candidates beyond their sources: each one's activity (null: never taken, or not
     * known) and the request's event time, against which the activity's times are read (null: not known).
     */
    public record Activity(Function<String, ItemActivity.Facts> of, Instant now) {

        /** Nothing known: every candidate's activity features take their unknown values. */
        public static final Activity NONE = new Activity(item -> null, null);
    }

    private final int contexts;
    private final int userFeatures;
    private final double learningRate;
    private final int kept;
    private final CandidateBlend.Weights reasons;
    /** Item feature i's weight under user feature u at {@code i * userFeatures + u}; replaced whole by each step. */
    private volatile double[] weights;
    private final double[] squaredGradients;
    /** Units of the crossing layer; 0: the score is the linear one alone. */
    private final int crossingUnits;
    /** What a crossing unit reads: the item features, the user features and a constant 1. */
    private final int crossingInputs;
    private final double crossingRate;
    /**
     * The crossing layer; replaced whole by each step, just before {@link #weights}: a list ranked meanwhile may read
     * one step's layer with the step before's linear weights, which differ by one small step.
     */
    private volatile Crossing crossing;
    private final double[] squaredInGradients;
    private final double[] squaredOutGradients;
    private long steps;
    private long skipped;

    /** Unit h reads input d with {@code in[h * crossingInputs + d]}; its leaky output adds {@code out[h]} times itself. */
    private record Crossing(double[] in, double[] out) {}

    /**
     * @param contexts     how many trend contexts the requests are told apart by (at least 1)
     * @param learningRate AdaGrad's step size
     * @param kept         how many of a list's best candidates a step compares the taken item with
     * @param start        the weights the ranking starts from, and by which an item's reason is named
     */
    public LearnedRanking(int contexts, double learningRate, int kept, CandidateBlend.Weights start) {
        this(contexts, learningRate, kept, start, 0, learningRate);
    }

    /**
     * As above, with a crossing layer of {@code crossingUnits} (0: none) learned with step size {@code crossingRate},
     * its weights drawn the same on every node.
     */
    public LearnedRanking(int contexts, double learningRate, int kept, CandidateBlend.Weights start, int crossingUnits,
            double crossingRate) {
        this(contexts, learningRate, kept, start, crossingUnits, crossingRate, CROSSING_SEED);
    }

    LearnedRanking(int contexts, double learningRate, int kept, CandidateBlend.Weights start, int crossingUnits,
            double crossingRate, long seed) {
        if (contexts < 1) {
            throw new IllegalArgumentException("at least one context, got " + contexts);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be positive and finite, got " + learningRate);
        }
        if (kept < 1) {
            throw new IllegalArgumentException("at least one candidate kept for learning, got " + kept);
        }
        if (crossingUnits < 0) {
            throw new IllegalArgumentException("no negative number of crossing units, got " + crossingUnits);
        }
        if (!(crossingRate > 0) || Double.isInfinite(crossingRate)) {
            throw new IllegalArgumentException("the crossing layer's step size must be positive and finite, got " + crossingRate);
        }
        this.contexts = contexts;
        this.userFeatures = contexts + USER_HISTORY_FEATURES;
        this.learningRate = learningRate;
        this.kept = kept;
        this.reasons = start;
        double[] initial = new double[ITEM_FEATURES * userFeatures];
        for (int context = 0; context < contexts; context++) {
            initial[0 * userFeatures + context] = start.personal();
            initial[2 * userFeatures + context] = start.coOccurrence();
            initial[6 * userFeatures + context] = start.popularity();
            initial[10 * userFeatures + context] = start.newItems();
        }
        this.weights = initial;
        this.squaredGradients = new double[initial.length];
        this.crossingUnits = crossingUnits;
        this.crossingRate = crossingRate;
        this.crossingInputs = ITEM_FEATURES + userFeatures + 1;
        Random random = new Random(seed);
        double[] in = new double[crossingUnits * crossingInputs];
        for (int w = 0; w < in.length; w++) {
            in[w] = random.nextGaussian() / Math.sqrt(crossingInputs);
        }
        this.crossing = new Crossing(in, new double[crossingUnits]);
        this.squaredInGradients = new double[in.length];
        this.squaredOutGradients = new double[crossingUnits];
    }

    /**
     * Each crossing unit's input from what is the same for every candidate of a list: the user features and the
     * constant. Computed once a list, not once a candidate.
     */
    private double[] requestInputs(Crossing c, float[] user) {
        double[] a = new double[crossingUnits];
        for (int h = 0; h < crossingUnits; h++) {
            int base = h * crossingInputs;
            a[h] = c.in()[base + crossingInputs - 1];
            for (int u = 0; u < userFeatures; u++) {
                a[h] += c.in()[base + ITEM_FEATURES + u] * user[u];
            }
        }
        return a;
    }

    /**
     * Candidate j's score: the linear part under {@code perItem}, plus the crossing layer's from the request's part of
     * each unit's input ({@link #requestInputs}); the units' inputs and outputs into {@code pre}, {@code post} if given.
     */
    private double scoreOf(double[] perItem, Crossing c, double[] request, float[] x, int j, double[] pre,
            double[] post) {
        double s = 0;
        for (int i = 0; i < ITEM_FEATURES; i++) {
            s += perItem[i] * x[j * ITEM_FEATURES + i];
        }
        for (int h = 0; h < crossingUnits; h++) {
            int base = h * crossingInputs;
            double a = request[h];
            for (int i = 0; i < ITEM_FEATURES; i++) {
                a += c.in()[base + i] * x[j * ITEM_FEATURES + i];
            }
            double out = a > 0 ? a : LEAK * a;
            if (pre != null) {
                pre[j * crossingUnits + h] = a;
                post[j * crossingUnits + h] = out;
            }
            s += c.out()[h] * out;
        }
        return s;
    }

    /** A list ranked: the items served, and the best candidates with their features, for the step its user's next item makes. */
    public record Ranking(List<Blended> items, RankedCandidates rankedFrom) {}

    /**
     * What the request says about its user: the trend context (0-based), how many interactions the user has, how
     * long since the user's latest interaction in event time (null: not known; a negative one counts as none), the
     * share of the user's positive interactions whose item was in the popular head ({@code popularShare}, the one the
     * context is picked by) and the share of the user's recent items that were new when taken ({@link #newShare}).
     * A share outside 0..1 or not a number counts as 0.
     */
    public float[] userFeatures(int context, long historyLength, Duration away, double popularShare, double newShare) {
        if (context < 0 || context >= contexts) {
            throw new IllegalArgumentException("context " + context + " outside 0.." + (contexts - 1));
        }
        float[] features = new float[userFeatures];
        features[context] = 1;
        features[contexts] = (float) (Math.log1p(Math.max(0, historyLength)) / 5.0);
        if (away != null) {
            double days = Math.max(0, away.getSeconds()) / 86_400.0;
            features[contexts + 1] = days < 1 ? 1 : 0;
            features[contexts + 2] = (float) (Math.log1p(days) / 3.0);
        }
        features[contexts + 3] = share(popularShare);
        features[contexts + 4] = share(newShare);
        return features;
    }

    private static float share(double share) {
        return share >= 0 && share <= 1 ? (float) share : 0;
    }

    /** As above, for a request that knows only the user's context and history length. */
    public float[] userFeatures(int context, long historyLength) {
        return userFeatures(context, historyLength, null, 0, 0);
    }

    /**
     * Of the user's recent items, the share that were new when the user took them: taken within
     * {@value #NEW_WITHIN_DAYS} days of the item's first taking by anyone. {@code takenAt} is when the user took each
     * of {@code items} (aligned; an item whose time or activity is not known, or that the user took before its first
     * taking as known, is not judged). 0 when none is judged.
     * Some users take what has just arrived (reviewers sent new products, say), and they take the next new item too.
     */
    public static double newShare(List<String> items, List<Instant> takenAt, Function<String, ItemActivity.Facts> activity) {
        if (items == null || takenAt == null || items.size() != takenAt.size()) {
            return 0;
        }
        int judged = 0;
        int fresh = 0;
        for (int i = 0; i < items.size(); i++) {
            ItemActivity.Facts facts = activity.apply(items.get(i));
            Instant at = takenAt.get(i);
            if (facts == null || facts.first() == null || at == null || at.isBefore(facts.first())) {
                // Before the item's first taking as its shard knows it: the shard counted afresh since (a failed
                // read-back starts its activity over), so how new the item was then is not known.
                continue;
            }
            judged++;
            if (Duration.between(facts.first(), at).toDays() < NEW_WITHIN_DAYS) {
                fresh++;
            }
        }
        return judged == 0 ? 0 : (double) fresh / judged;
    }

    /**
     * One candidate's features: personal part, brought by the factors, co-occurrence part, brought by co-occurrence,
     * log of the co-occurrence sum, share of recent items lending, popularity part, brought by the popular list, its
     * place there (−ln(place)/5, −2 when not in it), log of its popular count, new-item part; log of how often it was
     * taken (0 when never), and −log(1 + days) since it was last and first taken as of {@code now} (as if ten years
     * when either is not known); then the same days in ranges, one 0/1 feature each (last taken within the day, in 1–3
     * days, in 3–14 days; first taken within 3 days, in 3–14, in 14–60), which the logarithms alone could not weigh
     * apart: a burst of takings on the day differs from a steady seller.
     */
    static void itemFeatures(Parts p, ItemActivity.Facts facts, Instant now, float[] into, int offset) {
        into[offset] = (float) p.personal();
        into[offset + 1] = p.byPersonal() ? 1 : 0;
        into[offset + 2] = (float) p.coOccurrence();
        into[offset + 3] = p.byCoOccurrence() ? 1 : 0;
        into[offset + 4] = (float) Math.log1p(Math.max(0, p.coOccurrenceSum()));
        into[offset + 5] = (float) p.lenderShare();
        into[offset + 6] = (float) p.popularity();
        into[offset + 7] = p.byPopularity() ? 1 : 0;
        into[offset + 8] = p.popularRank() > 0 ? (float) (-Math.log(p.popularRank()) / 5.0) : -2f;
        into[offset + 9] = (float) (Math.log1p(Math.max(0, p.popularCount())) / 3.0);
        into[offset + 10] = (float) p.newItem();
        into[offset + 11] = facts == null ? 0 : (float) (Math.log1p(facts.taken()) / 5.0);
        double sinceLast = daysBetween(facts == null ? null : facts.last(), now);
        double sinceFirst = daysBetween(facts == null ? null : facts.first(), now);
        into[offset + 12] = (float) (-Math.log1p(sinceLast) / 5.0);
        into[offset + 13] = (float) (-Math.log1p(sinceFirst) / 5.0);
        into[offset + 14] = sinceLast < 1 ? 1 : 0;
        into[offset + 15] = sinceLast >= 1 && sinceLast < 3 ? 1 : 0;
        into[offset + 16] = sinceLast >= 3 && sinceLast < 14 ? 1 : 0;
        into[offset + 17] = sinceFirst < 3 ? 1 : 0;
        into[offset + 18] = sinceFirst >= 3 && sinceFirst < 14 ? 1 : 0;
        into[offset + 19] = sinceFirst >= 14 && sinceFirst < 60 ? 1 : 0;
        into[offset + 20] = (float) p.newestNeighbour();
        into[offset + 21] = p.newestPlace() > 0 ? (float) (-Math.log(p.newestPlace()) / 5.0) : -2f;
        for (int i = offset; i < offset + ITEM_FEATURES; i++) {
            if (!Float.isFinite(into[i])) {
                into[i] = 0; // a part no source should give (an unbounded count) says nothing rather than poisoning the weights
            }
        }
    }

    /** Days from {@code then} to {@code now}, none when {@code then} is later; {@link #UNKNOWN_DAYS} if either is not known. */
    private static double daysBetween(Instant then, Instant now) {
        if (then == null || now == null) {
            return UNKNOWN_DAYS;
        }
        return Math.min(UNKNOWN_DAYS, Math.max(0, now.getEpochSecond() - then.getEpochSecond()) / 86_400.0);
    }

    /** As below, with no candidate's activity known. */
    public Ranking rank(CandidateBlend.Candidates candidates, float[] user, Predicate<String> exclude, int limit) {
        return rank(candidates, user, Activity.NONE, exclude, limit);
    }

    /** The {@code limit} best candidates {@code exclude} does not accept, and the {@code kept} best for learning. */
    public Ranking rank(CandidateBlend.Candidates candidates, float[] user, Activity activity, Predicate<String> exclude,
            int limit) {
        double[] perItem = itemWeights(weights, user);
        Crossing c = crossing;
        double[] request = requestInputs(c, user);
        List<Parts> parts = candidates.parts(exclude);
        int n = parts.size();
        float[] features = new float[n * ITEM_FEATURES];
        double[] scores = new double[n];
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            itemFeatures(parts.get(j), activity.of().apply(parts.get(j).itemId()), activity.now(), features,
                    j * ITEM_FEATURES);
            scores[j] = scoreOf(perItem, c, request, features, j, null, null);
            order[j] = j;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> -scores[j]).thenComparing(j -> parts.get(j).itemId()));
        List<Blended> items = new ArrayList<>(Math.min(limit, n));
        for (int r = 0; r < Math.min(limit, n); r++) {
            int j = order[r];
            items.add(candidates.blended(parts.get(j), scores[j], reasons));
        }
        int keep = Math.min(kept, n);
        if (keep == 0) {
            return new Ranking(items, null);
        }
        List<String> keptIds = new ArrayList<>(keep);
        float[] keptFeatures = new float[keep * ITEM_FEATURES];
        for (int r = 0; r < keep; r++) {
            keptIds.add(parts.get(order[r]).itemId());
            System.arraycopy(features, order[r] * ITEM_FEATURES, keptFeatures, r * ITEM_FEATURES, ITEM_FEATURES);
        }
        return new Ranking(items, new RankedCandidates(keptIds, keptFeatures, user));
    }

    /**
     * One step: the user took {@code rankedFrom}'s candidate at {@code taken} after the list. Candidates described by
     * another number of features, or by none (a list served by another version of the node), teach nothing.
     */
    public void learn(RankedCandidates rankedFrom, int taken) {
        int n = rankedFrom.itemIds().size();
        float[] x = rankedFrom.itemFeatures();
        float[] user = rankedFrom.userFeatures();
        if (taken < 0 || taken >= n || x == null || user == null || x.length != n * ITEM_FEATURES
                || user.length != userFeatures) {
            synchronized (this) {
                skipped++;
            }
            return;
        }
        synchronized (this) {
            double[] current = weights;
            Crossing c = crossing;
            double[] perItem = itemWeights(current, user);
            double[] scores = new double[n];
            double[] pre = new double[n * crossingUnits];
            double[] post = new double[n * crossingUnits];
            double top = Double.NEGATIVE_INFINITY;
            double[] request = requestInputs(c, user);
            for (int j = 0; j < n; j++) {
                scores[j] = scoreOf(perItem, c, request, x, j, pre, post);
                top = Math.max(top, scores[j]);
            }
            double total = 0;
            for (int j = 0; j < n; j++) {
                total += scores[j] = Math.exp(scores[j] - top);
            }
            // the gradient of log softmax(taken) in the item features: the taken item's less their expectation
            double[] direction = new double[ITEM_FEATURES];
            for (int i = 0; i < ITEM_FEATURES; i++) {
                direction[i] = x[taken * ITEM_FEATURES + i];
            }
            for (int j = 0; j < n; j++) {
                double p = scores[j] / total;
                for (int i = 0; i < ITEM_FEATURES; i++) {
                    direction[i] -= p * x[j * ITEM_FEATURES + i];
                }
            }
            double[] next = current.clone();
            for (int i = 0; i < ITEM_FEATURES; i++) {
                for (int u = 0; u < userFeatures; u++) {
                    double g = direction[i] * user[u];
                    if (g == 0 || !Double.isFinite(g)) {
                        continue;
                    }
                    int w = i * userFeatures + u;
                    squaredGradients[w] += g * g;
                    // the small constant: a gradient whose square underflows must not divide by zero
                    next[w] += learningRate * g / Math.sqrt(squaredGradients[w] + 1e-8);
                }
            }
            if (crossingUnits > 0) {
                crossing = crossingStep(c, x, user, taken, scores, total, pre, post);
            }
            weights = next;
            steps++;
        }
    }

    /** The crossing layer's AdaGrad step on the same softmax loss; {@code scores[j] / total} is candidate j's probability. */
    private Crossing crossingStep(Crossing c, float[] x, float[] user, int taken, double[] scores, double total,
            double[] pre, double[] post) {
        int n = scores.length;
        double[] in = c.in().clone();
        double[] out = c.out().clone();
        for (int h = 0; h < crossingUnits; h++) {
            double gOut = post[taken * crossingUnits + h];
            double[] gIn = new double[crossingInputs];
            double slopes = 0;
            for (int j = 0; j < n; j++) {
                double weight = (j == taken ? 1 : 0) - scores[j] / total;
                gOut -= scores[j] / total * post[j * crossingUnits + h];
                // the unit's slope at this candidate's input
                double slope = weight * (pre[j * crossingUnits + h] > 0 ? 1 : LEAK);
                if (slope == 0) {
                    continue;
                }
                for (int i = 0; i < ITEM_FEATURES; i++) {
                    gIn[i] += slope * x[j * ITEM_FEATURES + i];
                }
                slopes += slope;
            }
            // the user features and the constant are every candidate's: their gradient is the slopes' sum times them
            for (int u = 0; u < userFeatures; u++) {
                gIn[ITEM_FEATURES + u] = slopes * user[u];
            }
            gIn[crossingInputs - 1] = slopes;
            for (int d = 0; d < crossingInputs; d++) {
                double g = c.out()[h] * gIn[d];
                if (g == 0 || !Double.isFinite(g)) {
                    continue;
                }
                int w = h * crossingInputs + d;
                squaredInGradients[w] += g * g;
                in[w] += crossingRate * g / Math.sqrt(squaredInGradients[w] + 1e-8);
            }
            if (gOut != 0 && Double.isFinite(gOut)) {
                squaredOutGradients[h] += gOut * gOut;
                out[h] += crossingRate * gOut / Math.sqrt(squaredOutGradients[h] + 1e-8);
            }
        }
        return new Crossing(in, out);
    }

    private double[] itemWeights(double[] w, float[] user) {
        double[] perItem = new double[ITEM_FEATURES];
        if (user.length != userFeatures) {
            throw new IllegalArgumentException("expected " + userFeatures + " user features, got " + user.length);
        }
        for (int i = 0; i < ITEM_FEATURES; i++) {
            for (int u = 0; u < userFeatures; u++) {
                perItem[i] += w[i * userFeatures + u] * user[u];
            }
        }
        return perItem;
    }

    /** One candidate's score from its item features {@code x} for a request with {@code user}'s features. */
    double score(float[] x, float[] user) {
        Crossing c = crossing;
        return scoreOf(itemWeights(weights, user), c, requestInputs(c, user), x, 0, null, null);
    }

    /** The weights of the item features for a request with {@code user}'s features, as the next list would be ranked. */
    public double[] weightsFor(float[] user) {
        return itemWeights(weights, user);
    }

    /** The weights of the item features in {@code context}, for a user with no history yet (what the metrics chart). */
    public double[] weightsIn(int context) {
        return weightsFor(userFeatures(context, 0));
    }

    /** Steps taken since the node started. */
    public synchronized long steps() {
        return steps;
    }

    /** Steps refused: candidates described by another number of features, or a taken place outside them. */
    public synchronized long skipped() {
        return skipped;
    }

    public int contexts() {
        return contexts;
    }
}
