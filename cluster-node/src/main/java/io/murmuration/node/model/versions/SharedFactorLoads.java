package io.murmuration.node.model.versions;

import io.murmuration.node.model.versions.ModelStore.StoredFactors;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Loads of one model version that overlap share a single read of the store. A starting node asks for the active
 * version from every item shard and from its active model at once: each read is the whole version (94,537 items at
 * d = 32 are 12 MB), and nine of them at once took most of a restart's first seconds. A load asked for after the
 * shared one has completed reads again: nothing is kept beyond the callers that hold the result.
 *
 * <p>The callers share one {@link StoredFactors} and its arrays, which every reader only reads.
 */
public final class SharedFactorLoads {

    private final Function<String, CompletionStage<Optional<StoredFactors>>> store;
    private final ConcurrentHashMap<String, CompletableFuture<Optional<StoredFactors>>> inFlight = new ConcurrentHashMap<>();

    public SharedFactorLoads(Function<String, CompletionStage<Optional<StoredFactors>>> store) {
        this.store = store;
    }

    /** The version's factors, from the load already under way for it if there is one. */
    public CompletionStage<Optional<StoredFactors>> load(String versionId) {
        CompletableFuture<Optional<StoredFactors>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<StoredFactors>> shared = inFlight.putIfAbsent(versionId, mine);
        if (shared != null) {
            return shared;
        }
        CompletionStage<Optional<StoredFactors>> read;
        try {
            read = store.apply(versionId);
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((factors, failure) -> {
            inFlight.remove(versionId, mine);
            if (failure != null) {
                mine.completeExceptionally(failure);
            } else {
                mine.complete(factors);
            }
        });
        return mine;
    }
}
