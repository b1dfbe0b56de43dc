package io.murmuration.node.drift;

/**
 * The Page-Hinkley test (Page 1954; Mouss et al. 2004) for an increase in the mean of a stream. Each user runs
 * one on the {@link InteractionSurprise surprise} of its interactions: a rise means the user now consumes items
 * its embedding does not predict, i.e. its taste has moved.
 *
 * <p>After n observations x₁…xₙ, with x̄ₜ the mean of x₁…xₜ, the test keeps
 * <pre>
 *   mₙ  = Σₜ (xₜ − x̄ₜ − δ)          the cumulative sum
 *   Mₙ  = min(0, m₁, …, mₙ)           its minimum so far
 *   PHₙ = mₙ − Mₙ                      the statistic
 * </pre>
 * and fires when PHₙ &gt; λ. While the mean is stable each term averages −δ and PH stays near zero; once the mean
 * rises by r &gt; δ, PH grows by about r − δ per observation, so it fires about λ / (r − δ) observations later.
 *
 * <p>Parameters, fixed for the life of the detector:
 * <ul>
 *   <li>{@code delta} (δ ≥ 0): the rise in mean tolerated without alarm, in the units of the stream. It also
 *       pulls the statistic back to zero between changes, so a larger δ means fewer false alarms and slower,
 *       coarser detection.</li>
 *   <li>{@code lambda} (λ &gt; 0): the alarm threshold on PH, in the units of the stream times observations.
 *       It sets the trade-off between detection delay (≈ λ / (r − δ)) and false alarms.</li>
 *   <li>{@code minObservations} (≥ 1): the test may not fire before this many observations since the last
 *       reset, because until then x̄ is too noisy a baseline to compare against.</li>
 * </ul>
 * There is no forgetting factor: the detector resets after each alarm, and while nothing changes the mean of
 * a long history is simply a better baseline.
 *
 * <p>On firing, {@link #observe} resets the detector to the empty state: what follows the change is a new regime,
 * and the next test learns its mean from scratch. {@link #state()} and the restoring constructor let the owner
 * persist the detector between observations. Mutable and owned by one user; {@link #observe} allocates nothing.
 */
public final class PageHinkleyDetector {

    /**
     * Everything the detector remembers between observations, as primitives so it can be persisted and shown as is.
     *
     * @param count         observations since the last reset
     * @param mean          their mean x̄ₙ
     * @param cumulativeSum mₙ
     * @param minimum       Mₙ (never above 0 or above mₙ)
     * @param statistic     PHₙ = mₙ − Mₙ, derived; kept for display, checked on restore
     */
    public record State(long count, double mean, double cumulativeSum, double minimum, double statistic) {

        /** Before any observation. */
        public static final State EMPTY = new State(0, 0.0, 0.0, 0.0, 0.0);

        public State {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative, was " + count);
            }
            if (!Double.isFinite(mean) || !Double.isFinite(cumulativeSum) || !Double.isFinite(minimum)
                    || !Double.isFinite(statistic)) {
                throw new IllegalArgumentException("mean, cumulativeSum, minimum and statistic must be finite, were "
                        + mean + ", " + cumulativeSum + ", " + minimum + " and " + statistic);
            }
            if (minimum > 0.0 || minimum > cumulativeSum) {
                throw new IllegalArgumentException("minimum must be at most 0 and at most cumulativeSum ("
                        + cumulativeSum + "), was " + minimum);
            }
            double expected = cumulativeSum - minimum;
            if (Math.abs(statistic - expected) > 1e-9 * Math.max(1.0, Math.abs(expected))) {
                throw new IllegalArgumentException("statistic must equal cumulativeSum − minimum (" + expected
                        + "), was " + statistic);
            }
        }
    }

    private final double delta;
    private final double lambda;
    private final int minObservations;

    private long count;
    private double mean;
    private double cumulativeSum;
    private double minimum;

    /** A detector that has seen nothing yet; see the class comment for the meaning of each parameter. */
    public PageHinkleyDetector(double delta, double lambda, int minObservations) {
        this(delta, lambda, minObservations, State.EMPTY);
    }

    /** A detector that continues from {@code state}, as returned by {@link #state()}. */
    public PageHinkleyDetector(double delta, double lambda, int minObservations, State state) {
        if (!(delta >= 0.0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("delta must be finite and not negative, was " + delta);
        }
        if (!(lambda > 0.0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and positive, was " + lambda);
        }
        if (minObservations < 1) {
            throw new IllegalArgumentException("minObservations must be at least 1, was " + minObservations);
        }
        this.delta = delta;
        this.lambda = lambda;
        this.minObservations = minObservations;
        this.count = state.count();
        this.mean = state.mean();
        this.cumulativeSum = state.cumulativeSum();
        this.minimum = state.minimum();
    }

    /**
     * Adds one observation.
     *
     * @return true if the mean has risen by more than δ by the test's standard; the detector has then been reset
     */
    public boolean observe(double x) {
        add(x);
        if (alarm()) {
            reset();
            return true;
        }
        return false;
    }

    /**
     * Adds one observation without acting on the test: the detector never resets itself here. For an owner that
     * decides on {@link #alarm()} and records the alarm (and the {@link #reset()}) itself, e.g. in an event journal
     * whose replay must not depend on λ.
     */
    public void add(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("observation must be finite, was " + x);
        }
        count++;
        mean += (x - mean) / count;
        cumulativeSum += x - mean - delta;
        minimum = Math.min(minimum, cumulativeSum);
    }

    /** True when the test fires on what has been added: at least {@code minObservations} and PH &gt; λ. */
    public boolean alarm() {
        return count >= minObservations && cumulativeSum - minimum > lambda;
    }

    /** Forgets everything seen, e.g. when the user's embedding is rebuilt and surprise changes meaning. */
    public void reset() {
        count = 0;
        mean = 0.0;
        cumulativeSum = 0.0;
        minimum = 0.0;
    }

    public State state() {
        return new State(count, mean, cumulativeSum, minimum, cumulativeSum - minimum);
    }

    /** PHₙ, the value compared with λ. */
    public double statistic() {
        return cumulativeSum - minimum;
    }

    public long count() {
        return count;
    }

    public double delta() {
        return delta;
    }

    public double lambda() {
        return lambda;
    }

    public int minObservations() {
        return minObservations;
    }
}
