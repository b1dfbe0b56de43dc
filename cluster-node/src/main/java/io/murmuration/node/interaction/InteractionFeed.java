package io.murmuration.node.interaction;

import java.util.function.Consumer;

/**
 * A live view of the interaction log: from the start of the log, then each interaction as it is recorded.
 * The trainer counts what arrives to decide when to retrain; {@link InteractionLogFollower#feed} is the
 * journal-backed source.
 */
@FunctionalInterface
public interface InteractionFeed {

    /** A started feed; cancelling it stops the deliveries. */
    @FunctionalInterface
    interface Subscription {
        void cancel();
    }

    /** Starts delivering interactions to {@code sink}, on whatever thread the source uses. */
    Subscription follow(Consumer<InteractionRecorded> sink);
}
