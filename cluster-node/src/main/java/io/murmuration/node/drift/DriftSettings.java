package io.murmuration.node.drift;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.murmuration.node.CborSerializable;
import java.time.Duration;
import java.util.function.Function;

/**
 * Drift detection's settings, read once from the {@code murmuration.drift} section: the per-user Page-Hinkley test,
 * the cluster's ADWIN detectors, and how the drift monitor keeps its alarms. The meaning and the measured effect of
 * each detector parameter are in {@code docs/drift-detectors.md}. Bad values are refused with a message naming the key.
 */
public record DriftSettings(PerUser user, Global global, Alarms alarms) {

    static final String SECTION = "murmuration.drift";

    /**
     * The per-user test on the surprise of each interaction. {@code delta} shapes the detector's state in the event
     * handler, so it must not change between writes and replays; λ and the minimum only decide when an alarm is
     * persisted, which replay then takes from the journal.
     *
     * @param delta             Page-Hinkley δ: the rise in mean surprise tolerated
     * @param lambda            Page-Hinkley λ: the alarm threshold on the statistic
     * @param minObservations   no alarm before this many surprises since the detector's last reset
     * @param weightBeforeShift after an alarm, the factor on the embedding weight of interactions before the
     *                          estimated shift (1: no re-weighting, 0: forget them)
     */
    public record PerUser(double delta, double lambda, int minObservations, double weightBeforeShift)
            implements CborSerializable {

        /** A fresh detector with these parameters, continuing from {@code state}. */
        public PageHinkleyDetector detector(PageHinkleyDetector.State state) {
            return new PageHinkleyDetector(delta, lambda, minObservations, state);
        }
    }

    /**
     * The cluster-wide detectors over the online hit rate and the mean surprise.
     *
     * @param delta              ADWIN δ, the confidence
     * @param maxBucketsPerRow   ADWIN M, the histogram's resolution
     * @param minSubWindowLength the shortest part of a tested split
     * @param checkInterval      test the window once every this many observations
     * @param statsWindow        interactions in the fixed recent window the monitor's figures are computed over
     * @param retrainOnAlarm     whether a global alarm starts a training
     */
    public record Global(double delta, int maxBucketsPerRow, int minSubWindowLength, int checkInterval, int statsWindow,
            boolean retrainOnAlarm) {

        /** A fresh, empty ADWIN detector with these parameters. */
        public AdwinDetector detector() {
            return new AdwinDetector(delta, maxBucketsPerRow, minSubWindowLength, checkInterval);
        }
    }

    /**
     * How the monitor keeps alarms.
     *
     * @param retained      alarms kept; past it the oldest acknowledged one goes first, then the oldest open one
     * @param snapshotEvery a snapshot of the monitor every this many events
     * @param askTimeout    how long a question to the monitor may take
     */
    public record Alarms(int retained, int snapshotEvery, Duration askTimeout) {}

    /** Reads the settings from the {@code murmuration.drift} section of the configuration. */
    public static DriftSettings from(Config drift) {
        double userDelta = read(drift, "user.delta", drift::getDouble);
        double lambda = read(drift, "user.lambda", drift::getDouble);
        int minObservations = read(drift, "user.min-observations", drift::getInt);
        double weightBeforeShift = read(drift, "user.weight-before-shift", drift::getDouble);
        double globalDelta = read(drift, "global.delta", drift::getDouble);
        int buckets = read(drift, "global.max-buckets-per-row", drift::getInt);
        int minSubWindow = read(drift, "global.min-sub-window-length", drift::getInt);
        int checkInterval = read(drift, "global.check-interval", drift::getInt);
        int statsWindow = read(drift, "global.stats-window", drift::getInt);
        boolean retrain = read(drift, "global.retrain-on-alarm", drift::getBoolean);
        int retained = read(drift, "alarms.retained", drift::getInt);
        int snapshotEvery = read(drift, "alarms.snapshot-every", drift::getInt);
        Duration askTimeout = read(drift, "alarms.ask-timeout", drift::getDuration);

        require(userDelta >= 0 && Double.isFinite(userDelta), "user.delta", "must be finite and not negative, was " + userDelta);
        require(lambda > 0 && Double.isFinite(lambda), "user.lambda", "must be positive and finite, was " + lambda);
        require(minObservations >= 1, "user.min-observations", "must be at least 1, was " + minObservations);
        require(weightBeforeShift >= 0 && weightBeforeShift <= 1, "user.weight-before-shift",
                "must be within [0, 1], was " + weightBeforeShift);
        require(globalDelta > 0 && globalDelta < 1, "global.delta", "must be within (0, 1), was " + globalDelta);
        require(buckets >= 2, "global.max-buckets-per-row", "must be at least 2, was " + buckets);
        require(minSubWindow >= 1, "global.min-sub-window-length", "must be at least 1, was " + minSubWindow);
        require(checkInterval >= 1, "global.check-interval", "must be at least 1, was " + checkInterval);
        require(statsWindow >= 1, "global.stats-window", "must be at least 1, was " + statsWindow);
        require(retained >= 1, "alarms.retained", "must be at least 1, was " + retained);
        require(snapshotEvery >= 1, "alarms.snapshot-every", "must be at least 1, was " + snapshotEvery);
        require(!askTimeout.isNegative() && !askTimeout.isZero(), "alarms.ask-timeout", "must be positive, was " + askTimeout);
        return new DriftSettings(
                new PerUser(userDelta, lambda, minObservations, weightBeforeShift),
                new Global(globalDelta, buckets, minSubWindow, checkInterval, statsWindow, retrain),
                new Alarms(retained, snapshotEvery, askTimeout));
    }

    private static <T> T read(Config drift, String key, Function<String, T> getter) {
        try {
            return getter.apply(key);
        } catch (ConfigException e) {
            // The section's own messages name the key relative to it; operators set it by its full path.
            throw new ConfigException.BadValue(SECTION + "." + key, e.getMessage(), e);
        }
    }

    private static void require(boolean holds, String key, String problem) {
        if (!holds) {
            throw new ConfigException.BadValue(SECTION + "." + key, problem);
        }
    }
}
