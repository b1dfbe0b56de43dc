package io.murmuration.bench.baseline;

import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Events for the baselines' tests: one user, one item, a type and a time. */
final class Events {

    static final Instant DAY_ZERO = Instant.parse("2014-01-01T00:00:00Z");

    private static int next;

    private Events() {}

    static InteractionEvent purchase(String userId, String itemId) {
        return event(userId, itemId, InteractionType.PURCHASE, DAY_ZERO);
    }

    static InteractionEvent view(String userId, String itemId) {
        return event(userId, itemId, InteractionType.VIEW, DAY_ZERO);
    }

    static InteractionEvent purchaseOnDay(String userId, String itemId, double day) {
        return event(userId, itemId, InteractionType.PURCHASE, DAY_ZERO.plus(Duration.ofSeconds(Math.round(day * 86_400))));
    }

    static InteractionEvent event(String userId, String itemId, InteractionType type, Instant at) {
        return new InteractionEvent("t-" + next++, userId, itemId, type, null, at, Map.of());
    }
}
