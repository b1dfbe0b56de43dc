package io.murmuration.node.item;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which item each user interacted with last, for turning a log read in order into "X, then Y" pairs the same way
 * a user's own history does live. Memory is one entry per user. Not thread-safe: one reader.
 */
final class ConsecutiveInteractions {

    private final Map<String, String> lastItemByUser = new HashMap<>();

    /** Records that {@code userId} interacted with {@code itemId}; returns the item before it, if any. */
    Optional<String> previousOf(String userId, String itemId) {
        return Optional.ofNullable(lastItemByUser.put(userId, itemId));
    }
}
