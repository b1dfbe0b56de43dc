package io.murmuration.node.model.algebra;

/**
 * Solves symmetric positive-definite d×d systems A x = b by Cholesky factorisation A = Uᵀ U with U upper
 * triangular. Matrices are row-major {@code double[d*d]}; only the upper triangle of A (diagonal included)
 * is read, so callers may fill just that half.
 * An instance owns one d×d workspace and is therefore not thread-safe: give each worker its own.
 */
public final class CholeskySolver {

    private final int dimension;
    private final double[] workspace;

    public CholeskySolver(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        this.dimension = dimension;
        this.workspace = new double[dimension * dimension];
    }

    public int dimension() {
        return dimension;
    }

    /**
     * Writes into {@code x} the solution of {@code a x = b}, leaving {@code a} and {@code b} untouched
     * ({@code x} may be {@code b}). Throws {@link NotPositiveDefiniteException} if {@code a} is not SPD.
     */
    public void solve(double[] a, double[] b, double[] x) {
        int d = dimension;
        requireLength("a", a, d * d);
        requireLength("b", b, d);
        requireLength("x", x, d);
        System.arraycopy(a, 0, workspace, 0, d * d);
        factorInPlace(workspace, d);
        solveFactored(workspace, d, b, x);
    }

    /**
     * Overwrites the upper triangle of {@code a} with U such that A = Uᵀ U; the strict lower triangle is left
     * as it was. Throws {@link NotPositiveDefiniteException} naming the first pivot that is not positive.
     */
    public static void factorInPlace(double[] a, int d) {
        // Right-looking on the upper triangle: every update runs along a row, so the JIT can vectorise it.
        for (int j = 0; j < d; j++) {
            int rowJ = j * d;
            double pivot = a[rowJ + j];
            // The negated test also rejects NaN, which a plain pivot <= 0 would let through.
            if (!(pivot > 0.0)) {
                throw new NotPositiveDefiniteException(j, pivot);
            }
            double diagonal = Math.sqrt(pivot);
            a[rowJ + j] = diagonal;
            double inverse = 1.0 / diagonal;
            for (int k = j + 1; k < d; k++) {
                a[rowJ + k] *= inverse;
            }
            for (int i = j + 1; i < d; i++) {
                int rowI = i * d;
                double uji = a[rowJ + i];
                for (int k = i; k < d; k++) {
                    a[rowI + k] -= uji * a[rowJ + k];
                }
            }
        }
    }

    /**
     * Given U from {@link #factorInPlace}, writes into {@code x} the solution of Uᵀ U x = b;
     * {@code x} may be the same array as {@code b}.
     */
    public static void solveFactored(double[] u, int d, double[] b, double[] x) {
        if (x != b) {
            System.arraycopy(b, 0, x, 0, d);
        }
        // Uᵀ z = b, eliminating along rows of U so the inner loop is contiguous.
        for (int i = 0; i < d; i++) {
            int rowI = i * d;
            double zi = x[i] / u[rowI + i];
            x[i] = zi;
            for (int k = i + 1; k < d; k++) {
                x[k] -= u[rowI + k] * zi;
            }
        }
        // U x = z, from the last row up.
        for (int i = d - 1; i >= 0; i--) {
            int rowI = i * d;
            double sum = x[i];
            for (int k = i + 1; k < d; k++) {
                sum -= u[rowI + k] * x[k];
            }
            x[i] = sum / u[rowI + i];
        }
    }

    private static void requireLength(String name, double[] array, int expected) {
        if (array.length < expected) {
            throw new IllegalArgumentException(name + " has " + array.length + " entries, needs " + expected);
        }
    }
}
