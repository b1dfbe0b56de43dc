package io.murmuration.node.item;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Diversity re-ranking by maximal marginal relevance (Carbonell & Goldstein 1998): picks items one at a
 * time, each maximising {@code (1 − diversity) × relevance − diversity × (highest cosine similarity to an
 * item already picked)}. Relevance is the candidate's score rescaled to [0, 1] over the candidates, so the
 * two terms are comparable whatever the scores' units. Diversity 0 keeps the order by score.
 */
public final class MaximalMarginalRelevance {

    private MaximalMarginalRelevance() {}

    /**
     * @param candidates best first; the scores are the relevance
     * @param vectors    an item's factor vector, or null when unknown (then it is treated as unlike the others)
     * @param diversity  0 (pure relevance) to 1 (pure novelty)
     */
    public static List<ScoredItem> rerank(
            List<ScoredItem> candidates, Function<String, float[]> vectors, double diversity, int k) {
        if (diversity < 0 || diversity > 1 || Double.isNaN(diversity)) {
            throw new IllegalArgumentException("diversity must be within 0..1, was " + diversity);
        }
        int n = candidates.size();
        int wanted = Math.min(k, n);
        if (diversity == 0 || wanted <= 1) {
            return List.copyOf(candidates.subList(0, wanted));
        }
        double[] relevance = rescaled(candidates);
        float[][] unit = new float[n][];
        for (int i = 0; i < n; i++) {
            unit[i] = normalised(vectors.apply(candidates.get(i).itemId()));
        }
        double[] closestPicked = new double[n]; // highest similarity to anything picked so far
        boolean[] picked = new boolean[n];
        List<ScoredItem> result = new ArrayList<>(wanted);
        for (int round = 0; round < wanted; round++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (picked[i]) {
                    continue;
                }
                double penalty = round == 0 ? 0 : closestPicked[i];
                double value = (1 - diversity) * relevance[i] - diversity * penalty;
                if (value > bestValue) {
                    bestValue = value;
                    best = i;
                }
            }
            picked[best] = true;
            result.add(candidates.get(best));
            for (int i = 0; i < n; i++) {
                if (!picked[i]) {
                    double similarity = cosine(unit[i], unit[best]);
                    closestPicked[i] = round == 0 ? similarity : Math.max(closestPicked[i], similarity);
                }
            }
        }
        return result;
    }

    private static double[] rescaled(List<ScoredItem> candidates) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (ScoredItem c : candidates) {
            min = Math.min(min, c.score());
            max = Math.max(max, c.score());
        }
        double[] out = new double[candidates.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = max > min ? (candidates.get(i).score() - min) / (max - min) : 1.0;
        }
        return out;
    }

    private static float[] normalised(float[] v) {
        if (v == null) {
            return null;
        }
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        if (norm == 0) {
            return null;
        }
        float[] out = new float[v.length];
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inverse;
        }
        return out;
    }

    private static double cosine(float[] a, float[] b) {
        if (a == null || b == null || a.length != b.length) {
            return 0;
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot;
    }
}
