package io.murmuration.node.model.training;

/**
 * The knobs of one batch implicit-ALS training run, validated on construction so a bad configuration is
 * refused before any work starts, with the name of the offending knob.
 *
 * @param factors    dimension d of the user and item vectors; cost grows as d³ per solved row
 * @param iterations number of full alternations (all users, then all items)
 * @param lambda     L2 regularisation λ on every vector; must be positive so each solve is well posed
 * @param alpha      confidence slope α: an observed weight r counts with confidence c = 1 + α·r
 * @param seed       seed of the random item initialisation; with it the result is fully reproducible
 * @param threads    worker threads of the training pool; the result does not depend on this number
 */
public record AlsParameters(int factors, int iterations, double lambda, double alpha, long seed, int threads) {

    public AlsParameters {
        if (factors <= 0) {
            throw new IllegalArgumentException("factors must be positive, was " + factors);
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must not be negative, was " + iterations);
        }
        if (!(lambda > 0.0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be positive and finite, was " + lambda);
        }
        if (!(alpha >= 0.0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and not negative, was " + alpha);
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, was " + threads);
        }
    }
}
