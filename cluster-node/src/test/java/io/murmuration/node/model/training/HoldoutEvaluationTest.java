package io.murmuration.node.model.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.murmuration.node.model.versions.ModelVersion;
import io.murmuration.node.model.versions.PromotionPolicy;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldoutEvaluationTest {

    // One factor: a user's score for an item is userFactor × itemFactor, so item 3 > 2 > 1 > 0 for user 0.
    private static final FactorModel MODEL =
            FactorModel.of(1, new float[] {1f, -1f}, new float[] {0.1f, 0.2f, 0.3f, 0.4f});

    private static InteractionMatrix training() {
        return InteractionMatrix.builder(2, 4)
                .add(0, 3, 1) // user 0 already has the item the model likes best
                .add(1, 1, 1)
                .add(0, 1, 1)
                .build();
    }

    @Test
    void ranksOnlyItemsTheUserHasNotSeenInTraining() {
        // user 0's ranking without its training items 3 and 1: [2, 0]; user 1 (negative factor) without 1: [0, 2, 3]
        List<HoldoutEvaluation.Pair> heldOut =
                List.of(new HoldoutEvaluation.Pair(0, 2), new HoldoutEvaluation.Pair(0, 0), new HoldoutEvaluation.Pair(1, 3));

        HoldoutEvaluation.Metrics at1 = HoldoutEvaluation.ofModel(MODEL, training(), heldOut, 1);
        HoldoutEvaluation.Metrics at3 = HoldoutEvaluation.ofModel(MODEL, training(), heldOut, 3);

        assertEquals(1.0 / 3, at1.hitRate(), 1e-12);
        assertEquals(1.0, at3.hitRate(), 1e-12);
        double expectedGain = 1.0 + 1.0 / log2(3) + 1.0 / log2(4); // ranks 0, 1 and 2
        assertEquals(expectedGain / 3, at3.ndcg(), 1e-12);
        assertEquals(2, at3.users());
    }

    @Test
    void scoresPopularityOnTheSameSlice() {
        // training popularity: item 1 has 2 users, item 3 has 1; user 1 has seen item 1, so its top 1 is item 3
        List<HoldoutEvaluation.Pair> heldOut = List.of(new HoldoutEvaluation.Pair(1, 3));

        assertEquals(1.0, HoldoutEvaluation.ofPopularity(training(), heldOut, 1).hitRate(), 1e-12);
    }

    @Test
    void topKKeepsTheBestScoresInOrderAndSkipsExcludedItems() {
        BitSet excluded = new BitSet();
        excluded.set(4);
        double[] scores = {0.5, 0.9, 0.1, 0.7, 1.0, 0.3};

        assertArrayEquals(new int[] {1, 3, 0}, HoldoutEvaluation.topK(6, 3, excluded, i -> scores[i]));
        assertArrayEquals(new int[] {1, 3, 0, 5, 2}, HoldoutEvaluation.topK(6, 10, excluded, i -> scores[i]));
    }

    @Test
    void namesItsMetricsAsModelVersionsCarryThem() {
        HoldoutEvaluation.Metrics metrics = new HoldoutEvaluation.Metrics(0.25, 0.125, 8, 4);

        assertEquals(0.25, metrics.named("", 10).get(ModelVersion.PROMOTION_METRIC));
        assertEquals(0.25, metrics.named("popularity.", 10).get(PromotionPolicy.BASELINE_METRIC));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
