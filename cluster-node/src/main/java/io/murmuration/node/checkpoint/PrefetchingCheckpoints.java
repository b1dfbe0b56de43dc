package io.murmuration.node.checkpoint;

import akka.Done;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A checkpoint store that can start reading views' checkpoints before their owners exist. A node that forms a cluster
 * alone knows every shard and singleton will start on it, but they start only once the node is up and the shard
 * coordinator has placed them, seconds into a restart; reading their checkpoints meanwhile overlaps those seconds
 * with the megabytes the owners would otherwise wait for.
 *
 * <p>The first owner of a view to ask takes what was read early, once; later asks read the store. Whatever is read
 * early is still correct when it is a generation behind: an owner reads back the log since its checkpoint's position,
 * whichever checkpoint it got. What is not taken within the prefetch's {@code keep} is dropped.
 */
public final class PrefetchingCheckpoints implements CheckpointStore {

    private record Early(CompletableFuture<Optional<Head>> head, CompletableFuture<ViewCheckpoints.Checkpoint> state) {}

    private final CheckpointStore store;
    private final Map<String, Early> early = new ConcurrentHashMap<>();

    public PrefetchingCheckpoints(CheckpointStore store) {
        this.store = store;
    }

    /** Starts reading the head and state of each view's latest checkpoint now, kept for the owners for {@code keep}. */
    public void prefetch(Collection<String> views, Duration keep) {
        for (String view : views) {
            CompletableFuture<Optional<Head>> head = store.head(view).toCompletableFuture();
            CompletableFuture<ViewCheckpoints.Checkpoint> state = head.thenCompose(found -> found.isEmpty()
                    ? CompletableFuture.<ViewCheckpoints.Checkpoint>completedFuture(null)
                    : store.state(view, found.get())).toCompletableFuture();
            Early read = new Early(head, state);
            early.put(view, read);
            CompletableFuture.delayedExecutor(keep.toMillis(), TimeUnit.MILLISECONDS).execute(() -> early.remove(view, read));
        }
    }

    /** The head read early, if there is one and it was read; else the store's. */
    @Override
    public CompletionStage<Optional<Head>> head(String view) {
        Early read = early.get(view);
        if (read == null) {
            return store.head(view);
        }
        return earlyOrRead(read.head(), head -> true, () -> store.head(view));
    }

    /** The state read early when it is of {@code head}'s generation (and was read); else the store's. Taken once. */
    @Override
    public CompletionStage<ViewCheckpoints.Checkpoint> state(String view, Head head) {
        Early read = early.remove(view);
        if (read == null) {
            return store.state(view, head);
        }
        return earlyOrRead(read.state(), state -> state != null && state.generation() == head.generation(),
                () -> store.state(view, head));
    }

    /** What was read early when it arrived and is {@code usable}; else a fresh {@code read}. */
    private static <T> CompletionStage<T> earlyOrRead(CompletableFuture<T> early, Predicate<T> usable,
            Supplier<CompletionStage<T>> read) {
        return early.handle((value, failure) -> failure == null && usable.test(value)
                        ? CompletableFuture.completedFuture(value)
                        : read.get())
                .thenCompose(stage -> stage);
    }

    /** Stores a checkpoint; what was read early of that view is older, and dropped. */
    @Override
    public CompletionStage<Done> save(String view, byte[] state, UUID logOffset, Instant takenAt) {
        early.remove(view);
        return store.save(view, state, logOffset, takenAt);
    }
}
