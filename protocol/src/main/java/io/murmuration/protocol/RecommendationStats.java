package io.murmuration.protocol;

/**
 * This node's recommendation endpoint ({@code GET /v1/users/{id}/recommendations}) within the window.
 *
 * @param perSecond    answered requests per second
 * @param count        answered requests
 * @param p50Millis    median latency in milliseconds, null without requests
 * @param p99Millis    99th-percentile latency in milliseconds, null without requests
 * @param fallbackRate share of answers that were the popular list instead of a personal one, null without requests
 */
public record RecommendationStats(double perSecond, long count, Double p50Millis, Double p99Millis, Double fallbackRate) {}
