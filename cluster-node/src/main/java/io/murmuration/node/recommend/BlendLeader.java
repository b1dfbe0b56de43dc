package io.murmuration.node.recommend;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the blend weights from live hits (follow the leader, decision 019). Every {@code compareEvery}-th personal
 * list is also ranked under each of a few weight sets; when the user next takes an item, each set that had it in its
 * top k is credited a hit. A set's hits decay by half every {@code halfLife} credited interactions, so the sets compete
 * on the recent past, and the set with the most decayed hits serves the next lists. On a tie the earlier set in the
 * list leads: the first is the configured default, which therefore serves until another set has done better.
 *
 * <p>Only a sample of the lists is compared because the comparison is not free on the serving path: each compared list
 * is ranked once per set and the sets' top k travel to the user's entity and stay there until the user acts. The
 * leader needs a few thousand credits to change, which a sample of the traffic brings as well as all of it.
 *
 * <p>One per node, shared by the recommender (which reads the leader on every list) and the user entities resident on
 * the node (which credit hits): thread-safe, and cheap next to a request. Each node learns from its own users; they are
 * a sample of the same traffic, so the nodes come to the same leader without exchanging anything.
 *
 * <p>Lists may be told apart by a context (decision 026: how much the user follows what is popular,
 * {@link TrendContexts}). Every context keeps its own standings beside the whole stream's, credited by its own lists,
 * but it only advises: a list is served by the whole stream's leader unless its context's leader has beaten that set
 * in the context by more than {@code guard} standard deviations of the difference (a sign test on the two sets' decayed
 * hits there). Where users of the contexts are served best by the same weights, or a context has few credits, noise
 * cannot move its lists away from the whole stream's choice; where they differ a lot, each context gets its own.
 */
public final class BlendLeader {

    /** Sets a hit mask can name: one bit each. */
    public static final int MAX_SETS = Long.SIZE;

    /** One set's standing: its weights, its decayed hits, its hits in all and how many lists it served. */
    public record Standing(CandidateBlend.Weights weights, double recentHits, long hits, long served, boolean leading) {}

    /**
     * The set that serves a list, whether the list is also ranked under every set so that the next item is credited,
     * and the list's context, which its credit names.
     */
    public record Turn(int set, boolean compared, int context) {}

    private final List<CandidateBlend.Weights> sets;
    private final double keep;
    private final int compareEvery;
    private final double guard;
    private final double[] recentHits;
    private final long[] hits;
    private final long[] served;
    /** Per context: each set's decayed hits on the context's lists, and the set that leads them. */
    private final double[][] recentHitsByContext;
    private final int[] leaderByContext;
    private long credited;
    private long lists;
    private int leader;

    /**
     * @param sets     the weight sets that compete, the default first; 1 to {@link #MAX_SETS}
     * @param halfLife how many credited interactions halve a set's past hits
     * @param compareEvery one list in how many is ranked under every set and credits the user's next item; 1 for all
     */
    public BlendLeader(List<CandidateBlend.Weights> sets, double halfLife, int compareEvery) {
        this(sets, halfLife, compareEvery, 1, 0);
    }

    /**
     * @param contexts how many contexts lists are told apart by (1: none)
     * @param guard    by how many standard deviations a context's own leader must beat the whole stream's choice on
     *                 the context's lists to serve them instead (not negative; infinite: never)
     */
    public BlendLeader(List<CandidateBlend.Weights> sets, double halfLife, int compareEvery, int contexts, double guard) {
        if (sets.isEmpty() || sets.size() > MAX_SETS) {
            throw new IllegalArgumentException("between 1 and " + MAX_SETS + " weight sets, got " + sets.size());
        }
        if (!(halfLife > 0) || Double.isInfinite(halfLife)) {
            throw new IllegalArgumentException("the half-life must be a positive number of interactions, got " + halfLife);
        }
        if (compareEvery < 1) {
            throw new IllegalArgumentException("one list in how many is compared must be at least 1, got " + compareEvery);
        }
        if (contexts < 1) {
            throw new IllegalArgumentException("at least one context, got " + contexts);
        }
        if (!(guard >= 0)) {
            throw new IllegalArgumentException("the guard must be a number of standard deviations, not negative, got " + guard);
        }
        this.compareEvery = compareEvery;
        this.sets = List.copyOf(sets);
        this.keep = Math.pow(0.5, 1 / halfLife);
        this.guard = guard;
        this.recentHits = new double[sets.size()];
        this.hits = new long[sets.size()];
        this.served = new long[sets.size()];
        this.recentHitsByContext = new double[contexts][sets.size()];
        this.leaderByContext = new int[contexts];
    }

