package io.murmuration.node.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PrefetchingCheckpointsTest {

    private static final Duration KEPT = Duration.ofMinutes(1);

    /** The in-memory store, counting the reads that reach it; a read can be made to fail. */
    private static final class CountingStore implements CheckpointStore {
        final InMemoryCheckpoints saved = new InMemoryCheckpoints();
        final AtomicInteger heads = new AtomicInteger();
        final AtomicInteger states = new AtomicInteger();
        final AtomicReference<RuntimeException> nextStateFails = new AtomicReference<>();

        @Override
        public CompletionStage<Optional<Head>> head(String view) {
            heads.incrementAndGet();
            return saved.head(view);
        }

        @Override
        public CompletionStage<ViewCheckpoints.Checkpoint> state(String view, Head head) {
            states.incrementAndGet();
            RuntimeException failure = nextStateFails.getAndSet(null);
            return failure != null ? CompletableFuture.failedFuture(failure) : saved.state(view, head);
        }

        @Override
        public CompletionStage<Done> save(String view, byte[] state, UUID logOffset, Instant takenAt) {
            return saved.save(view, state, logOffset, takenAt);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A store whose view "shard-1" holds the checkpoint "one", of generation 1,000. */
    private static CountingStore storeWithCheckpointOne() throws Exception {
        CountingStore store = new CountingStore();
        save(store, "one", 1_000);
        return store;
    }

    private static void save(CheckpointStore store, String state, long generation) throws Exception {
        store.save("shard-1", bytes(state), UUID.randomUUID(), Instant.ofEpochMilli(generation)).toCompletableFuture().get();
    }

    private static Optional<ViewCheckpoints.Checkpoint> load(CheckpointStore store, String view) throws Exception {
        return store.load(view).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void anOwnerTakesTheCheckpointReadBeforeItAskedWithoutReadingTheStoreAgain() throws Exception {
        CountingStore store = storeWithCheckpointOne();
        PrefetchingCheckpoints prefetching = new PrefetchingCheckpoints(store);

        prefetching.prefetch(List.of("shard-1", "shard-2"), KEPT);
        int headsReadEarly = store.heads.get();
        int statesReadEarly = store.states.get();
        Optional<ViewCheckpoints.Checkpoint> first = load(prefetching, "shard-1");
        Optional<ViewCheckpoints.Checkpoint> none = load(prefetching, "shard-2");

        assertArrayEquals(bytes("one"), first.orElseThrow().state());
        assertTrue(none.isEmpty());
        assertEquals(2, headsReadEarly, "one head read per view, early");
        assertEquals(1, statesReadEarly, "one state read, early");
        assertEquals(2, store.heads.get(), "nothing read when the owners asked");
        assertEquals(1, store.states.get(), "nothing read when the owners asked");
    }

    @Test
    void whatWasReadEarlyIsTakenOnceAndLaterAsksReadTheStore() throws Exception {
        CountingStore store = storeWithCheckpointOne();
        PrefetchingCheckpoints prefetching = new PrefetchingCheckpoints(store);
        prefetching.prefetch(List.of("shard-1"), KEPT);
        load(prefetching, "shard-1");

        save(store, "two", 2_000);
        Optional<ViewCheckpoints.Checkpoint> again = load(prefetching, "shard-1");

        assertArrayEquals(bytes("two"), again.orElseThrow().state());
        assertEquals(2, store.states.get());
    }

    @Test
    void aCheckpointSavedThroughItReplacesWhatWasReadEarly() throws Exception {
        CountingStore store = storeWithCheckpointOne();
        PrefetchingCheckpoints prefetching = new PrefetchingCheckpoints(store);
        prefetching.prefetch(List.of("shard-1"), KEPT);

        save(prefetching, "two", 2_000);

        assertArrayEquals(bytes("two"), load(prefetching, "shard-1").orElseThrow().state());
    }

    @Test
    void anEarlyStateOfAnotherGenerationThanTheHeadAskedForIsNotServed() throws Exception {
        CountingStore store = storeWithCheckpointOne();
        PrefetchingCheckpoints prefetching = new PrefetchingCheckpoints(store);
        prefetching.prefetch(List.of("shard-1"), KEPT);
        prefetching.head("shard-1").toCompletableFuture().get(5, TimeUnit.SECONDS);

        // Another writer's newer checkpoint, whose head the owner read from the store itself.
        save(store, "two", 2_000);
        CheckpointStore.Head newer = store.head("shard-1").toCompletableFuture().get().orElseThrow();
        ViewCheckpoints.Checkpoint served = prefetching.state("shard-1", newer).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertArrayEquals(bytes("two"), served.state());
        assertEquals(2_000, served.generation());
    }

    @Test
    void anEarlyReadThatFailedIsReadAgainFromTheStore() throws Exception {
        CountingStore store = storeWithCheckpointOne();
        store.nextStateFails.set(new IllegalStateException("Cassandra timed out"));
        PrefetchingCheckpoints prefetching = new PrefetchingCheckpoints(store);

        prefetching.prefetch(List.of("shard-1"), KEPT);

        assertArrayEquals(bytes("one"), load(prefetching, "shard-1").orElseThrow().state());
        assertEquals(2, store.states.get());
    }

    @Test
    void whatIsNotTakenWithinTheTimeKeptIsDropped() throws Exception {
        CountingStore store = storeWithCheckpointOne();
        PrefetchingCheckpoints prefetching = new PrefetchingCheckpoints(store);
        prefetching.prefetch(List.of("shard-1"), Duration.ofMillis(50));
        save(store, "two", 2_000);

        Thread.sleep(500); // ten times the time kept
        Optional<ViewCheckpoints.Checkpoint> loaded = load(prefetching, "shard-1");

        assertArrayEquals(bytes("two"), loaded.orElseThrow().state());
    }
}
