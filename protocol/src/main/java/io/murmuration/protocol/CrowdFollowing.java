package io.murmuration.protocol;

/**
 * How much a user follows the crowd: of the user's positive interactions judged when recorded, how many took an item
 * then among the most popular. The node serves a user's lists with the blend weights that do best in the user's range
 * of {@code share}.
 *
 * @param judged  positive interactions judged popular or not
 * @param popular of them, those whose item was among the most popular
 * @param share   {@code popular / judged}; 0 before any was judged
 */
public record CrowdFollowing(long judged, long popular, double share) {
}
