package io.murmuration.node.checkpoint;

import akka.Done;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** A checkpoint store in memory for unit tests: the latest checkpoint per view. */
public final class InMemoryCheckpoints implements CheckpointStore {

    private final Map<String, ViewCheckpoints.Checkpoint> saved = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Optional<ViewCheckpoints.Checkpoint>> load(String view) {
        return CompletableFuture.completedFuture(Optional.ofNullable(saved.get(view)));
    }

    @Override
    public CompletionStage<Done> save(String view, byte[] state, UUID logOffset, Instant takenAt) {
        saved.put(view, new ViewCheckpoints.Checkpoint(state, logOffset, takenAt, takenAt.toEpochMilli()));
        return CompletableFuture.completedFuture(Done.getInstance());
    }

    /** The view's latest checkpoint, if one was saved. */
    public Optional<ViewCheckpoints.Checkpoint> latest(String view) {
        return Optional.ofNullable(saved.get(view));
    }
}
