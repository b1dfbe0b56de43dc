package io.murmuration.node.drift;

import java.util.SplittableRandom;

/** Seeded random streams of values in [0, 1] whose mean steps at a known point, for measuring the detectors. */
final class SyntheticStreams {

    /** Draws the observation at one time step, from the law before or after the change. */
    @FunctionalInterface
    interface Source {
        double draw(SplittableRandom random, boolean afterChange);
    }

    private SyntheticStreams() {}

    /**
     * Surprise-like values: Beta with the given mean and concentration a + b, so the spread is
     * √(mean·(1 − mean)/(concentration + 1)), e.g. 0.205 around 0.3 for concentration 4.
     */
    static Source betaStep(double meanBefore, double meanAfter, double concentration) {
        return (random, after) -> beta(random, after ? meanAfter : meanBefore, concentration);
    }

    /** Hit-like values: 1 with the given probability, else 0. */
    static Source bernoulliStep(double rateBefore, double rateAfter) {
        return (random, after) -> random.nextDouble() < (after ? rateAfter : rateBefore) ? 1.0 : 0.0;
    }

    /** Uniform on [0, 1]: the surprise of a user whose embedding says nothing about them. */
    static Source uniform() {
        return (random, after) -> random.nextDouble();
    }

    static double beta(SplittableRandom random, double mean, double concentration) {
        double x = gamma(random, mean * concentration);
        double y = gamma(random, (1.0 - mean) * concentration);
        return x / (x + y);
    }

    /** Marsaglia &amp; Tsang's method, with the usual boost U^(1/shape) for shapes below 1. */
    static double gamma(SplittableRandom random, double shape) {
        if (shape < 1.0) {
            return gamma(random, shape + 1.0) * Math.pow(random.nextDouble(), 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double z = random.nextGaussian();
            double v = 1.0 + c * z;
            if (v <= 0.0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
