package io.murmuration.node.user;

import io.murmuration.node.CborSerializable;
import io.murmuration.node.drift.DriftSettings;
import io.murmuration.node.drift.PageHinkleyDetector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's drift test as the journal defines it: the Page-Hinkley detector on the surprise of the user's
 * interactions, where a change would have begun, and the user's alarms. Immutable; {@link #afterSurprise} and
 * {@link #afterAlarm} are pure, so replay rebuilds the same state. The detector never resets itself here: only an
 * alarm in the journal (or a new model version) does, so replay does not depend on λ.
 *
 * <p>Where a change began is the Page-Hinkley estimate: the first observation after the cumulative sum's minimum
 * (the minimum of an empty run is before its first observation).
 *
 * @param detector       the detector's state since its last reset
 * @param modelVersion   the version whose surprises the detector has seen; null before any
 * @param changeFrom     event time of the first observation after the cumulative sum's minimum; null before any
 * @param atMinimum      the latest observation set the minimum, so a change would begin at the next one
 * @param lastShiftAt    the estimated start of the latest detected change; null before any alarm. Interactions
 *                       before it weigh less in the embedding
 * @param alarms         alarms raised, ever
 * @param recentAlarmIds the latest alarms' ids, oldest first, at most {@link #RECENT_ALARM_IDS}
 */
public record DriftState(
        PageHinkleyDetector.State detector,
        String modelVersion,
        Instant changeFrom,
        boolean atMinimum,
        Instant lastShiftAt,
        long alarms,
        List<String> recentAlarmIds)
        implements CborSerializable {

    /** Alarm ids a profile remembers. */
    public static final int RECENT_ALARM_IDS = 10;

    public static final DriftState EMPTY =
            new DriftState(PageHinkleyDetector.State.EMPTY, null, null, false, null, 0, List.of());

    public DriftState {
        detector = detector == null ? PageHinkleyDetector.State.EMPTY : detector;
        recentAlarmIds = recentAlarmIds == null ? List.of() : List.copyOf(recentAlarmIds);
    }

    /**
     * The state after one more surprise, measured under {@code version} at event time {@code at}. A surprise under
     * another version than the detector's means something else: the detector starts afresh.
     */
    public DriftState afterSurprise(double surprise, String version, Instant at, DriftSettings.PerUser parameters) {
        if (!(surprise >= 0.0 && surprise <= 1.0) || version == null) {
            return this; // no surprise measures that; part of the event handler, so it must not throw on a stored event
        }
        boolean sameVersion = version.equals(modelVersion);
        PageHinkleyDetector test = parameters.detector(sameVersion ? detector : PageHinkleyDetector.State.EMPTY);
        boolean firstOfRun = test.count() == 0;
        test.add(surprise);
        PageHinkleyDetector.State next = test.state();
        Instant from = firstOfRun || (sameVersion && atMinimum) ? at : changeFrom;
        return new DriftState(next, version, from, next.cumulativeSum() <= next.minimum(), lastShiftAt, alarms,
                recentAlarmIds);
    }

    /** True when the test fires on the surprises seen so far. */
    public boolean alarm(DriftSettings.PerUser parameters) {
        return parameters.detector(detector).alarm();
    }

    /** The state after an alarm: the detector reset, and the shift it found recorded. */
    public DriftState afterAlarm(String alarmId, Instant shiftFrom) {
        List<String> ids = new ArrayList<>(recentAlarmIds);
        ids.add(alarmId);
        List<String> bounded = ids.size() <= RECENT_ALARM_IDS ? ids : ids.subList(ids.size() - RECENT_ALARM_IDS, ids.size());
        return new DriftState(PageHinkleyDetector.State.EMPTY, modelVersion, null, false, shiftFrom, alarms + 1, bounded);
    }
}
