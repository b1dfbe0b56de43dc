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
    public CompletionStage<Optional<Head>> head(String view) {
        return CompletableFuture.completedFuture(Optional.ofNullable(saved.get(view)).map(checkpoint ->
                new Head(checkpoint.generation(), 1, checkpoint.logOffset(), checkpoint.takenAt())));
    }

    @Override
    public CompletionStage<ViewCheckpoints.Checkpoint> state(String view, Head head) {
        ViewCheckpoints.Checkpoint checkpoint = saved.get(view);
        return checkpoint != null && checkpoint.generation() == head.generation()
                ? CompletableFuture.completedFuture(checkpoint)
                : CompletableFuture.failedFuture(new IllegalStateException("checkpoint " + head.generation()
                        + " of view " + view + " is gone"));
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
