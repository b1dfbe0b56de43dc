package io.murmuration.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One user interaction as it travels on the {@link Topics#INTERACTIONS} topic, keyed by {@code userId}.
 *
 * <p>Instances built by {@link InteractionEventCodec#parse} have passed every wire rule; the constructor
 * itself only guarantees that required fields are present and that {@code context} is an unmodifiable,
 * never-null map.
 *
 * @param eventId   producer-chosen id, used to drop duplicates
 * @param userId    whose interaction it is
 * @param itemId    the item interacted with
 * @param type      what kind of interaction
 * @param value     the rating for {@link InteractionType#RATING} (0 to 10), otherwise optional and unused; {@code null} when absent
 * @param timestamp when the interaction happened, as reported by the producer
 * @param context   free-form string attributes (device, page, ...); empty when absent
 */
public record InteractionEvent(
        String eventId,
        String userId,
        String itemId,
        InteractionType type,
        Double value,
        Instant timestamp,
        Map<String, String> context) {

    public InteractionEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        context = context == null ? Map.of() : Map.copyOf(context);
    }
}
