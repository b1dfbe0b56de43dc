package io.murmuration.node.drift;

import com.typesafe.config.Config;
import io.murmuration.node.CborSerializable;
import io.murmuration.node.ConfigSection;
import java.time.Duration;

/**
 * Drift detection's settings, read once from the {@code murmuration.drift} section: the per-user Page-Hinkley test,
 * the cluster's ADWIN detectors, and how the drift monitor keeps its alarms. The meaning and the measured effect of
 * each detector parameter are in {@code docs/drift-detectors.md}. Bad values are refused with a message naming the key.
 */
public record DriftSettings(PerUser user, Global global, Alarms alarms) {

    static final String SECTION = "murmuration.drift";
    private static final ConfigSection KEYS = new ConfigSection(SECTION);

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
        double userDelta = KEYS.read("user.delta", drift::getDouble);
        double lambda = KEYS.read("user.lambda", drift::getDouble);
        int minObservations = KEYS.read("user.min-observations", drift::getInt);
        double weightBeforeShift = KEYS.read("user.weight-before-shift", drift::getDouble);
        double globalDelta = KEYS.read("global.delta", drift::getDouble);
        int buckets = KEYS.read("global.max-buckets-per-row", drift::getInt);
        int minSubWindow = KEYS.read("global.min-sub-window-length", drift::getInt);
        int checkInterval = KEYS.read("global.check-interval", drift::getInt);
        int statsWindow = KEYS.read("global.stats-window", drift::getInt);
        boolean retrain = KEYS.read("global.retrain-on-alarm", drift::getBoolean);
        int retained = KEYS.read("alarms.retained", drift::getInt);
        int snapshotEvery = KEYS.read("alarms.snapshot-every", drift::getInt);
        Duration askTimeout = KEYS.read("alarms.ask-timeout", drift::getDuration);

        KEYS.require(userDelta >= 0 && Double.isFinite(userDelta), "user.delta", "must be finite and not negative, was " + userDelta);
        KEYS.require(lambda > 0 && Double.isFinite(lambda), "user.lambda", "must be positive and finite, was " + lambda);
        KEYS.require(minObservations >= 1, "user.min-observations", "must be at least 1, was " + minObservations);
        KEYS.require(weightBeforeShift >= 0 && weightBeforeShift <= 1, "user.weight-before-shift",
                "must be within [0, 1], was " + weightBeforeShift);
        KEYS.require(globalDelta > 0 && globalDelta < 1, "global.delta", "must be within (0, 1), was " + globalDelta);
        KEYS.require(buckets >= 2, "global.max-buckets-per-row", "must be at least 2, was " + buckets);
        KEYS.require(minSubWindow >= 1, "global.min-sub-window-length", "must be at least 1, was " + minSubWindow);
        KEYS.require(checkInterval >= 1, "global.check-interval", "must be at least 1, was " + checkInterval);
        KEYS.require(statsWindow >= 1, "global.stats-window", "must be at least 1, was " + statsWindow);
        KEYS.require(retained >= 1, "alarms.retained", "must be at least 1, was " + retained);
        KEYS.require(snapshotEvery >= 1, "alarms.snapshot-every", "must be at least 1, was " + snapshotEvery);
        KEYS.require(!askTimeout.isNegative() && !askTimeout.isZero(), "alarms.ask-timeout", "must be positive, was " + askTimeout);
        return new DriftSettings(
                new PerUser(userDelta, lambda, minObservations, weightBeforeShift),
                new Global(globalDelta, buckets, minSubWindow, checkInterval, statsWindow, retrain),
                new Alarms(retained, snapshotEvery, askTimeout));
    }
}
