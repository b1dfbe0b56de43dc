package io.murmuration.protocol;

/**
 * One entry of a recommendation list.
 *
 * @param itemId the recommended item
 * @param score  higher is better; comparable only within the same list
 * @param reason why it was chosen, e.g. "because you viewed item-42" or "popular"
 */
public record RecommendedItem(String itemId, double score, String reason) {
}
