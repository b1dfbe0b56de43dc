package io.murmuration.node.model.training;

import io.murmuration.node.model.serving.FoldIn;
import io.murmuration.node.model.serving.UserFoldInState;
import io.murmuration.node.model.versions.ModelStore.StoredFactors;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts a stored model version on a new training matrix so it can be scored on the same held-out slice as a
 * freshly trained candidate: each user's vector is the exact iALS user step against the version's fixed
 * item factors (what the version would serve that user after folding in the same history), and the
 * version's item factors are renumbered to the matrix's items. Items the version never saw contribute
 * nothing to a user and score zero.
 */
public final class VersionFoldIn {

    private VersionFoldIn() {}

    /**
     * The version as a model over {@code training}'s users and items, whose ids are {@code itemIds};
     * {@code lambda} and {@code alpha} should be the ones the version was trained with.
     */
    public static FactorModel onto(InteractionMatrix training, String[] itemIds, StoredFactors version,
            double lambda, double alpha) {
        if (itemIds.length != training.items()) {
            throw new IllegalArgumentException(itemIds.length + " item ids for a matrix of " + training.items() + " items");
        }
        int d = version.dimension();
        float[] versionFactors = version.factors();
        Map<String, Integer> versionRow = new HashMap<>();
        for (int row = 0; row < version.itemIds().length; row++) {
            versionRow.put(version.itemIds()[row], row);
        }
        int[] rowOfItem = new int[itemIds.length];
        float[] itemFactors = new float[itemIds.length * d];
        for (int item = 0; item < itemIds.length; item++) {
            Integer row = versionRow.get(itemIds[item]);
            rowOfItem[item] = row == null ? -1 : row;
            if (row != null) {
                System.arraycopy(versionFactors, row * d, itemFactors, item * d, d);
            }
        }
        // G is the version's own, over all its items, exactly as its online fold-in uses it.
        double[] gram = FoldIn.gram(versionFactors, d, lambda);
        float[] userFactors = new float[training.users() * d];
        double[] scratch = new double[d * d];
        double[] x = new double[d];
        for (int user = 0; user < training.users(); user++) {
            UserFoldInState state = new UserFoldInState(d, alpha);
            boolean anyKnown = false;
            for (int item : training.itemsOf(user)) {
                if (rowOfItem[item] >= 0) {
                    state.add(versionFactors, rowOfItem[item] * d, training.weight(user, item), true);
                    anyKnown = true;
                }
            }
            if (anyKnown) {
                state.solveInto(gram, scratch, x);
                for (int j = 0; j < d; j++) {
                    userFactors[user * d + j] = (float) x[j];
                }
            }
        }
        return new FactorModel(d, userFactors, itemFactors);
    }
}
