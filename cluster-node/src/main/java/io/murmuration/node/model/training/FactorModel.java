package io.murmuration.node.model.training;

import io.murmuration.node.model.algebra.DenseMatrix;
import java.util.Arrays;

/**
 * The result of training: user and item vectors of dimension d, each matrix row-major in a {@code float[]}.
 * A user's affinity to an item is the dot product of their vectors. Immutable: accessors return copies.
 */
public final class FactorModel {

    private final int dimension;
    private final int users;
    private final int items;
    final float[] userFactors;
    final float[] itemFactors;

    FactorModel(int dimension, float[] userFactors, float[] itemFactors) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        if (userFactors.length % dimension != 0 || itemFactors.length % dimension != 0) {
            throw new IllegalArgumentException("factor arrays must hold whole rows of " + dimension);
        }
        this.dimension = dimension;
        this.users = userFactors.length / dimension;
        this.items = itemFactors.length / dimension;
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
    }

    /** A model over copies of the given row-major matrices, e.g. as loaded back from storage. */
    public static FactorModel of(int dimension, float[] userFactors, float[] itemFactors) {
        return new FactorModel(dimension, userFactors.clone(), itemFactors.clone());
    }

    public int dimension() {
        return dimension;
    }

    public int users() {
        return users;
    }

    public int items() {
        return items;
    }

    /** Predicted preference of {@code user} for {@code item}: xᵤ · yᵢ. */
    public double score(int user, int item) {
        return DenseMatrix.dot(userFactors, user * dimension, itemFactors, item * dimension, dimension);
    }

    public float[] userVector(int user) {
        return Arrays.copyOfRange(userFactors, user * dimension, (user + 1) * dimension);
    }

    public float[] itemVector(int item) {
        return Arrays.copyOfRange(itemFactors, item * dimension, (item + 1) * dimension);
    }

    public float[] userFactors() {
        return userFactors.clone();
    }

    public float[] itemFactors() {
        return itemFactors.clone();
    }
}
