package io.murmuration.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The reply to a recommendation request for one user.
 *
 * @param userId       the user recommended for
 * @param modelVersion the model version that scored the items
 * @param fallback     true when the items are popular items rather than personalised (cold start, or the user's own
 *                     state was not read in time)
 * @param items        best first
 * @param missing      the parts the list was put together without, because their source failed or did not answer by
 *                     the deadline ({@code item-shard 3: search}, {@code popular items}); empty when it is whole
 */
@JsonPropertyOrder({"userId", "modelVersion", "fallback", "partial", "missing", "items"})
@JsonIgnoreProperties(value = "partial", allowGetters = true)
public record RecommendationsResponse(String userId, String modelVersion, boolean fallback, List<RecommendedItem> items,
        List<String> missing) {

    public RecommendationsResponse {
        items = items == null ? List.of() : List.copyOf(items);
        missing = missing == null ? List.of() : List.copyOf(missing);
    }

    /** True when some part is missing: the list may lack items a whole one would have had. */
    @JsonProperty("partial")
    public boolean partial() {
        return !missing.isEmpty();
    }
}
