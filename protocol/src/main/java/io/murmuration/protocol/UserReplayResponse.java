package io.murmuration.protocol;

import java.time.Instant;
import java.util.List;

/**
 * A user as it was at an instant, rebuilt from the journal with the entity's own event handler: the audit view.
 *
 * @param userId          the user
 * @param asOf            the instant asked for; every event recorded at or before it is applied
 * @param eventsApplied   how many journal events that was
 * @param profile         the user's state then, without what the journal does not hold (the last list served, the
 *                        drift monitor's open alarms)
 * @param modelVersion    the model version active then; omitted when none was
 * @param embedding       the user's embedding under that version then; omitted without a version or a known item
 * @param recommendations the personal part of the list the user would have received then: the items closest to
 *                        the embedding under that version, without those the profile excluded then
 * @param basis           what {@code recommendations} rest on, in words
 */
public record UserReplayResponse(
        String userId,
        Instant asOf,
        long eventsApplied,
        UserProfileResponse profile,
        String modelVersion,
        float[] embedding,
        List<RecommendedItem> recommendations,
        String basis) {

    public UserReplayResponse {
        recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
    }
}
