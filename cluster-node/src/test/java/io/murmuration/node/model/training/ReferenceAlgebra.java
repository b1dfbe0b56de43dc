package io.murmuration.node.model.training;

/** Deliberately naive dense algebra that the tests compare the optimised code against. */
public final class ReferenceAlgebra {

    private ReferenceAlgebra() {}

    /** Solves a x = rhs by Gaussian elimination with partial pivoting, on copies. */
    public static double[] solve(double[][] a, double[] rhs) {
        int n = rhs.length;
        double[][] m = new double[n][];
        double[] v = rhs.clone();
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] rowSwap = m[col];
            m[col] = m[pivot];
            m[pivot] = rowSwap;
            double valueSwap = v[col];
            v[col] = v[pivot];
            v[pivot] = valueSwap;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c < n; c++) {
                    m[r][c] -= f * m[col][c];
                }
                v[r] -= f * v[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = v[r];
            for (int c = r + 1; c < n; c++) {
                s -= m[r][c] * x[c];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }

    /**
     * The Hu–Koren–Volinsky step for one row from scratch over every column of {@code fixed}:
     * (Σ c yyᵀ + λI) x = Σ c·p·y with c = 1 + α·r and p = 1 where r > 0, c = 1 and p = 0 elsewhere.
     */
    public static double[] alsStep(float[] fixed, int d, double[] weightByColumn, double lambda, double alpha) {
        double[][] m = new double[d][d];
        double[] rhs = new double[d];
        for (int col = 0; col < weightByColumn.length; col++) {
            double r = weightByColumn[col];
            double c = 1.0 + alpha * r;
            double p = r > 0 ? 1.0 : 0.0;
            for (int j = 0; j < d; j++) {
                double yj = fixed[col * d + j];
                for (int k = 0; k < d; k++) {
                    m[j][k] += c * yj * fixed[col * d + k];
                }
                rhs[j] += c * p * yj;
            }
        }
        for (int j = 0; j < d; j++) {
            m[j][j] += lambda;
        }
        return solve(m, rhs);
    }
}
