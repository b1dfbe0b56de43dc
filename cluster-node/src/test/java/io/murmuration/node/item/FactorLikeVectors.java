package io.murmuration.node.item;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic vectors shaped like trained matrix-factorisation factors: a shared low-rank structure, per-vector
 * noise, and item norms that vary by an order of magnitude (popular items grow long factors). Seeded, so every
 * run sees the same catalog.
 */
final class FactorLikeVectors {

    private final int dimension;
    private final int rank;
    private final float[][] loadings;
    private final float noise;
    private final Random random;

    FactorLikeVectors(int dimension, int rank, float noise, long seed) {
        this.dimension = dimension;
        this.rank = rank;
        this.noise = noise;
        this.random = new Random(seed);
        this.loadings = new float[rank][dimension];
        for (float[] row : loadings) {
            for (int j = 0; j < dimension; j++) row[j] = (float) (random.nextGaussian() / Math.sqrt(rank));
        }
    }

    /** {@code n} item vectors, row-major; norms spread log-normally (sigma {@code normSpread}). */
    float[] items(int n, double normSpread) {
        float[] out = new float[n * dimension];
        for (int i = 0; i < n; i++) fill(out, i, Math.exp(normSpread * random.nextGaussian()));
        return out;
    }

    /** {@code n} user-like query vectors from the same structure, all of similar norm. */
    float[] queries(int n) {
        float[] out = new float[n * dimension];
        for (int i = 0; i < n; i++) fill(out, i, 1.0);
        return out;
    }

    static String[] ids(int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) ids[i] = "item-" + i;
        return ids;
    }

    static float[] row(float[] matrix, int dimension, int i) {
        float[] row = new float[dimension];
        System.arraycopy(matrix, i * dimension, row, 0, dimension);
        return row;
    }

    private void fill(float[] out, int i, double scale) {
        double[] latent = new double[rank];
        for (int r = 0; r < rank; r++) latent[r] = random.nextGaussian();
        for (int j = 0; j < dimension; j++) {
            double v = noise * random.nextGaussian();
            for (int r = 0; r < rank; r++) v += latent[r] * loadings[r][j];
            out[i * dimension + j] = (float) (scale * v);
        }
    }

    /** How many of the items in {@code answer} are also in {@code truth}: the numerator of recall. */
    static int overlap(List<ScoredItem> answer, List<ScoredItem> truth) {
        Set<String> expected = new HashSet<>();
        for (ScoredItem item : truth) expected.add(item.itemId());
        int hits = 0;
        for (ScoredItem item : answer) if (expected.contains(item.itemId())) hits++;
        return hits;
    }
}
