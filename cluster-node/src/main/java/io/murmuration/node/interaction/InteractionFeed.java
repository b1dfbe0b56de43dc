package io.murmuration.node.interaction;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * A live view of the interaction log: from a position in it (or its start), then each interaction as it is recorded,
 * each with its position. The trainer counts what arrives to decide when to retrain, and resumes after the position
 * its checkpoint covers; {@link InteractionLogFollower#feed} is the journal-backed source.
 */
@FunctionalInterface
public interface InteractionFeed {

    /** A started feed; cancelling it stops the deliveries. */
    @FunctionalInterface
    interface Subscription {
        void cancel();
    }

    /**
     * Starts delivering the interactions recorded after {@code after} (from the log's start when null) to {@code sink},
     * on whatever thread the source uses.
     */
    Subscription follow(UUID after, Consumer<InteractionLogFollower.Positioned> sink);
}
