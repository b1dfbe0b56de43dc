package io.murmuration.protocol;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the admin API knows about one user.
 *
 * @param userId        the user
 * @param eventCount    interactions recorded, after duplicates were dropped
 * @param countsByType  interactions per type, keyed by wire name
 * @param firstSeen     timestamp of the earliest interaction; omitted for a user with none
 * @param lastSeen      timestamp of the latest interaction; omitted for a user with none
 * @param recentHistory the latest interactions, newest first
 * @param drift         the user's drift test and alarms
 * @param lastServed    the last personalised list served to the user; omitted when none is remembered
 * @param embedding     the user's embedding under the active model version; omitted without a version, or when
 *                      none of the user's items is known to it
 */
public record UserProfileResponse(
        String userId,
        long eventCount,
        Map<String, Long> countsByType,
        Instant firstSeen,
        Instant lastSeen,
        List<HistoryEntry> recentHistory,
        UserDrift drift,
        ServedList lastServed,
        UserEmbeddingView embedding,
        CrowdFollowing crowd) {

    public UserProfileResponse {
        // Keeps the caller's key order so the JSON reads in a stable order.
        countsByType = countsByType == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(countsByType));
        recentHistory = recentHistory == null ? List.of() : List.copyOf(recentHistory);
    }
}
