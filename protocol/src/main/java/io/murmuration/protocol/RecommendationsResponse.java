package io.murmuration.protocol;

import java.util.List;

/**
 * The reply to a recommendation request for one user.
 *
 * @param userId       the user recommended for
 * @param modelVersion the model version that scored the items
 * @param fallback     true when the items are popular items rather than personalised (cold start or deadline missed)
 * @param items        best first
 */
public record RecommendationsResponse(String userId, String modelVersion, boolean fallback, List<RecommendedItem> items) {

    public RecommendationsResponse {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
