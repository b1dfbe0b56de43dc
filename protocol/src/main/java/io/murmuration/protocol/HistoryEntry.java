package io.murmuration.protocol;

import java.time.Instant;

/**
 * One past interaction as shown in a user's profile.
 *
 * @param eventId   the producer's event id
 * @param itemId    the item interacted with
 * @param type      the interaction type's wire name, e.g. {@code add_to_cart}
 * @param value     the rating or other value; omitted when the event had none
 * @param timestamp when it happened
 */
public record HistoryEntry(String eventId, String itemId, String type, Double value, Instant timestamp) {

    /** The profile view of {@code event}. */
    public static HistoryEntry of(InteractionEvent event) {
        return new HistoryEntry(event.eventId(), event.itemId(), event.type().wireName(), event.value(), event.timestamp());
    }
}
