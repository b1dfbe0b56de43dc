package io.murmuration.node.model.algebra;

/**
 * The few dense kernels the factor models need, over row-major arrays: Gram accumulation, symmetrising,
 * diagonal shifts and dot products. Nothing here allocates except where a method says so.
 */
public final class DenseMatrix {

    private DenseMatrix() {}

    /**
     * Adds Σ yᵢ yᵢᵀ over rows {@code fromRow} (inclusive) to {@code toRow} (exclusive) of the n×d matrix
     * {@code rows} into the lower triangle of the d×d {@code target}; {@code scratch} holds d doubles.
     */
    public static void accumulateGram(float[] rows, int fromRow, int toRow, int d, double[] target,
            double[] scratch) {
        for (int r = fromRow; r < toRow; r++) {
            int offset = r * d;
            for (int j = 0; j < d; j++) {
                scratch[j] = rows[offset + j];
            }
            for (int j = 0; j < d; j++) {
                double yj = scratch[j];
                int rowJ = j * d;
                for (int k = 0; k <= j; k++) {
                    target[rowJ + k] += yj * scratch[k];
                }
            }
        }
    }

    /** Copies the lower triangle of the d×d {@code a} onto its upper triangle. */
    public static void symmetrizeFromLower(double[] a, int d) {
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < j; k++) {
                a[k * d + j] = a[j * d + k];
            }
        }
    }

    /** Adds {@code value} to every diagonal entry of the d×d {@code a}. */
    public static void addToDiagonal(double[] a, int d, double value) {
        for (int j = 0; j < d; j++) {
            a[j * d + j] += value;
        }
    }

    /** Dot product of the d entries of {@code a} from {@code aOffset} and of {@code b} from {@code bOffset}. */
    public static double dot(float[] a, int aOffset, float[] b, int bOffset, int d) {
        double sum = 0.0;
        for (int j = 0; j < d; j++) {
            sum += (double) a[aOffset + j] * b[bOffset + j];
        }
        return sum;
    }

    /** xᵀ M x for the d×d symmetric {@code m} and the d entries of {@code x} from {@code offset}. */
    public static double quadraticForm(double[] m, float[] x, int offset, int d) {
        double sum = 0.0;
        for (int j = 0; j < d; j++) {
            int rowJ = j * d;
            double inner = 0.0;
            for (int k = 0; k < d; k++) {
                inner += m[rowJ + k] * x[offset + k];
            }
            sum += inner * x[offset + j];
        }
        return sum;
    }
}
