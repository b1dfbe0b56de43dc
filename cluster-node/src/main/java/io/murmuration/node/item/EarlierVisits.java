package io.murmuration.node.item;

import io.murmuration.node.interaction.EarlierItem;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each user's latest distinct positive visits, for a log read in order whose events do not carry the visits before
 * them (written before they were recorded): the read-back then pairs them the way the user's entity did live. Memory
 * is up to {@code window} entries per user. Not thread-safe: one reader.
 */
final class EarlierVisits {

    private final int window;
    private final Map<String, ArrayDeque<EarlierItem>> latestFirstByUser = new HashMap<>();

    EarlierVisits(int window) {
        this.window = window;
    }

    /** The user's distinct visits before this one, latest first; then notes this one. */
    List<EarlierItem> before(String userId, String itemId, double weight) {
        ArrayDeque<EarlierItem> latestFirst = latestFirstByUser.computeIfAbsent(userId, u -> new ArrayDeque<>());
        List<EarlierItem> before = List.copyOf(latestFirst);
        if (weight > 0) {
            latestFirst.removeIf(earlier -> earlier.itemId().equals(itemId));
            latestFirst.addFirst(new EarlierItem(itemId, weight));
            while (latestFirst.size() > window) {
                latestFirst.removeLast();
            }
        }
        return before;
    }
}
