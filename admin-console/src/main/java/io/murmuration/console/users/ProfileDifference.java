package io.murmuration.console.users;

import io.murmuration.protocol.HistoryEntry;
import io.murmuration.protocol.UserDrift;
import io.murmuration.protocol.UserProfileResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What changed in a user between an instant ({@code then}, a replayed profile) and now: each figure that differs,
 * and which events of the current history were not there then. Plain values, no JavaFX, so it is tested with
 * numbers.
 */
public final class ProfileDifference {

    /** One figure that differs. */
    public record Change(String what, String then, String now) {
        @Override
        public String toString() {
            return what + ": " + then + " → " + now;
        }
    }

    private final List<Change> changes;
    private final Set<String> newEventIds;

    private ProfileDifference(List<Change> changes, Set<String> newEventIds) {
        this.changes = List.copyOf(changes);
        this.newEventIds = Set.copyOf(newEventIds);
    }

    /** Compares the profile replayed as of an instant (and its embedding then) with the profile now. */
    public static ProfileDifference between(UserProfileResponse then, float[] embeddingThen, UserProfileResponse now) {
        List<Change> changes = new ArrayList<>();
        compare(changes, "events", then.eventCount(), now.eventCount());
        Set<String> types = new TreeSet<>(then.countsByType().keySet());
        types.addAll(now.countsByType().keySet());
        for (String type : types) {
            compare(changes, type, then.countsByType().getOrDefault(type, 0L), now.countsByType().getOrDefault(type, 0L));
        }
        compare(changes, "last seen", then.lastSeen(), now.lastSeen());
        UserDrift driftThen = then.drift();
        UserDrift driftNow = now.drift();
        if (driftThen != null || driftNow != null) {
            compare(changes, "drift observations", driftThen == null ? null : driftThen.observations(), driftNow == null ? null : driftNow.observations());
            compare(changes, "drift statistic", driftThen == null ? null : round(driftThen.statistic()), driftNow == null ? null : round(driftNow.statistic()));
            compare(changes, "mean surprise", driftThen == null ? null : round(driftThen.meanSurprise()), driftNow == null ? null : round(driftNow.meanSurprise()));
            compare(changes, "drift alarms", driftThen == null ? null : driftThen.alarms(), driftNow == null ? null : driftNow.alarms());
            compare(changes, "drift model version", driftThen == null ? null : driftThen.modelVersion(), driftNow == null ? null : driftNow.modelVersion());
        }
        float[] embeddingNow = now.embedding() == null ? null : now.embedding().values();
        if (embeddingThen != null && embeddingNow != null && embeddingThen.length == embeddingNow.length) {
            double cosine = cosine(embeddingThen, embeddingNow);
            if (cosine < 0.9995) changes.add(new Change("embedding", "then", String.format(Locale.ROOT, "cosine %.3f to then", cosine)));
        } else if ((embeddingThen == null) != (embeddingNow == null)) {
            changes.add(new Change("embedding", embeddingThen == null ? "none" : "present", embeddingNow == null ? "none" : "present"));
        }
        // The recent history is the latest events: any event in it now that was not in it then came after the instant.
        Set<String> before = then.recentHistory().stream().map(HistoryEntry::eventId).collect(Collectors.toSet());
        Set<String> added = now.recentHistory().stream().map(HistoryEntry::eventId)
                .filter(id -> !before.contains(id)).collect(Collectors.toSet());
        return new ProfileDifference(changes, added);
    }

    public List<Change> changes() {
        return changes;
    }

    /** Events of the current recent history that the user did not have then. */
    public Set<String> newEventIds() {
        return newEventIds;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    private static void compare(List<Change> changes, String what, Object then, Object now) {
        if (!Objects.equals(then, now)) changes.add(new Change(what, then == null ? "—" : then.toString(), now == null ? "—" : now.toString()));
    }

    private static String round(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
