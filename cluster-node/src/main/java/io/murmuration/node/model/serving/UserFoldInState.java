package io.murmuration.node.model.serving;

import io.murmuration.node.model.algebra.CholeskySolver;

/**
 * What one user's history contributes to its embedding under a model version, in the exact form of the
 * implicit-ALS user step (Hu, Koren & Volinsky): with r the (decayed) total weight of an item, confidence
 * c = 1 + α·r and preference p = 1 for every item with r > 0, the step solves (G + A) x = b with
 * <ul>
 *   <li>A = Σ α·r·y yᵀ (upper triangle packed row by row, d(d+1)/2 doubles) and</li>
 *   <li>b = Σ_{items seen} y + Σ α·r·y: a preference part, one y per distinct item, and a confidence part.</li>
 * </ul>
 * A and the confidence part are linear in the weights, so {@link #decay} ages every past event at once;
 * the preference part does not decay, as an item once consumed stays a positive example however old.
 * Mutable and owned by one user; take a {@link #copy()} to hand out or snapshot.
 */
public final class UserFoldInState {

    private final int dimension;
    private final double alpha;
    private final double[] packedA;
    private final double[] preference;
    private final double[] confidence;

    /** An empty history: A = 0, b = 0, so the embedding is zero. */
    public UserFoldInState(int dimension, double alpha) {
        this(dimension, alpha, new double[dimension * (dimension + 1) / 2], new double[dimension], new double[dimension]);
    }

    private UserFoldInState(int dimension, double alpha, double[] packedA, double[] preference, double[] confidence) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        if (!(alpha >= 0.0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and not negative, was " + alpha);
        }
        this.dimension = dimension;
        this.alpha = alpha;
        this.packedA = packedA;
        this.preference = preference;
        this.confidence = confidence;
    }

    /** Restores a state from its parts as returned by {@link #packedA()}, {@link #preference()} and {@link #confidence()}. */
    public static UserFoldInState of(int dimension, double alpha, double[] packedA, double[] preference, double[] confidence) {
        if (packedA.length != dimension * (dimension + 1) / 2 || preference.length != dimension
                || confidence.length != dimension) {
            throw new IllegalArgumentException("packedA needs " + dimension * (dimension + 1) / 2
                    + " entries and preference and confidence " + dimension + " each, got " + packedA.length + ", "
                    + preference.length + " and " + confidence.length);
        }
        return new UserFoldInState(dimension, alpha, packedA.clone(), preference.clone(), confidence.clone());
    }

    public UserFoldInState copy() {
        return new UserFoldInState(dimension, alpha, packedA.clone(), preference.clone(), confidence.clone());
    }

    public int dimension() {
        return dimension;
    }

    public double alpha() {
        return alpha;
    }

    /** A's upper triangle, row by row: entry (j, k) with k ≥ j sits at j·d − j(j−1)/2 + (k − j) (a copy). */
    public double[] packedA() {
        return packedA.clone();
    }

    /** Σ y over the distinct items seen (a copy). */
    public double[] preference() {
        return preference.clone();
    }

    /** Σ α·r·y (a copy). */
    public double[] confidence() {
        return confidence.clone();
    }

    /** The right-hand side b = preference + confidence. */
    public double[] b() {
        double[] b = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            b[j] = preference[j] + confidence[j];
        }
        return b;
    }

    /**
     * Folds in one event of {@code weight} on an item with vector {@code itemVector}; O(d²).
     * {@code firstPositive} says this is the first event with a positive weight on that item for this user,
     * which adds the item's preference term; the caller knows the user's history, this class does not.
     */
    public void add(float[] itemVector, double weight, boolean firstPositive) {
        if (itemVector.length != dimension) {
            throw new IllegalArgumentException("item vector has " + itemVector.length + " entries, expected "
                    + dimension);
        }
        add(itemVector, 0, weight, firstPositive);
    }

    /** As {@link #add(float[], double, boolean)} for the d entries of {@code factors} from {@code offset}. */
    public void add(float[] factors, int offset, double weight, boolean firstPositive) {
        if (!(weight >= 0.0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be finite and not negative, was " + weight);
        }
        if (firstPositive && weight == 0.0) {
            throw new IllegalArgumentException("an item becomes a positive example only with a positive weight");
        }
        double confidenceSlope = weight * alpha;
        double preferenceTerm = firstPositive ? 1.0 : 0.0;
        int d = dimension;
        int rowStart = 0;
        for (int j = 0; j < d; j++) {
            double scaled = confidenceSlope * factors[offset + j];
            // Packed row j starts at rowStart and holds columns j..d-1, hence the shift by j.
            int shift = rowStart - j;
            for (int k = j; k < d; k++) {
                packedA[shift + k] += scaled * factors[offset + k];
            }
            preference[j] += preferenceTerm * factors[offset + j];
            confidence[j] += confidenceSlope * factors[offset + j];
            rowStart += d - j;
        }
    }

    /**
     * Multiplies A and the confidence part of b by {@code factor} in [0, 1], which is the same as having
     * recorded every past event with its weight times {@code factor}. This is how older events lose weight:
     * before each new event, decay by e.g. 2^(−Δt / half-life) for the time Δt since the previous one.
     */
    public void decay(double factor) {
        if (!(factor >= 0.0 && factor <= 1.0)) {
            throw new IllegalArgumentException("decay factor must be in [0, 1], was " + factor);
        }
        for (int n = 0; n < packedA.length; n++) {
            packedA[n] *= factor;
        }
        for (int j = 0; j < dimension; j++) {
            confidence[j] *= factor;
        }
    }

    /** The embedding x solving (G + A) x = b for the version's {@code gram} G = YᵀY + λI; O(d³). */
    public double[] solve(double[] gram) {
        double[] x = new double[dimension];
        solveInto(gram, new double[dimension * dimension], x);
        return x;
    }

    /** As {@link #solve(double[])} without allocating: {@code scratch} holds d×d doubles, {@code x} d. */
    public void solveInto(double[] gram, double[] scratch, double[] x) {
        int d = dimension;
        if (gram.length != d * d || scratch.length < d * d || x.length != d) {
            throw new IllegalArgumentException("gram must be " + d + "×" + d + ", scratch at least as large and x of "
                    + d + " entries");
        }
        int rowStart = 0;
        for (int j = 0; j < d; j++) {
            int rowJ = j * d;
            int shift = rowStart - j;
            for (int k = j; k < d; k++) {
                scratch[rowJ + k] = gram[rowJ + k] + packedA[shift + k];
            }
            rowStart += d - j;
        }
        for (int j = 0; j < d; j++) {
            x[j] = preference[j] + confidence[j];
        }
        CholeskySolver.factorInPlace(scratch, d);
        CholeskySolver.solveFactored(scratch, d, x, x);
    }
}
