package io.murmuration.node.model.algebra;

/**
 * Thrown when a Cholesky factorisation meets a pivot that is not strictly positive, so the matrix is not
 * symmetric positive definite and the system has no stable unique solution by this route.
 */
public final class NotPositiveDefiniteException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final int pivotIndex;
    private final double pivotValue;

    public NotPositiveDefiniteException(int pivotIndex, double pivotValue) {
        super("matrix is not positive definite: pivot " + pivotIndex + " is " + pivotValue
                + " (a positive value is required)");
        this.pivotIndex = pivotIndex;
        this.pivotValue = pivotValue;
    }

    /** Row (and column) of the first pivot that failed. */
    public int pivotIndex() {
        return pivotIndex;
    }

    /** What remained on the diagonal at that pivot before the square root. */
    public double pivotValue() {
        return pivotValue;
    }
}
