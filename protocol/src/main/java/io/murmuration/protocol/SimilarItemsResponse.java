package io.murmuration.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The reply to a similar-items request.
 *
 * @param itemId       the item whose neighbours these are
 * @param modelVersion the model version whose item vectors were compared ("popularity" when none is active)
 * @param items        best first; the reason says whether an item's vector is close ("similar to …") or users
 *                     often chose it next ("often next after …")
 * @param missing      the parts the list was put together without, as in {@link RecommendationsResponse}
 */
@JsonPropertyOrder({"itemId", "modelVersion", "partial", "missing", "items"})
@JsonIgnoreProperties(value = "partial", allowGetters = true)
public record SimilarItemsResponse(String itemId, String modelVersion, List<RecommendedItem> items, List<String> missing) {

    public SimilarItemsResponse {
        items = items == null ? List.of() : List.copyOf(items);
        missing = missing == null ? List.of() : List.copyOf(missing);
    }

    /** True when some part is missing: the list may lack items a whole one would have had. */
    @JsonProperty("partial")
    public boolean partial() {
        return !missing.isEmpty();
    }
}
