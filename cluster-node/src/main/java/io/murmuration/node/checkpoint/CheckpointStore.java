package io.murmuration.node.checkpoint;

import akka.Done;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where a derived view keeps its checkpoints: {@link ViewCheckpoints} in Cassandra, or a map in a unit test. */
public interface CheckpointStore {

    /**
     * Where the view's latest complete checkpoint stands, read before its state: a view can start reading the log
     * since {@code logOffset} while the state, megabytes of it, is still on its way.
     */
    record Head(long generation, int chunks, UUID logOffset, Instant takenAt) {}

    /** The head of the view's latest complete checkpoint, or empty when it has none. */
    CompletionStage<Optional<Head>> head(String view);

    /** The checkpoint {@code head} names. */
    CompletionStage<ViewCheckpoints.Checkpoint> state(String view, Head head);

    /** The view's latest complete checkpoint, or empty when it has none. */
    default CompletionStage<Optional<ViewCheckpoints.Checkpoint>> load(String view) {
        return head(view).thenCompose(head -> head.isEmpty()
                ? CompletableFuture.completedFuture(Optional.<ViewCheckpoints.Checkpoint>empty())
                : state(view, head.get()).thenApply(Optional::of));
    }

    /** Stores {@code state} as the view's checkpoint covering the log up to {@code logOffset}. */
    CompletionStage<Done> save(String view, byte[] state, UUID logOffset, Instant takenAt);
}
