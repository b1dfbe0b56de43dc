package io.murmuration.node.checkpoint;

import akka.Done;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/** Where a derived view keeps its checkpoints: {@link ViewCheckpoints} in Cassandra, or a map in a unit test. */
public interface CheckpointStore {

    /** The view's latest complete checkpoint, or empty when it has none. */
    CompletionStage<Optional<ViewCheckpoints.Checkpoint>> load(String view);

    /** Stores {@code state} as the view's checkpoint covering the log up to {@code logOffset}. */
    CompletionStage<Done> save(String view, byte[] state, UUID logOffset, Instant takenAt);
}
