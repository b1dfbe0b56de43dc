package io.murmuration.node.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        float[] y = randomItemFactors(21L);
        int[] seen = {2, 9, 17, 33, 38};
        double[] g = FoldIn.gram(y, D, LAMBDA);
        UserFoldInState state = new UserFoldInState(D, ALPHA);

        for (int item : seen) {
            state.add(row(y, item), 1.0);
        }
        double[] folded = state.solve(g);

        double[] weights = new double[ITEMS];
        for (int item : seen) {
            weights[item] = 1.0;
        }
        double[] direct = ReferenceAlgebra.alsStep(y, D, weights, LAMBDA, ALPHA);
        assertArrayEquals(direct, folded, 1e-6);
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

        decayed.add(row(y, 3), 1.0);
        decayed.add(row(y, 11), 4.0);
        decayed.decay(0.5);
        decayed.add(row(y, 27), 2.0);

        rebuilt.add(row(y, 3), 0.5);
        rebuilt.add(row(y, 11), 2.0);
        rebuilt.add(row(y, 27), 2.0);

        assertArrayEquals(rebuilt.packedA(), decayed.packedA(), 1e-12);
        assertArrayEquals(rebuilt.b(), decayed.b(), 1e-12);
        assertArrayEquals(rebuilt.solve(g), decayed.solve(g), 1e-12);
    }

    @Test
    void aRestoredCopyFoldsOnIndependentlyOfTheOriginal() {
        float[] y = randomItemFactors(8L);
        UserFoldInState original = new UserFoldInState(D, ALPHA);
        original.add(row(y, 0), 1.0);

        UserFoldInState restored = UserFoldInState.of(D, ALPHA, original.packedA(), original.b());
        restored.add(row(y, 1), 1.0);

        assertEquals(ALPHA * y[0] * y[0], original.packedA()[0], 1e-12);
        assertEquals(ALPHA * (y[0] * y[0] + y[D] * y[D]), restored.packedA()[0], 1e-6);
    }

    @Test
    void refusesANegativeWeightAndAWrongSizedVector() {
        UserFoldInState state = new UserFoldInState(D, ALPHA);

        assertThrows(IllegalArgumentException.class, () -> state.add(new float[D], -1.0));
        assertThrows(IllegalArgumentException.class, () -> state.add(new float[D - 1], 1.0));
        assertThrows(IllegalArgumentException.class, () -> state.decay(1.5));
    }
}
