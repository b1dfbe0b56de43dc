package io.murmuration.node.model;

/**
 * What one user's history contributes to its embedding under a model version: the symmetric A = Σ w·α·y yᵀ
 * (upper triangle packed row by row, d(d+1)/2 doubles) and b = Σ w·(1+α)·y. Both are linear in the event
 * weights w, so {@link #decay} shrinks every past event at once. It reproduces the batch ALS user step
 * exactly when each seen item carries total weight 1; for a total r ≠ 1 its right-hand side is r·(1+α)·y
 * where batch training uses (1 + α·r)·y. Mutable and owned by one user; take a {@link #copy()} to hand out
 * or snapshot.
 */
public final class UserFoldInState {

    private final int dimension;
    private final double alpha;
    private final double[] packedA;
    private final double[] b;

    /** An empty history: A = 0, b = 0, so the embedding is zero. */
    public UserFoldInState(int dimension, double alpha) {
        this(dimension, alpha, new double[dimension * (dimension + 1) / 2], new double[dimension]);
    }

    private UserFoldInState(int dimension, double alpha, double[] packedA, double[] b) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        if (!(alpha >= 0.0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and not negative, was " + alpha);
        }
        this.dimension = dimension;
        this.alpha = alpha;
        this.packedA = packedA;
        this.b = b;
    }

    /** Restores a state from its parts as returned by {@link #packedA()} and {@link #b()} (copied). */
    public static UserFoldInState of(int dimension, double alpha, double[] packedA, double[] b) {
        if (packedA.length != dimension * (dimension + 1) / 2 || b.length != dimension) {
            throw new IllegalArgumentException("packedA needs " + dimension * (dimension + 1) / 2
                    + " entries and b needs " + dimension + ", got " + packedA.length + " and " + b.length);
        }
        return new UserFoldInState(dimension, alpha, packedA.clone(), b.clone());
    }

    public UserFoldInState copy() {
        return new UserFoldInState(dimension, alpha, packedA.clone(), b.clone());
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

    public double[] b() {
        return b.clone();
    }

    /** Folds in one event on an item with vector {@code itemVector} and weight {@code weight}; O(d²). */
    public void add(float[] itemVector, double weight) {
        if (itemVector.length != dimension) {
            throw new IllegalArgumentException("item vector has " + itemVector.length + " entries, expected "
                    + dimension);
        }
        add(itemVector, 0, weight);
    }

    /** As {@link #add(float[], double)} for the d entries of {@code factors} from {@code offset}. */
    public void add(float[] factors, int offset, double weight) {
        if (!(weight >= 0.0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be finite and not negative, was " + weight);
        }
        double confidenceSlope = weight * alpha;
        double preference = weight * (1.0 + alpha);
        int d = dimension;
        int rowStart = 0;
        for (int j = 0; j < d; j++) {
            double scaled = confidenceSlope * factors[offset + j];
            // Packed row j starts at rowStart and holds columns j..d-1, hence the shift by j.
            int shift = rowStart - j;
            for (int k = j; k < d; k++) {
                packedA[shift + k] += scaled * factors[offset + k];
            }
            b[j] += preference * factors[offset + j];
            rowStart += d - j;
        }
    }

    /**
     * Multiplies A and b by {@code factor} in [0, 1], which is the same as having recorded every past event
     * with its weight times {@code factor}. This is how older events lose weight: before each new event,
     * decay by e.g. 2^(−Δt / half-life) for the time Δt since the previous one. Zero forgets the history.
     */
    public void decay(double factor) {
        if (!(factor >= 0.0 && factor <= 1.0)) {
            throw new IllegalArgumentException("decay factor must be in [0, 1], was " + factor);
        }
        for (int n = 0; n < packedA.length; n++) {
            packedA[n] *= factor;
        }
        for (int j = 0; j < dimension; j++) {
            b[j] *= factor;
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
        System.arraycopy(b, 0, x, 0, d);
        CholeskySolver.factorInPlace(scratch, d);
        CholeskySolver.solveFactored(scratch, d, x, x);
    }
}
