package io.murmuration.node.model.serving;

import io.murmuration.node.model.algebra.DenseMatrix;

/**
 * The online user update between batch trainings. A model version ships G = YᵀY + λI; each user keeps a
 * {@link UserFoldInState} with A = Σ α·r·y yᵀ and b = Σ_{seen} y + Σ α·r·y over its history (r an item's
 * decayed total weight), and its embedding solves (G + A) x = b: the batch user step exactly, for the
 * version's fixed item factors, O(d²) per event, O(d³) per solve (docs/decisions/002-exact-fold-in.md).
 */
public final class FoldIn {

    private FoldIn() {}

    /** G = YᵀY + λI for the row-major n×d {@code itemFactors}, as a full symmetric d×d matrix. */
    public static double[] gram(float[] itemFactors, int dimension, double lambda) {
        if (dimension <= 0 || itemFactors.length % dimension != 0) {
            throw new IllegalArgumentException("itemFactors must hold whole rows of dimension " + dimension);
        }
        if (!(lambda > 0.0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be positive and finite, was " + lambda);
        }
        double[] g = new double[dimension * dimension];
        DenseMatrix.accumulateGram(itemFactors, 0, itemFactors.length / dimension, dimension, g,
                new double[dimension]);
        DenseMatrix.symmetrizeFromLower(g, dimension);
        DenseMatrix.addToDiagonal(g, dimension, lambda);
        return g;
    }
}
