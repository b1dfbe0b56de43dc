package io.murmuration.protocol;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One drift alarm: a user's taste moved (scope {@code user}), or the whole cluster's hit rate or mean surprise
 * changed (scope {@code global}).
 *
 * @param id                the alarm's id, as used by {@code POST /admin/drift/alarms/{id}/ack}
 * @param scope             {@code user} or {@code global}
 * @param userId            the user, for a user alarm; omitted for a global one
 * @param signal            {@code surprise} for a user alarm; {@code hit-rate} or {@code surprise} for a global one
 * @param figures           the detector's figures when it fired: for a user, {@code statistic} (Page-Hinkley),
 *                          {@code observations} and {@code meanSurprise} since the detector's last reset; for the
 *                          cluster, {@code meanBefore}/{@code widthBefore} and {@code meanAfter}/{@code widthAfter}
 *                          of the ADWIN window around the change
 * @param modelVersion      the model version the surprises were measured under; omitted when unknown
 * @param raisedAt          event time of the interaction that raised it
 * @param shiftFrom         for a user alarm, the estimated start of the new taste; omitted otherwise
 * @param status            {@code open} or {@code acknowledged}
 * @param acknowledgedBy    who acknowledged it; omitted while open
 * @param acknowledgeReason why; omitted while open
 * @param acknowledgedAt    when; omitted while open
 */
public record DriftAlarm(
        String id,
        String scope,
        String userId,
        String signal,
        Map<String, Double> figures,
        String modelVersion,
        Instant raisedAt,
        Instant shiftFrom,
        String status,
        String acknowledgedBy,
        String acknowledgeReason,
        Instant acknowledgedAt) {

    public DriftAlarm {
        // Keeps the caller's key order so the JSON reads in a stable order.
        figures = figures == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }
}
