package io.murmuration.protocol;

import java.time.Instant;
import java.util.List;

/**
 * A user's drift test: the Page-Hinkley detector on the surprise of the user's interactions, and its alarms.
 *
 * @param observations   surprises seen since the detector's last reset (an alarm or a new model version)
 * @param meanSurprise   their mean
 * @param statistic      the Page-Hinkley statistic, compared with {@code murmuration.drift.user.lambda}
 * @param modelVersion   the version those surprises were measured under; omitted before any
 * @param lastShiftAt    the estimated start of the latest detected change of taste; omitted before any. Interactions
 *                       before it weigh {@code murmuration.drift.user.weight-before-shift} in the embedding
 * @param alarms         alarms raised for this user, ever
 * @param recentAlarmIds the ids of the latest of them, oldest first
 * @param openAlarmIds   those of them the monitor holds as not yet acknowledged; omitted when the monitor did not
 *                       answer in time
 */
public record UserDrift(
        long observations,
        double meanSurprise,
        double statistic,
        String modelVersion,
        Instant lastShiftAt,
        long alarms,
        List<String> recentAlarmIds,
        List<String> openAlarmIds) {

    public UserDrift {
        recentAlarmIds = recentAlarmIds == null ? List.of() : List.copyOf(recentAlarmIds);
        openAlarmIds = openAlarmIds == null ? null : List.copyOf(openAlarmIds);
    }
}
