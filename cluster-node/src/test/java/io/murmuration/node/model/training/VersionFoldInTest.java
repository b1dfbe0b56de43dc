package io.murmuration.node.model.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.murmuration.node.model.versions.ModelStore.StoredFactors;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VersionFoldInTest {

    private static final int D = 3;
    private static final double LAMBDA = 0.5;
    private static final double ALPHA = 4.0;

    /** A stored version knowing items x, y and z, in an order unlike the new matrix's. */
    private static StoredFactors version() {
        Random random = new Random(3L);
        float[] factors = new float[3 * D];
        for (int n = 0; n < factors.length; n++) {
            factors[n] = (float) random.nextGaussian();
        }
        return new StoredFactors("v1", new String[] {"z", "x", "y"}, factors, D);
    }

    private static float[] row(StoredFactors version, int row) {
        return Arrays.copyOfRange(version.factors(), row * D, (row + 1) * D);
    }

    // New numbering: x = 0, new = 1, y = 2; "new" is unknown to the version.
    private static final String[] ITEMS = {"x", "new", "y"};

    @Test
    void eachUserVectorIsTheAlsUserStepAgainstTheVersionsFixedItems() {
        InteractionMatrix training = InteractionMatrix.builder(1, 3).add(0, 0, 2.0).add(0, 1, 5.0).add(0, 2, 1.0).build();
        StoredFactors version = version();

        FactorModel model = VersionFoldIn.onto(training, ITEMS, version, LAMBDA, ALPHA);

        // over the version's own rows z, x, y: the unknown item contributes nothing
        double[] weightByVersionRow = {0.0, 2.0, 1.0};
        double[] expected = ReferenceAlgebra.alsStep(version.factors(), D, weightByVersionRow, LAMBDA, ALPHA);
        float[] actual = model.userVector(0);
        for (int j = 0; j < D; j++) {
            assertEquals(expected[j], actual[j], 1e-5);
        }
    }

    @Test
    void renumbersTheVersionsItemsAndGivesUnknownItemsZeroVectors() {
        InteractionMatrix training = InteractionMatrix.builder(2, 3).add(0, 0, 1.0).add(1, 1, 3.0).build();
        StoredFactors version = version();

        FactorModel model = VersionFoldIn.onto(training, ITEMS, version, LAMBDA, ALPHA);

        assertArrayEquals(row(version, 1), model.itemVector(0));
        assertArrayEquals(new float[D], model.itemVector(1));
        assertArrayEquals(row(version, 2), model.itemVector(2));
        assertArrayEquals(new float[D], model.userVector(1), "a user of unknown items only has nothing to go on");
    }
}
