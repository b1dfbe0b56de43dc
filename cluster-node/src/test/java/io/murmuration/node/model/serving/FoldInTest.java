package io.murmuration.node.model.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.murmuration.node.model.training.ReferenceAlgebra;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FoldInTest {

    private static final int D = 8;
    private static final int ITEMS = 40;
    private static final double LAMBDA = 0.5;
    private static final double ALPHA = 5.0;

    private static float[] randomItemFactors(long seed) {
        Random random = new Random(seed);
        float[] factors = new float[ITEMS * D];
        for (int n = 0; n < factors.length; n++) {
            factors[n] = (float) (random.nextGaussian() * 0.5);
        }
        return factors;
    }

    private static float[] row(float[] factors, int item) {
        return Arrays.copyOfRange(factors, item * D, (item + 1) * D);
    }

    @Test
    void gramIsYTransposeYPlusLambdaOnTheDiagonal() {
        float[] y = {1, 2, 3, 4}; // two items, d = 2

        double[] g = FoldIn.gram(y, 2, 0.5);

        assertArrayEquals(new double[] {1 + 9 + 0.5, 2 + 12, 2 + 12, 4 + 16 + 0.5}, g, 1e-12);
    }

    @Test
    void foldingInEventsOneByOneEqualsSolvingTheAlsUserStepFromScratch() {
        // given weighted events, some on the same item (a view then a purchase), as a user's history has them
        float[] y = randomItemFactors(21L);
        int[] items = {2, 9, 17, 9, 33, 38, 2};
        double[] weights = {1.0, 2.0, 8.0, 8.0, 1.0, 4.0, 0.5};
        double[] g = FoldIn.gram(y, D, LAMBDA);
        UserFoldInState state = new UserFoldInState(D, ALPHA);
        double[] totals = new double[ITEMS];

        // when they are folded in one by one
        for (int n = 0; n < items.length; n++) {
            state.add(row(y, items[n]), weights[n], totals[items[n]] == 0.0);
            totals[items[n]] += weights[n];
        }
        double[] folded = state.solve(g);

        // then the embedding is the batch ALS user step on the summed weights
        double[] direct = ReferenceAlgebra.alsStep(y, D, totals, LAMBDA, ALPHA);
        assertArrayEquals(direct, folded, 1e-6);
    }

    @Test
    void decayLeavesTheSeenItemsPositiveAndEqualsTheStepOnDecayedWeights() {
        float[] y = randomItemFactors(13L);
        double[] g = FoldIn.gram(y, D, LAMBDA);
        UserFoldInState state = new UserFoldInState(D, ALPHA);
        state.add(row(y, 4), 8.0, true);
        state.add(row(y, 6), 2.0, true);

        state.decay(0.25);

        double[] decayedTotals = new double[ITEMS];
        decayedTotals[4] = 2.0;
        decayedTotals[6] = 0.5;
        assertArrayEquals(ReferenceAlgebra.alsStep(y, D, decayedTotals, LAMBDA, ALPHA), state.solve(g), 1e-6);
    }

    @Test
    void anEmptyHistoryFoldsToTheZeroVector() {
        double[] g = FoldIn.gram(randomItemFactors(1L), D, LAMBDA);

        assertArrayEquals(new double[D], new UserFoldInState(D, ALPHA).solve(g), 0.0);
    }

    @Test
    void decayingByHalfThenAddingEqualsBuildingWithHalvedOldWeights() {
        float[] y = randomItemFactors(5L);
        double[] g = FoldIn.gram(y, D, LAMBDA);
        UserFoldInState decayed = new UserFoldInState(D, ALPHA);
        UserFoldInState rebuilt = new UserFoldInState(D, ALPHA);

        decayed.add(row(y, 3), 1.0, true);
        decayed.add(row(y, 11), 4.0, true);
        decayed.decay(0.5);
        decayed.add(row(y, 27), 2.0, true);

        rebuilt.add(row(y, 3), 0.5, true);
        rebuilt.add(row(y, 11), 2.0, true);
        rebuilt.add(row(y, 27), 2.0, true);

        assertArrayEquals(rebuilt.packedA(), decayed.packedA(), 1e-12);
        assertArrayEquals(rebuilt.b(), decayed.b(), 1e-12);
        assertArrayEquals(rebuilt.solve(g), decayed.solve(g), 1e-12);
    }

    @Test
    void aRestoredCopyFoldsOnIndependentlyOfTheOriginal() {
        float[] y = randomItemFactors(8L);
        UserFoldInState original = new UserFoldInState(D, ALPHA);
        original.add(row(y, 0), 1.0, true);

        UserFoldInState restored =
                UserFoldInState.of(D, ALPHA, original.packedA(), original.preference(), original.confidence());
        restored.add(row(y, 1), 1.0, true);

        assertEquals(ALPHA * y[0] * y[0], original.packedA()[0], 1e-12);
        assertEquals(ALPHA * (y[0] * y[0] + y[D] * y[D]), restored.packedA()[0], 1e-6);
    }

    @Test
    void refusesANegativeWeightAWrongSizedVectorAndAZeroWeightPositive() {
        UserFoldInState state = new UserFoldInState(D, ALPHA);

        assertThrows(IllegalArgumentException.class, () -> state.add(new float[D], -1.0, false));
        assertThrows(IllegalArgumentException.class, () -> state.add(new float[D - 1], 1.0, true));
        assertThrows(IllegalArgumentException.class, () -> state.add(new float[D], 0.0, true));
        assertThrows(IllegalArgumentException.class, () -> state.decay(1.5));
    }
}
