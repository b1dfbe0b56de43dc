package io.murmuration.node.model.training;

import com.typesafe.config.Config;
import io.murmuration.node.ConfigSection;
import java.time.Duration;

/**
 * The trainer's settings, read once from the {@code murmuration.trainer} section: the iALS knobs, how the
 * held-out evaluation is done, whether a better version is promoted on its own, and when the interaction
 * log has grown enough to train again. Bad values are refused with a message naming the key.
 *
 * @param heldOutShare       most recent share of the log's time span kept out of training to score on
 * @param metricsK           length of the ranked lists the held-out metrics score (hr@k, ndcg@k)
 * @param autoPromote        whether a version that beats the active one becomes active without an operator
 * @param everyInteractions  retrain after this many new positive interactions
 * @param everyEventTime     retrain once the log's event time is this far past the last training's data end
 * @param minInteractions    no training on fewer positive interactions than this
 * @param registryTimeout    how long a question to the model registry may take
 * @param checkpointInterval how often the schedule's counts are checkpointed (when they changed)
 */
public record TrainerSettings(
        int factors,
        int iterations,
        double lambda,
        double alpha,
        long seed,
        int threads,
        double heldOutShare,
        int metricsK,
        boolean autoPromote,
        long everyInteractions,
        Duration everyEventTime,
        long minInteractions,
        Duration registryTimeout,
        Duration checkpointInterval) {

    static final String SECTION = "murmuration.trainer";
    private static final ConfigSection KEYS = new ConfigSection(SECTION);

    /** Reads the settings from the {@code murmuration.trainer} section of the configuration. */
    public static TrainerSettings from(Config trainer) {
        int factors = KEYS.read("factors", trainer::getInt);
        int iterations = KEYS.read("iterations", trainer::getInt);
        double lambda = KEYS.read("lambda", trainer::getDouble);
        double alpha = KEYS.read("alpha", trainer::getDouble);
        long seed = KEYS.read("seed", trainer::getLong);
        int threads = KEYS.read("threads", trainer::getInt);
        double heldOutShare = KEYS.read("held-out-share", trainer::getDouble);
        int metricsK = KEYS.read("metrics-k", trainer::getInt);
        boolean autoPromote = KEYS.read("auto-promote", trainer::getBoolean);
        long everyInteractions = KEYS.read("every-interactions", trainer::getLong);
        Duration everyEventTime = KEYS.read("every-event-time", trainer::getDuration);
        long minInteractions = KEYS.read("min-interactions", trainer::getLong);
        Duration registryTimeout = KEYS.read("registry-timeout", trainer::getDuration);
        Duration checkpointInterval = KEYS.read("checkpoint-interval", trainer::getDuration);

        KEYS.require(factors > 0, "factors", "must be positive, was " + factors);
        KEYS.require(iterations > 0, "iterations", "must be positive, was " + iterations);
        KEYS.require(lambda > 0 && !Double.isInfinite(lambda), "lambda", "must be positive and finite, was " + lambda);
        KEYS.require(alpha >= 0 && !Double.isInfinite(alpha), "alpha", "must be finite and not negative, was " + alpha);
        KEYS.require(threads > 0, "threads", "must be positive, was " + threads);
        KEYS.require(heldOutShare > 0 && heldOutShare < 1, "held-out-share",
                "must be between 0 and 1, exclusive (the metrics need a held-out slice), was " + heldOutShare);
        KEYS.require(metricsK > 0, "metrics-k", "must be positive, was " + metricsK);
        KEYS.require(everyInteractions > 0, "every-interactions", "must be positive, was " + everyInteractions);
        KEYS.require(!everyEventTime.isNegative() && !everyEventTime.isZero(), "every-event-time",
                "must be positive, was " + everyEventTime);
        KEYS.require(minInteractions > 0, "min-interactions", "must be positive, was " + minInteractions);
        KEYS.require(!registryTimeout.isNegative() && !registryTimeout.isZero(), "registry-timeout",
                "must be positive, was " + registryTimeout);
        KEYS.require(!checkpointInterval.isNegative() && !checkpointInterval.isZero(), "checkpoint-interval",
                "must be positive, was " + checkpointInterval);
        return new TrainerSettings(factors, iterations, lambda, alpha, seed, threads, heldOutShare, metricsK,
                autoPromote, everyInteractions, everyEventTime, minInteractions, registryTimeout, checkpointInterval);
    }

    /** The knobs of one iALS run under these settings. */
    public AlsParameters alsParameters() {
        return new AlsParameters(factors, iterations, lambda, alpha, seed, threads);
    }
}