    /** Always the same weights: nothing to choose between, and no per-set lists to keep. */
    public static BlendLeader fixed(CandidateBlend.Weights weights) {
        return new BlendLeader(List.of(weights), 1, 1);
    }

    /** The competing sets, the default first; a hit mask's bit i stands for set i. */
    public List<CandidateBlend.Weights> sets() {
        return sets;
    }

    /** Whether there is anything to choose: more than one set. */
    public boolean choosing() {
        return sets.size() > 1;
    }

    /** How many contexts lists are told apart by; 1 when they are not. */
    public int contexts() {
        return leaderByContext.length;
    }

    /** The set that serves the next list, as {@link #serve(int)} of the first context. */
    public Turn serve() {
        return serve(0);
    }

    /**
     * The set that serves the next list of {@code context} (a number outside the contexts is the nearest), counted as
     * serving it, and whether that list is one of the compared ones (never when there is nothing to choose between).
     */
    public synchronized Turn serve(int context) {
        int c = Math.max(0, Math.min(context, leaderByContext.length - 1));
        int set = choiceIn(c);
        served[set]++;
        boolean compared = choosing() && lists++ % compareEvery == 0;
        return new Turn(set, compared, c);
    }

    /** The set that would serve a list of {@code context} now, without serving one. */
    public synchronized int choiceIn(int context) {
        int set = leader;
        int advised = leaderByContext[context];
        if (advised != set) {
            double mine = recentHitsByContext[context][advised];
            double theirs = recentHitsByContext[context][set];
            // Both tallies are decayed counts of hits on the same lists: their difference is noise of about
            // √(mine + theirs) where the sets are equally good.
            if (mine - theirs > guard * Math.sqrt(mine + theirs)) {
                set = advised;
            }
        }
        return set;
    }

    /** A user took an item after being served a list of the first context: {@link #credit(int, long)}. */
    public void credit(long hitMask) {
        credit(0, hitMask);
    }

    /**
     * A user took an item after being served a list of {@code context} (a number outside the contexts is the
     * nearest): {@code hitMask} has bit i set when set i's top k held that item (0 when none did, which is a miss for
     * every set).
     */
    public synchronized void credit(int context, long hitMask) {
        int c = Math.max(0, Math.min(context, leaderByContext.length - 1));
        credited++;
        double[] inContext = recentHitsByContext[c];
        for (int i = 0; i < recentHits.length; i++) {
            boolean hit = (hitMask & (1L << i)) != 0;
            recentHits[i] = recentHits[i] * keep + (hit ? 1 : 0);
            inContext[i] = inContext[i] * keep + (hit ? 1 : 0);
            if (hit) {
                hits[i]++;
            }
        }
        leader = best(recentHits);
        leaderByContext[c] = best(inContext);
    }

    /** The first set with the most decayed hits: the earlier set keeps the lead on a tie. */
    private static int best(double[] recent) {
        int best = 0;
        for (int i = 1; i < recent.length; i++) {
            if (recent[i] > recent[best]) {
                best = i;
            }
        }
        return best;
    }

    /** How many interactions were credited. */
    public synchronized long credited() {
        return credited;
    }

    /** Each set's decayed hits on the lists of {@code context}, in the order of {@link #sets}. */
    public synchronized double[] recentHitsIn(int context) {
        return recentHitsByContext[context].clone();
    }

    /** Every set's standing on the whole stream, in the order of {@link #sets}. */
    public synchronized List<Standing> standings() {
        List<Standing> all = new ArrayList<>(sets.size());
        for (int i = 0; i < sets.size(); i++) {
            all.add(new Standing(sets.get(i), recentHits[i], hits[i], served[i], i == leader));
        }
        return all;
    }
}
