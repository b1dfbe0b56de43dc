package io.murmuration.protocol;

import java.util.List;

/**
 * The drift alarms the monitor keeps, filtered by status.
 *
 * @param status {@code open}, {@code acknowledged} or {@code all}: the filter applied
 * @param alarms the matching alarms, newest first
 */
public record DriftAlarmsResponse(String status, List<DriftAlarm> alarms) {

    public DriftAlarmsResponse {
        alarms = alarms == null ? List.of() : List.copyOf(alarms);
    }
}
