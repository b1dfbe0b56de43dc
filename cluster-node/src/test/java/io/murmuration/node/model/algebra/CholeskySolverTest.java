package io.murmuration.node.model.algebra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CholeskySolverTest {

    // A = Uᵀ U with U = [[2, 6, -8], [0, 1, 5], [0, 0, 3]].
    private static final double[] SPD = {
        4, 12, -16,
        12, 37, -43,
        -16, -43, 98,
    };

    @Test
    void solvesAKnownThreeByThreeSystem() {
        double[] b = {-20, -43, 192}; // A · (1, 2, 3)
        double[] x = new double[3];

        new CholeskySolver(3).solve(SPD, b, x);

        assertArrayEquals(new double[] {1, 2, 3}, x, 1e-12);
        assertArrayEquals(new double[] {-20, -43, 192}, b, 0.0, "right-hand side left untouched");
        assertEquals(4, SPD[0], 0.0, "matrix left untouched");
    }

    @Test
    void factorsIntoTheKnownUpperTriangle() {
        double[] a = SPD.clone();

        CholeskySolver.factorInPlace(a, 3);

        assertArrayEquals(new double[] {2, 6, -8, 1, 5, 3}, new double[] {a[0], a[1], a[2], a[4], a[5], a[8]}, 1e-12);
    }

    @Test
    void readsOnlyTheUpperTriangle() {
        double[] upperOnly = {
            4, 12, -16,
            0, 37, -43,
            0, 0, 98,
        };
        double[] x = new double[3];

        new CholeskySolver(3).solve(upperOnly, new double[] {-20, -43, 192}, x);

        assertArrayEquals(new double[] {1, 2, 3}, x, 1e-12);
    }

    @Test
    void refusesAMatrixThatIsNotPositiveDefinite() {
        double[] indefinite = {
            1, 2,
            2, 1,
        }; // eigenvalues 3 and −1

        NotPositiveDefiniteException refused = assertThrows(NotPositiveDefiniteException.class,
                () -> new CholeskySolver(2).solve(indefinite, new double[] {1, 1}, new double[2]));

        assertEquals(1, refused.pivotIndex());
        assertEquals(-3.0, refused.pivotValue(), 1e-12);
        assertTrue(refused.getMessage().contains("not positive definite"), refused.getMessage());
    }

    @Test
    void refusesASingularMatrix() {
        double[] singular = {
            1, 1,
            1, 1,
        };

        assertThrows(NotPositiveDefiniteException.class,
                () -> new CholeskySolver(2).solve(singular, new double[] {1, 1}, new double[2]));
    }
}
