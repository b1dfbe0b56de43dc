package io.murmuration.node.model.training;

import io.murmuration.node.model.algebra.DenseMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Offline scoring of a model on a held-out slice (the most recent interactions, kept out of training): for
 * every user with held-out interactions, rank all items the user did not interact with in training, keep
 * the top k, and count how many held-out items land there. Hit rate is the share of held-out pairs found;
 * NDCG@k credits a find at rank r (0-based) with 1/log2(r + 2). The same procedure scores a popularity
 * ranking, so a model version and the baseline are compared on the same users and items.
 */
public final class HoldoutEvaluation {

    /** One held-out interaction: user and item indices in the training matrix's numbering. */
    public record Pair(int user, int item) {}

    public record Metrics(double hitRate, double ndcg, int pairs, int users) {

        /** The metrics under the names model versions carry them with a prefix, e.g. "hr@10". */
        public Map<String, Double> named(String prefix, int k) {
            Map<String, Double> named = new LinkedHashMap<>();
            named.put(prefix + "hr@" + k, hitRate);
            named.put(prefix + "ndcg@" + k, ndcg);
            return named;
        }
    }

    private HoldoutEvaluation() {}

    /** Scores the model's ranking: a user's items by inner product with the user's factors. */
    public static Metrics ofModel(FactorModel model, InteractionMatrix training, List<Pair> heldOut, int k) {
        float[] items = model.itemFactors(); // a copy: taken once, not per user
        int d = model.dimension();
        return evaluate(training, heldOut, k, user -> {
            float[] u = model.userVector(user);
            return item -> DenseMatrix.dot(u, 0, items, item * d, d);
        });
    }

    /** Scores the popularity ranking: items by how many users interacted with them in training. */
    public static Metrics ofPopularity(InteractionMatrix training, List<Pair> heldOut, int k) {
        return evaluate(training, heldOut, k, user -> training::userCount);
    }

    /** A source of per-user scoring functions over item indices. */
    private interface Ranking {
        IntToDoubleFunction scoresFor(int user);
    }

    private static Metrics evaluate(InteractionMatrix training, List<Pair> heldOut, int k, Ranking ranking) {
        Map<Integer, List<Integer>> heldOutByUser = new LinkedHashMap<>();
        for (Pair p : heldOut) {
            heldOutByUser.computeIfAbsent(p.user(), u -> new ArrayList<>()).add(p.item());
        }
        double hits = 0;
        double gain = 0;
        BitSet seen = new BitSet(training.items());
        for (Map.Entry<Integer, List<Integer>> entry : heldOutByUser.entrySet()) {
            int user = entry.getKey();
            seen.clear();
            if (user < training.users()) {
                for (int item : training.itemsOf(user)) {
                    seen.set(item);
                }
            }
            int[] top = topK(training.items(), k, seen, ranking.scoresFor(user));
            for (int item : entry.getValue()) {
                int rank = indexOf(top, item);
                if (rank >= 0) {
                    hits++;
                    gain += 1.0 / (Math.log(rank + 2) / Math.log(2));
                }
            }
        }
        int pairs = heldOut.size();
        return new Metrics(pairs == 0 ? 0 : hits / pairs, pairs == 0 ? 0 : gain / pairs, pairs, heldOutByUser.size());
    }

    /** Indices of the k best-scored items not in {@code excluded}, best first (ties: lower index first). */
    static int[] topK(int items, int k, BitSet excluded, IntToDoubleFunction score) {
        int[] best = new int[k];
        double[] bestScore = new double[k];
        int size = 0;
        for (int item = 0; item < items; item++) {
            if (excluded.get(item)) {
                continue;
            }
            double s = score.applyAsDouble(item);
            if (size < k) {
                size++;
            } else if (s <= bestScore[k - 1]) {
                continue;
            }
            int at = size - 1;
            while (at > 0 && bestScore[at - 1] < s) {
                best[at] = best[at - 1];
                bestScore[at] = bestScore[at - 1];
                at--;
            }
            best[at] = item;
            bestScore[at] = s;
        }
        return Arrays.copyOf(best, size);
    }

    private static int indexOf(int[] list, int item) {
        for (int i = 0; i < list.length; i++) {
            if (list[i] == item) {
                return i;
            }
        }
        return -1;
    }
}
