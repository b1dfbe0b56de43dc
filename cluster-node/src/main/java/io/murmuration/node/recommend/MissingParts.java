package io.murmuration.node.recommend;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The parts one reply was put together without: each source (a shard's search, its neighbours, the popular list…)
 * either brings its part by the request's deadline or is left out and named here, so the reply can say it is partial
 * and which part it lacks. Safe to use from the threads the asks complete on.
 */
final class MissingParts {

    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final long deadlineNanos;
    private final Set<String> missing = ConcurrentHashMap.newKeySet();

    private MissingParts(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** Parts for a request that must be answered within {@code deadline} from now. */
    static MissingParts within(Duration deadline) {
        return new MissingParts(System.nanoTime() + deadline.toNanos());
    }

    /** Parts for a request that waits for each source's own timeout. */
    static MissingParts withoutDeadline() {
        return new MissingParts(NO_DEADLINE);
    }

    /**
     * {@code part}'s value, or {@code without} once it fails or the deadline passes first; then {@code name} is
     * recorded as missing. A part that arrives after the deadline is ignored.
     */
    <T> CompletableFuture<T> orWithout(CompletionStage<T> part, T without, String name) {
        return orWithout(part, without, name, Duration.ZERO);
    }

    /**
     * As above, waiting at least {@code atLeast} from now even when the deadline is nearer: for a part asked after the
     * sources, which a source that answered them answers at once, so that a deadline spent on a silent source does not
     * leave out every answer of the round.
     */
    <T> CompletableFuture<T> orWithout(CompletionStage<T> part, T without, String name, Duration atLeast) {
        // A future of our own: the deadline must not complete the source, which may be shared.
        CompletableFuture<T> bounded = new CompletableFuture<>();
        part.whenComplete((value, failure) -> {
            if (failure == null) {
                bounded.complete(value);
            } else {
                bounded.completeExceptionally(failure);
            }
        });
        if (deadlineNanos != NO_DEADLINE) {
            bounded.orTimeout(Math.max(atLeast.toNanos(), deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        return bounded.exceptionally(failure -> {
            missing.add(name);
            return without;
        });
    }

    /** Records {@code name} as missing although its source answered (from the wrong model version, say). */
    void add(String name) {
        missing.add(name);
    }

    /** The missing parts' names, sorted; empty when the reply is whole. */
    List<String> names() {
        return missing.stream().sorted().toList();
    }
}
