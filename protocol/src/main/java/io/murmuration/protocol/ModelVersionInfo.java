package io.murmuration.protocol;

import java.time.Instant;
import java.util.Map;

/**
 * One trained model version as the admin API shows it.
 *
 * @param id           the version id, e.g. {@code v20261122T101500Z-3f2a} (sorts by data end)
 * @param parameters   training parameters: factors, iterations, lambda, alpha, heldOutShare
 * @param dataFrom     earliest event time trained on
 * @param dataTo       latest event time trained on
 * @param interactions positive interactions trained on
 * @param metrics      held-out figures: "hr@10", "ndcg@10", "popularity.hr@10", … and "active.hr@10" for the version
 *                     active when it was trained, scored on the same slice
 * @param registeredAt when the trainer registered it
 */
public record ModelVersionInfo(
        String id,
        Map<String, Double> parameters,
        Instant dataFrom,
        Instant dataTo,
        long interactions,
        Map<String, Double> metrics,
        Instant registeredAt) {

    public ModelVersionInfo {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
