package io.murmuration.protocol;

import java.util.List;

/**
 * The reply to a similar-items request.
 *
 * @param itemId       the item whose neighbours these are
 * @param modelVersion the model version whose item vectors were compared ("popularity" when none is active)
 * @param items        best first; the reason says whether an item's vector is close ("similar to …") or users
 *                     often chose it next ("often next after …")
 */
public record SimilarItemsResponse(String itemId, String modelVersion, List<RecommendedItem> items) {

    public SimilarItemsResponse {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
