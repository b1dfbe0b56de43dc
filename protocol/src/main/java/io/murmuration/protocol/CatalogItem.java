package io.murmuration.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * One item upsert on the {@code catalog} topic: the item's id and descriptive attributes (title, category…),
 * which replace the ones stored before.
 */
public record CatalogItem(String itemId, Map<String, String> attributes) {

    public CatalogItem {
        Objects.requireNonNull(itemId, "itemId");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
