package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.checkpoint.CheckpointStore;
import io.murmuration.node.checkpoint.InMemoryCheckpoints;
import io.murmuration.node.checkpoint.ViewCheckpoints;
import io.murmuration.node.interaction.EarlierItem;
import io.murmuration.node.interaction.InteractionRecorded;
import io.murmuration.node.model.versions.ModelStore.StoredFactors;
import io.murmuration.protocol.CatalogItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ItemShardTest {

    private static final ActorTestKit testKit =
            ActorTestKit.create(ConfigFactory.parseString("akka.actor.provider = local").withFallback(ConfigFactory.load()));

    private static final float[] QUERY = {1f, 0f};

    // In v1 item "a" points along the query; in v2 item "b" does.
    private static final Map<String, StoredFactors> STORE = Map.of(
            "v1", new StoredFactors("v1", new String[] {"a", "b", "c"}, new float[] {1, 0, 0, 1, 0.5f, 0.5f}, 2),
            "v2", new StoredFactors("v2", new String[] {"a", "b", "c"}, new float[] {0, 1, 1, 0, 0.5f, 0.5f}, 2));

    private static final ItemShard.CoVisitSettings CO_VISITS = new ItemShard.CoVisitSettings(5, 1, 0.5, Duration.ofDays(1), 10);
    private static final ItemShard.Settings SETTINGS =
            new ItemShard.Settings(1, AnnParameters.defaults(), new ForkJoinPool(2), CO_VISITS, Duration.ofSeconds(1));

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static ActorRef<ItemShard.Command> shard(ItemShard.FactorSource source) {
        return testKit.spawn(ItemShard.create(0, new ItemShard.Sources(source, null, null), SETTINGS));
    }

    private static ItemShard.FactorSource store() {
        return version -> CompletableFuture.completedFuture(Optional.ofNullable(STORE.get(version)));
    }

    private static StatusReply<Done> ask(ActorRef<ItemShard.Command> shard, Function<ActorRef<StatusReply<Done>>, ItemShard.Command> command) {
        TestProbe<StatusReply<Done>> probe = testKit.createTestProbe();
        shard.tell(command.apply(probe.ref()));
        return probe.receiveMessage(Duration.ofSeconds(10));
    }

    private static ItemShard.Candidates search(ActorRef<ItemShard.Command> shard, Set<String> exclude) {
        TestProbe<ItemShard.Candidates> probe = testKit.createTestProbe();
        shard.tell(new ItemShard.Search(QUERY, null, 1, exclude, probe.ref()));
        return probe.receiveMessage(Duration.ofSeconds(10));
    }

    private static ItemShard.Serving serving(ActorRef<ItemShard.Command> shard) {
        TestProbe<ItemShard.Serving> probe = testKit.createTestProbe();
        shard.tell(new ItemShard.GetServing(probe.ref()));
        return probe.receiveMessage(Duration.ofSeconds(10));
    }

    @Test
    void servesNothingUntilAVersionIsActivatedThenItsBestItems() {
        ActorRef<ItemShard.Command> shard = shard(store());
        assertNull(search(shard, Set.of()).versionId());

        assertTrue(ask(shard, r -> new ItemShard.Prepare("v1", r)).isSuccess());
        assertNull(search(shard, Set.of()).versionId(), "prepared is not yet active");
        assertTrue(ask(shard, r -> new ItemShard.Activate("v1", r)).isSuccess());

        ItemShard.Candidates found = search(shard, Set.of());
        assertEquals("v1", found.versionId());
        assertEquals("a", found.items().get(0).itemId());
        assertEquals("c", search(shard, Set.of("a")).items().get(0).itemId(), "excluded items are never returned");
    }

    @Test
    void publishesEveryIndexItSearchesForThisNodeAndWithdrawsThemWhenItStops() {
        LocalIndexes here = LocalIndexes.get(testKit.system());
        ActorRef<ItemShard.Command> shard = shard(store());
        ask(shard, r -> new ItemShard.Prepare("v1", r));
        assertNotNull(here.find(0, "v1"), "a prepared version is searched when a query was built on it");
        ask(shard, r -> new ItemShard.Activate("v1", r));
        ask(shard, r -> new ItemShard.Prepare("v2", r));
        ask(shard, r -> new ItemShard.Activate("v2", r));

        // The same answers as the shard's own: v2 active, v1 kept for a rollback.
        assertEquals(search(shard, Set.of()).items(), here.find(0, "v2").searchExcluding(QUERY, 1, Set.of()));
        assertEquals("a", here.find(0, "v1").searchExcluding(QUERY, 1, Set.of()).get(0).itemId());
        assertNull(here.find(0, "v9"));

        testKit.stop(shard);

        testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            assertNull(here.find(0, "v2"), "a stopped shard is asked again, wherever it starts next");
            return null;
        });
        assertNull(here.find(0, "v1"));
    }

    @Test
    void swapsToANewVersionAndRollsBackWithoutPreparingAgain() {
        int[] loads = new int[1];
        ItemShard.FactorSource counting = version -> {
            loads[0]++;
            return store().load(version);
        };
        ActorRef<ItemShard.Command> shard = shard(counting);
        ask(shard, r -> new ItemShard.Prepare("v1", r));
        ask(shard, r -> new ItemShard.Activate("v1", r));
        ask(shard, r -> new ItemShard.Prepare("v2", r));
        ask(shard, r -> new ItemShard.Activate("v2", r));
        assertEquals("b", search(shard, Set.of()).items().get(0).itemId());

        StatusReply<Done> rollback = ask(shard, r -> new ItemShard.Activate("v1", r));

        assertTrue(rollback.isSuccess());
        assertEquals("a", search(shard, Set.of()).items().get(0).itemId());
        assertEquals(new ItemShard.Serving(0, "v1", "v2", List.of()), serving(shard));
        assertEquals(2, loads[0], "the rollback used the index already in memory");
    }

    @Test
    void servesItsFirstVersionByAScanWhileTheGraphIsBuiltButKeepsALaterOneWaitingForItsGraph() throws Exception {
        // One build thread, held by a task that waits for the latch: no graph can be built until it is released.
        ForkJoinPool buildPool = new ForkJoinPool(1);
        CountDownLatch firstBuild = new CountDownLatch(1);
        buildPool.submit(() -> { firstBuild.await(); return null; });
        ItemShard.Settings withGraphs = new ItemShard.Settings(1, AnnParameters.defaults().withExactScanBelow(0), buildPool,
                CO_VISITS, Duration.ofSeconds(1));
        ActorRef<ItemShard.Command> shard = testKit.spawn(ItemShard.create(0, new ItemShard.Sources(store(), null, null), withGraphs));

        assertTrue(ask(shard, r -> new ItemShard.Activate("v1", r)).isSuccess(), "served before any graph exists");
        assertEquals("v1", search(shard, Set.of()).versionId());
        assertEquals("a", search(shard, Set.of()).items().get(0).itemId());
        LoggingTestKit.info("searches the graph of model version v1").expect(testKit.system(), () -> {
            firstBuild.countDown();
            return null;
        });
        assertEquals("a", search(shard, Set.of()).items().get(0).itemId(), "the graph finds what the scan found");

        CountDownLatch secondBuild = new CountDownLatch(1);
        buildPool.submit(() -> { secondBuild.await(); return null; });
        TestProbe<StatusReply<Done>> activating = testKit.createTestProbe();
        shard.tell(new ItemShard.Activate("v2", activating.ref()));
        activating.expectNoMessage(Duration.ofMillis(300));
        assertEquals("v1", search(shard, Set.of()).versionId(), "a shard that serves a version keeps it until v2's graph is built");
        secondBuild.countDown();
        assertTrue(activating.receiveMessage(Duration.ofSeconds(10)).isSuccess());
        assertEquals("b", search(shard, Set.of()).items().get(0).itemId());
        buildPool.shutdown();
    }

    @Test
    void keepsServingTheActiveVersionWhileAnotherIsBeingPrepared() {
        CompletableFuture<Optional<StoredFactors>> slowV2 = new CompletableFuture<>();
        ItemShard.FactorSource slow = version -> version.equals("v2") ? slowV2 : store().load(version);
        ActorRef<ItemShard.Command> shard = shard(slow);
        ask(shard, r -> new ItemShard.Prepare("v1", r));
        ask(shard, r -> new ItemShard.Activate("v1", r));
        TestProbe<StatusReply<Done>> preparing = testKit.createTestProbe();

        shard.tell(new ItemShard.Prepare("v2", preparing.ref()));

        assertEquals("v1", search(shard, Set.of()).versionId());
        slowV2.complete(Optional.of(STORE.get("v2")));
        assertTrue(preparing.receiveMessage(Duration.ofSeconds(10)).isSuccess());
        assertEquals(List.of("v2"), serving(shard).prepared());
    }

    @Test
    void activatingAnUnpreparedVersionPreparesItFirstAndRefusesOneThatIsMissing() {
        ActorRef<ItemShard.Command> shard = shard(store());

        assertTrue(ask(shard, r -> new ItemShard.Activate("v1", r)).isSuccess());
        assertEquals("v1", search(shard, Set.of()).versionId());
        StatusReply<Done> missing = ask(shard, r -> new ItemShard.Activate("v9", r));
        assertTrue(missing.isError());
        assertTrue(missing.getError().getMessage().contains("v9 is not in the model store"), missing.getError().getMessage());
        assertEquals("v1", search(shard, Set.of()).versionId(), "a failed activation leaves the active version serving");
    }

    @Test
    void searchesTheVersionTheQueryWasBuiltOnAndSaysSoWhenItHasNone() {
        ActorRef<ItemShard.Command> shard = shard(store());
        ask(shard, r -> new ItemShard.Activate("v1", r));
        ask(shard, r -> new ItemShard.Prepare("v2", r));
        TestProbe<ItemShard.Candidates> probe = testKit.createTestProbe();

        shard.tell(new ItemShard.Search(QUERY, "v2", 1, Set.of(), probe.ref()));
        ItemShard.Candidates onV2 = probe.receiveMessage();
        shard.tell(new ItemShard.Search(QUERY, "v7", 1, Set.of(), probe.ref()));
        ItemShard.Candidates onUnknown = probe.receiveMessage();

        assertEquals("v2", onV2.versionId());
        assertEquals("b", onV2.items().get(0).itemId(), "scored with the prepared v2 index, not the active v1");
        assertEquals("v1", onUnknown.versionId());
        assertTrue(onUnknown.items().isEmpty());
    }

    @Test
    void rebuildsCoOccurrencesFromTheLogWithoutCountingLiveEventsTwice() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        CompletableFuture<Done> logRead = new CompletableFuture<>();
        java.util.List<InteractionRecorded> log = aThenBOrC(t);
        ItemShard.InteractionHistory history = (since, sink) -> CompletableFuture.runAsync(() -> {
            logRead.join(); // the live observation of e6 arrives before the read-back reaches it
            log.forEach(sink);
        }).thenApply(v -> Done.getInstance());
        ActorRef<ItemShard.Command> shard =
                testKit.spawn(ItemShard.create(0, new ItemShard.Sources(store(), history, null), SETTINGS));

        // a click weighs 2, as in the log
        shard.tell(new ItemShard.ObserveVisit(new CoVisitations.Visit("c", 2, List.of(new EarlierItem("a", 2)),
                t.plusSeconds(5)), "e6"));
        logRead.complete(Done.getInstance());

        awaitCTwiceAndBOnceAfterA(shard, () -> {}, "c followed a twice (e4 and e6, e6 counted once) and b once");
    }

    @Test
    void readsTheLogAgainAfterAFailedReadAndCountsNothingTwice() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        java.util.List<InteractionRecorded> log = aThenBOrC(t);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        ItemShard.InteractionHistory history = (since, sink) -> CompletableFuture.supplyAsync(() -> {
            if (reads.incrementAndGet() == 1) {
                log.subList(0, 4).forEach(sink); // a→b and a→c reach the shard, then the journal goes away
                throw new IllegalStateException("connection closed");
            }
            log.forEach(sink);
            return Done.getInstance();
        });
        ActorRef<ItemShard.Command> shard =
                testKit.spawn(ItemShard.create(0, new ItemShard.Sources(store(), history, null), SETTINGS));

        awaitCTwiceAndBOnceAfterA(shard, () -> assertEquals(2, reads.get(), "read again after the failure"),
                "c followed a twice and b once, the first read's pairs not counted again");
    }

    private static final ItemShard.Settings CHECKPOINT_OFTEN = new ItemShard.Settings(1, AnnParameters.defaults(),
            new ForkJoinPool(2), CO_VISITS, Duration.ofSeconds(1), Duration.ofMillis(200));

    /** A store holding the checkpoint of a shard that read the whole log (a→b once, a→c twice). */
    private static InMemoryCheckpoints checkpointOfTheWholeLog(Instant t, List<Optional<java.util.UUID>> readsFrom) {
        List<InteractionRecorded> log = aThenBOrC(t);
        InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
        ItemShard.InteractionHistory wholeLog = (since, sink) -> {
            readsFrom.add(since);
            log.forEach(sink);
            return CompletableFuture.completedFuture(Done.getInstance());
        };
        ActorRef<ItemShard.Command> first = testKit.spawn(ItemShard.create(0,
                new ItemShard.Sources(store(), wholeLog, checkpoints, null), CHECKPOINT_OFTEN));
        awaitCTwiceAndBOnceAfterA(first, () -> {}, "read from the log");
        TestProbe<Object> wait = testKit.createTestProbe();
        wait.awaitAssert(Duration.ofSeconds(10), () -> {
            assertTrue(checkpoints.latest(ItemShard.checkpointView(0)).isPresent(), "a checkpoint was written");
            return null;
        });
        testKit.stop(first);
        return checkpoints;
    }

    /** The log since the checkpoint: its last pair again (a→c, counted by the checkpoint already), and a new a→b. */
    private static ItemShard.InteractionHistory logSinceTheCheckpoint(Instant t, List<Optional<java.util.UUID>> reads) {
        return (since, sink) -> {
            reads.add(since);
            sink.accept(recordedAfter("e6", "u3", "c", t.plusSeconds(5), "a"));
            sink.accept(recordedAfter("e8", "u4", "b", t.plusSeconds(7), "a"));
            return CompletableFuture.completedFuture(Done.getInstance());
        };
    }

    /** Waits until the shard names b and c after a with equal scores: twice each. */
    private static void awaitBAndCTwiceAfterA(ActorRef<ItemShard.Command> shard) {
        TestProbe<ItemShard.NeighbourLists> probe = testKit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
            shard.tell(new ItemShard.Neighbours(List.of("a"), 5, probe.ref()));
            List<ScoredItem> found = probe.receiveMessage().byItem().get("a");
            assertEquals(Set.of("b", "c"), Set.copyOf(found.stream().map(ScoredItem::itemId).toList()));
            assertEquals(found.get(0).score(), found.get(1).score(), 1e-3 * found.get(0).score(), found.toString());
            return found;
        });
    }

    @Test
    void aRestartedShardLoadsItsCheckpointAndReadsOnlyTheLogSinceIt() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        List<Optional<java.util.UUID>> readsFrom = new java.util.concurrent.CopyOnWriteArrayList<>();
        InMemoryCheckpoints checkpoints = checkpointOfTheWholeLog(t, readsFrom);

        List<Optional<java.util.UUID>> laterReads = new java.util.concurrent.CopyOnWriteArrayList<>();
        ActorRef<ItemShard.Command> second = testKit.spawn(ItemShard.create(0,
                new ItemShard.Sources(store(), logSinceTheCheckpoint(t, laterReads), checkpoints, null), CHECKPOINT_OFTEN));

        awaitBAndCTwiceAfterA(second);
        assertEquals(List.of(Optional.empty()), readsFrom, "the first shard had no checkpoint: the whole log");
        assertEquals(1, laterReads.size());
        assertTrue(laterReads.get(0).isPresent(), "the restarted shard read from the checkpoint's position");

        // The items' activity is the checkpoint's and the log's since it, the event read again (e6) counted once.
        TestProbe<ItemShard.ActivityFacts> activity = testKit.createTestProbe();
        second.tell(new ItemShard.Activities(List.of("a", "b", "c", "never-taken"), activity.ref()));
        ItemShard.ActivityFacts facts = activity.receiveMessage();
        assertEquals(Map.of(
                "a", new ItemActivity.Facts(3, t, t.plusSeconds(4)),
                "b", new ItemActivity.Facts(2, t.plusSeconds(1), t.plusSeconds(7)),
                "c", new ItemActivity.Facts(2, t.plusSeconds(3), t.plusSeconds(5))), facts.byItem());
        assertEquals(t.plusSeconds(7), facts.latest());
    }

    @Test
    void aReadBackThatEndsBeforeTheCheckpointsStateArrivesIsAppliedOnTopOfIt() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        InMemoryCheckpoints checkpoints = checkpointOfTheWholeLog(t, new java.util.concurrent.CopyOnWriteArrayList<>());
        List<Optional<java.util.UUID>> laterReads = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> stateReleased = new CompletableFuture<>();
        CheckpointStore slowState = withState(checkpoints,
                (view, head) -> stateReleased.thenCompose(released -> checkpoints.state(view, head)));
        ActorRef<ItemShard.Command> second = testKit.spawn(ItemShard.create(0,
                new ItemShard.Sources(store(), logSinceTheCheckpoint(t, laterReads), slowState, null), CHECKPOINT_OFTEN));

        TestProbe<Object> wait = testKit.createTestProbe();
        wait.awaitAssert(Duration.ofSeconds(10), () -> {
            assertEquals(1, laterReads.size(), "the read-back started before the state arrived");
            return null;
        });
        stateReleased.complete(null);

        awaitBAndCTwiceAfterA(second);
        assertTrue(laterReads.get(0).isPresent(), "read from the checkpoint's position");
    }

    @Test
    void aCheckpointWhoseStateCannotBeReadSendsTheShardToTheWholeLogAndDropsTheReadBackSinceIt() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        InMemoryCheckpoints checkpoints = checkpointOfTheWholeLog(t, new java.util.concurrent.CopyOnWriteArrayList<>());
        CheckpointStore stateGone = withState(checkpoints,
                (view, head) -> CompletableFuture.failedFuture(new IllegalStateException("3 chunks stored, its head says 4")));
        List<Optional<java.util.UUID>> reads = new java.util.concurrent.CopyOnWriteArrayList<>();
        ItemShard.InteractionHistory sinceCheckpoint = logSinceTheCheckpoint(t, reads);
        ItemShard.InteractionHistory history = (since, sink) -> {
            if (since.isPresent()) {
                return sinceCheckpoint.readSince(since, sink);
            }
            reads.add(since);
            aThenBOrC(t).forEach(sink);
            return CompletableFuture.completedFuture(Done.getInstance());
        };
        ActorRef<ItemShard.Command> shard = testKit.spawn(ItemShard.create(0,
                new ItemShard.Sources(store(), history, stateGone, null), CHECKPOINT_OFTEN));

        awaitCTwiceAndBOnceAfterA(shard, () -> {
            assertEquals(2, reads.size(), "the log since the checkpoint, then the whole log");
            assertTrue(reads.get(0).isPresent() && reads.get(1).isEmpty(), reads.toString());
        }, "the whole log once, nothing of the dropped read-back");
    }

    /** {@code checkpoints} with its heads and writes, but whose states come from {@code state}. */
    private static CheckpointStore withState(InMemoryCheckpoints checkpoints,
            java.util.function.BiFunction<String, CheckpointStore.Head, CompletionStage<ViewCheckpoints.Checkpoint>> state) {
        return new CheckpointStore() {
            @Override
            public CompletionStage<Optional<Head>> head(String view) {
                return checkpoints.head(view);
            }

            @Override
            public CompletionStage<ViewCheckpoints.Checkpoint> state(String view, Head head) {
                return state.apply(view, head);
            }

            @Override
            public CompletionStage<Done> save(String view, byte[] bytes, java.util.UUID logOffset, Instant takenAt) {
                return checkpoints.save(view, bytes, logOffset, takenAt);
            }
        };
    }

    private static InteractionRecorded recordedAfter(String eventId, String user, String item,
            Instant at, String previousItem) {
        return new InteractionRecorded(user, eventId, item, "click", null, at, Map.of(), null,
                null, List.of(new EarlierItem(previousItem, 2)), null);
    }

    /** Waits until {@code first} holds and the shard names c, then b, as what followed a, c with twice b's score. */
    private static void awaitCTwiceAndBOnceAfterA(ActorRef<ItemShard.Command> shard, Runnable first, String why) {
        TestProbe<ItemShard.NeighbourLists> probe = testKit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
            first.run();
            shard.tell(new ItemShard.Neighbours(List.of("a"), 5, probe.ref()));
            List<ScoredItem> found = probe.receiveMessage().byItem().get("a");
            assertEquals(List.of("c", "b"), found.stream().map(ScoredItem::itemId).toList());
            assertEquals(2 * found.get(1).score(), found.get(0).score(), 1e-3 * found.get(0).score(), why);
            return found;
        });
    }

    /**
     * Three users' logs: a then b, a then c, a then c (e1 … e6, a second apart from {@code t}), written before events
     * recorded the visits before them: the read-back pairs them in log order.
     */
    private static List<InteractionRecorded> aThenBOrC(Instant t) {
        return List.of(
                recorded("e1", "u1", "a", t), recorded("e2", "u1", "b", t.plusSeconds(1)),
                recorded("e3", "u2", "a", t.plusSeconds(2)), recorded("e4", "u2", "c", t.plusSeconds(3)),
                recorded("e5", "u3", "a", t.plusSeconds(4)), recorded("e6", "u3", "c", t.plusSeconds(5)));
    }

    private static InteractionRecorded recorded(String eventId, String user, String item,
            Instant at) {
        return new InteractionRecorded(user, eventId, item, "click", null, at, Map.of(), null, null,
                null, null);
    }

    @Test
    void answersWithTheItemsVisitedWithAnItemAndTheirPopularity() {
        // given a click on b and a view of c, each after a click on a
        ActorRef<ItemShard.Command> shard = shard(store());
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        List<EarlierItem> afterA = List.of(new EarlierItem("a", 2));
        shard.tell(new ItemShard.ObserveVisit(new CoVisitations.Visit("b", 2, afterA, now), "e1"));
        shard.tell(new ItemShard.ObserveVisit(new CoVisitations.Visit("c", 1, afterA, now), "e2"));
        TestProbe<ItemShard.NeighbourLists> neighbours = testKit.createTestProbe();
        TestProbe<ItemShard.Popularities> popularity = testKit.createTestProbe();
        TestProbe<ItemShard.ActivityFacts> facts = testKit.createTestProbe();

        // when asked for the neighbours of a and b, and the popularity of b, c and an unknown item, alone (as a node of
        // the version before asks) and with the activity
        shard.tell(new ItemShard.Neighbours(List.of("a", "b"), 5, neighbours.ref()));
        shard.tell(new ItemShard.Popularity(List.of("b", "c", "z"), popularity.ref()));
        shard.tell(new ItemShard.Activities(List.of("b", "c", "z"), facts.ref()));

        // then a's neighbours are b (the click) before c (the view), b's is a, and each visit counted its weight
        Map<String, List<ScoredItem>> lists = neighbours.receiveMessage().byItem();
        assertEquals(List.of("b", "c"), lists.get("a").stream().map(ScoredItem::itemId).toList());
        assertEquals(List.of("a"), lists.get("b").stream().map(ScoredItem::itemId).toList());
        assertEquals(Map.of("b", 2.0, "c", 1.0, "z", 0.0), popularity.receiveMessage().byItem());
        ItemShard.ActivityFacts both = facts.receiveMessage();
        assertEquals(Map.of("b", 2.0, "c", 1.0, "z", 0.0), both.popularity());
        assertEquals(Set.of("b", "c"), both.byItem().keySet(), "z was never taken");
    }

    @Test
    void everyItemHasOneShardWithinRange() {
        for (String item : List.of("a", "item-42", "Ω", "")) {
            int s = ItemShard.shardOf(item, 8);
            assertTrue(s >= 0 && s < 8);
            assertEquals(s, ItemShard.shardOf(item, 8));
        }
    }

    @Test
    void answersItsColdItemsByTheAttributesOfTheRecentOnesUntilTheyAreVisitedEnough() {
        ItemShard.Settings settings = new ItemShard.Settings(1, AnnParameters.defaults(), new ForkJoinPool(2), CO_VISITS,
                Duration.ofSeconds(1), Duration.ofSeconds(30), new ItemShard.ColdSettings(3, Set.of("category"), 10));
        ItemShard.CatalogSource table = owns -> CompletableFuture.completedFuture(List.of(
                new CatalogItem("liked", Map.of("category", "tea")),
                new CatalogItem("old-stock", Map.of("category", "tea"))));
        ActorRef<ItemShard.Command> shard =
                testKit.spawn(ItemShard.create(0, new ItemShard.Sources(store(), null, null, null, table), settings));
        observe(shard, "liked", "e1");
        observe(shard, "liked", "e2");
        observe(shard, "liked", "e0");
        shard.tell(new ItemShard.Catalogue("fresh", Map.of("category", "tea", "title", "Green")));
        shard.tell(new ItemShard.Catalogue("other", Map.of("category", "coffee")));

        TestProbe<ItemShard.NeighbourLists> neighbours = testKit.createTestProbe();
        // The table is read as the shard starts, after the messages above may have arrived.
        List<String> values = neighbours.awaitAssert(Duration.ofSeconds(10), () -> {
            shard.tell(new ItemShard.Neighbours(List.of("liked"), 5, neighbours.ref()));
            List<String> found = neighbours.receiveMessage(Duration.ofSeconds(10)).valuesByItem().get("liked");
            assertEquals(List.of("category=tea"), found);
            return found;
        });

        observe(shard, "fresh", "e3");
        observe(shard, "fresh", "e4");
        assertEquals(List.of("fresh", "old-stock"), coldLike(shard, values, Set.of()), "its first visits count");
        assertEquals(List.of("old-stock"), coldLike(shard, values, Set.of("fresh")));
        observe(shard, "fresh", "e5");
        assertEquals(List.of("old-stock"), coldLike(shard, values, Set.of()), "visited three times, no longer cold");
    }

    private static void observe(ActorRef<ItemShard.Command> shard, String item, String eventId) {
        shard.tell(new ItemShard.ObserveVisit(new CoVisitations.Visit(item, 1, List.of(), Instant.parse("2026-01-01T00:00:00Z")),
                eventId));
    }

    private static List<String> coldLike(ActorRef<ItemShard.Command> shard, List<String> values, Set<String> exclude) {
        TestProbe<ItemShard.ColdAnswers> probe = testKit.createTestProbe();
        shard.tell(new ItemShard.ColdLike(Map.of("liked", values), 10, exclude, probe.ref()));
        return probe.receiveMessage(Duration.ofSeconds(10)).bySource().get("liked").stream().map(ScoredItem::itemId).toList();
    }
}
