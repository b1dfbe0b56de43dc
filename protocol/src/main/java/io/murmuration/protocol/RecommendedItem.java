package io.murmuration.protocol;

/**
 * One entry of a recommendation list.
 *
 * @param itemId the recommended item
 * @param score  higher is better; comparable only within the same list
 * @param reason why it was chosen: "for you" (close to the user's embedding), "similar to item-42" (users who
 *               chose item-42 went on to this one) or "popular"
 */
public record RecommendedItem(String itemId, double score, String reason) {
}
