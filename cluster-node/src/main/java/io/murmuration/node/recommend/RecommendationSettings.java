package io.murmuration.node.recommend;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How recommendations are put together; read from {@code murmuration.recommendations} (see reference.conf, where
 * each key is documented once).
 *
 * @param deadline            how long each source of a user's list may take before the list is served without it
 *                            (and the popular list, when the user's own taste is not read by then)
 * @param weights             blend of a user's candidate sources: the default, and the first of {@code blendSets}
 * @param blendSets           the weight sets that compete for a user's list ({@link BlendLeader}); only
 *                            {@code weights} when the blend is fixed
 * @param blendHalfLife       how many credited interactions halve a set's past hits
 * @param blendCompareEvery   one personal list in how many is ranked under every set and credits the user's next item
 * @param trendContexts       how the leader tells lists apart by their user's following of the crowd, and what counts
 *                            as popular when an interaction is recorded
 * @param similarWeights      blend of an item's similar items: embedding neighbours (personal) and co-occurrence
 * @param candidatesPerSource how many candidates each source contributes before blending and re-ranking
 * @param recentItems         how many of the user's most recent items lend their co-visitation neighbours
 * @param recencyExponent     how fast a recent item's say falls with its age: {@code 1 / (1 + age)^exponent}
 * @param popularityDiscount  the exponent of a neighbour's popularity its co-visitation score is divided by
 * @param excludeTypes        interaction types whose items are not recommended again to the same user
 * @param rememberCandidates  whether a user's entity keeps the last embedding search's candidates, so that asking
 *                            again before acting skips the search (off only to measure the search itself)
 * @param learned             how a learned ranking ranks a user's list ({@link LearnedRanking}) instead of the blend's
 *                            weights; null when the weights are fixed or chosen by the leader
 */
public record RecommendationSettings(
        Duration deadline,
        CandidateBlend.Weights weights,
        List<CandidateBlend.Weights> blendSets,
        double blendHalfLife,
        int blendCompareEvery,
        TrendContexts trendContexts,
        CandidateBlend.Weights similarWeights,
        int candidatesPerSource,
        int recentItems,
        double recencyExponent,
        double popularityDiscount,
        Set<String> excludeTypes,
        boolean rememberCandidates,
        Learning learned) {

    /**
     * The learned ranking's step size, how many of a list's best candidates each step compares the taken item with,
     * and its crossing layer's units (0: none) and step size.
     */
    public record Learning(double learningRate, int keptCandidates, int crossingUnits, double crossingLearningRate) {}

    public RecommendationSettings {
        excludeTypes = Set.copyOf(excludeTypes);
        blendSets = List.copyOf(blendSets);
        if (blendSets.isEmpty() || !blendSets.get(0).equals(weights)) {
            throw new IllegalArgumentException("the blend sets must start with the default weights " + weights);
        }
    }

    /**
     * The sets that compete when the leader chooses: {@code defaults} first, then every pair of {@code personal} ×
     * {@code popularity} with the defaults' co-occurrence and new-items weights, each set once.
     */
    public static List<CandidateBlend.Weights> blendGrid(CandidateBlend.Weights defaults, List<Double> personal,
            List<Double> popularity) {
        Set<CandidateBlend.Weights> sets = new LinkedHashSet<>();
        sets.add(defaults);
        for (double p : personal) {
            for (double q : popularity) {
                sets.add(new CandidateBlend.Weights(p, defaults.coOccurrence(), q, defaults.newItems()));
            }
        }
        return List.copyOf(sets);
    }

    /** The node's learned ranking, null when the blend's weights rank the lists. */
    public LearnedRanking newLearnedRanking() {
        return learned == null ? null
                : new LearnedRanking(trendContexts.count(), learned.learningRate(), learned.keptCandidates(), weights,
                        learned.crossingUnits(), learned.crossingLearningRate());
    }

    /** The node's chooser of weights between {@link #blendSets}. */
    public BlendLeader newBlendLeader() {
        return new BlendLeader(blendSets, blendHalfLife, blendCompareEvery, trendContexts.count(), trendContexts.guard());
    }
}
