package io.murmuration.protocol;

/**
 * The online hit rate within the window: of the items users consumed, the share that was in the last list this
 * node's users were served.
 *
 * @param consumptions consumptions recorded
 * @param hits         those whose item was in the user's last list
 * @param hitRate      {@code hits / consumptions}; null while none was recorded
 */
public record ConsumptionStats(long consumptions, long hits, Double hitRate) {}
