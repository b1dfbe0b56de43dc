package io.murmuration.protocol;

import java.util.List;

/**
 * The reply listing globally popular items, the same list cold-start users receive.
 *
 * @param items most popular first, by decayed interaction count
 */
public record PopularResponse(List<RecommendedItem> items) {

    public PopularResponse {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
