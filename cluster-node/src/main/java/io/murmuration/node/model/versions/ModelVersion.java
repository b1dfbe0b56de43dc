package io.murmuration.node.model.versions;

import io.murmuration.node.CborSerializable;
import java.time.Instant;
import java.util.Map;

/**
 * What the registry knows of one trained model version: its id, the training parameters, the slice of the
 * interaction log it was trained on, and its offline metrics on the held-out slice. The factors themselves
 * live in Cassandra under the same id.
 *
 * @param parameters e.g. factors, lambda, alpha, iterations
 * @param metrics    e.g. hr@10, ndcg@10, and the same for the popularity baseline on the same slice
 */
public record ModelVersion(
        String id,
        Map<String, Double> parameters,
        Instant dataFrom,
        Instant dataTo,
        long interactions,
        Map<String, Double> metrics,
        Instant registeredAt)
        implements CborSerializable {

    /** The metric promotion decisions compare: hit rate at 10 on the held-out slice. */
    public static final String PROMOTION_METRIC = "hr@10";

    public ModelVersion {
        parameters = Map.copyOf(parameters);
        metrics = Map.copyOf(metrics);
    }

    public double metric(String name) {
        return metrics.getOrDefault(name, Double.NaN);
    }
}
