package io.murmuration.protocol;

import java.time.Instant;
import java.util.Map;

/**
 * The outcome of a training asked for through the admin API.
 *
 * @param versionId        the new version
 * @param interactions     positive interactions trained on
 * @param cutOff           start of the held-out slice its metrics come from
 * @param trainingSeconds  wall time of the training
 * @param metrics          as in {@link ModelVersionInfo#metrics()}
 * @param comparedWith     the active version scored on the same slice ("active.…" metrics), null when none
 * @param promoted         whether it became active
 * @param activeAfter      the active version now, null when none
 * @param preparationError why the item shards could not build its index, null when they did
 */
public record TrainingResponse(
        String versionId,
        long interactions,
        int users,
        int items,
        Instant dataFrom,
        Instant cutOff,
        Instant dataTo,
        double trainingSeconds,
        Map<String, Double> metrics,
        String comparedWith,
        boolean promoted,
        String activeAfter,
        String preparationError) {

    public TrainingResponse {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
