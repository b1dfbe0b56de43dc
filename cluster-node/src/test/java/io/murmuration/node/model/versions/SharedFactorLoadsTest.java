package io.murmuration.node.model.versions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.node.model.versions.ModelStore.StoredFactors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class SharedFactorLoadsTest {

    private static final StoredFactors V1 = new StoredFactors("v1", new String[] {"a"}, new float[] {1f, 2f}, 2);

    /** A store whose reads complete only when the test says so, and which counts them. */
    private static final class HeldStore {
        final List<String> reads = new ArrayList<>();
        final List<CompletableFuture<Optional<StoredFactors>>> pending = new ArrayList<>();

        CompletionStage<Optional<StoredFactors>> load(String version) {
            reads.add(version);
            CompletableFuture<Optional<StoredFactors>> read = new CompletableFuture<>();
            pending.add(read);
            return read;
        }
    }

    @Test
    void loadsAskedForWhileOneIsUnderWayShareItsSingleRead() throws Exception {
        HeldStore store = new HeldStore();
        SharedFactorLoads loads = new SharedFactorLoads(store::load);

        List<CompletableFuture<Optional<StoredFactors>>> asked = new ArrayList<>();
        for (int shard = 0; shard < 9; shard++) asked.add(loads.load("v1").toCompletableFuture());
        CompletableFuture<Optional<StoredFactors>> other = loads.load("v2").toCompletableFuture();

        assertEquals(List.of("v1", "v2"), store.reads, "one read per version, however many ask");
        store.pending.get(0).complete(Optional.of(V1));
        for (CompletableFuture<Optional<StoredFactors>> answer : asked) assertSame(V1, answer.get().orElseThrow());
        assertTrue(!other.isDone(), "another version's load is its own");
    }

    @Test
    void aLoadAskedForAfterTheSharedOneCompletedReadsAgain() throws Exception {
        HeldStore store = new HeldStore();
        SharedFactorLoads loads = new SharedFactorLoads(store::load);
        CompletableFuture<Optional<StoredFactors>> first = loads.load("v1").toCompletableFuture();
        store.pending.get(0).complete(Optional.of(V1));
        first.get();

        loads.load("v1");

        assertEquals(List.of("v1", "v1"), store.reads);
    }

    @Test
    void aFailedReadFailsEveryoneWhoSharedItAndTheNextLoadTriesAgain() {
        HeldStore store = new HeldStore();
        SharedFactorLoads loads = new SharedFactorLoads(store::load);
        CompletableFuture<Optional<StoredFactors>> a = loads.load("v1").toCompletableFuture();
        CompletableFuture<Optional<StoredFactors>> b = loads.load("v1").toCompletableFuture();

        store.pending.get(0).completeExceptionally(new IllegalStateException("store unreachable"));

        assertThrows(ExecutionException.class, a::get);
        assertThrows(ExecutionException.class, b::get);
        loads.load("v1");
        assertEquals(2, store.reads.size(), "a failure is not remembered");
    }
}
