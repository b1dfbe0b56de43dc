package io.murmuration.node.interaction;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One interaction, as the user entity persisted it: the record of the interaction log that the item shards, the
 * popularity view and the trainer consume.
 *
 * <p>{@code surprise} is how surprising the item was under the user's embedding just before, as measured under
 * {@code modelVersion}; both are null when there was no embedding, the version did not know the item, or the event
 * was written before drift detection existed (such journals read with both null). {@code earlierItems} are the user's
 * distinct positive visits before this one, latest first, as many as the co-visitation window held then (null in
 * events written before they were recorded), so that the log read from any point yields the same co-visitations as
 * the live entity reports.
 *
 * <p>{@code popular} says whether the item was in the head of the node's popular list when the interaction was
 * recorded: what tells a user who follows the crowd from one who does not ({@code TrendContexts}, decision 026). It
 * is a fact of that moment, which no later read of the log could rebuild, so it is recorded with the event; null when
 * it was not judged (the node had no popular list yet, a bulk-loaded journal, or an event written before it was
 * recorded), and such an event counts for neither.
 *
 * <p>Journals written before this record had its own package name it
 * {@code io.murmuration.node.user.UserEntity$InteractionRecorded}; {@link io.murmuration.node.RenamedClasses} reads them.
 */
public record InteractionRecorded(
        String userId,
        String eventId,
        String itemId,
        String type,
        Double value,
        Instant timestamp,
        Map<String, String> context,
        Double surprise,
        String modelVersion,
        List<EarlierItem> earlierItems,
        Boolean popular)
        implements UserEvent {}
