package io.murmuration.node.model.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AskPattern;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.persistence.testkit.javadsl.PersistenceTestKit;
import com.typesafe.config.ConfigFactory;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.murmuration.node.checkpoint.InMemoryCheckpoints;
import io.murmuration.node.checkpoint.ViewCheckpoints;
import io.murmuration.node.interaction.InteractionFeed;
import io.murmuration.node.interaction.InteractionLogFollower;
import io.murmuration.node.interaction.InteractionRecorded;
import io.murmuration.node.model.training.Trainer.TrainerStatus;
import io.murmuration.node.model.training.Trainer.TrainingReport;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.node.model.versions.ModelStorage;
import io.murmuration.node.model.versions.ModelStore.StoredFactors;
import io.murmuration.node.model.versions.ModelVersion;
import io.murmuration.node.model.versions.VersionPreparation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final DateTimeFormatter COMPACT_UTC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static final ActorTestKit testKit =
            ActorTestKit.create(
                    EventSourcedBehaviorTestKit.config()
                            .withFallback(ConfigFactory.parseString("akka.actor.provider = local"))
                            .withFallback(ConfigFactory.load()));

    /** Small and quick; one factor per planted group would do, four leave room without memorising. */
    private static TrainerSettings settings(long everyInteractions, Duration everyEventTime, long minInteractions) {
        return new TrainerSettings(4, 8, 0.1, 10.0, 42L, 1, 0.2, 10, true, everyInteractions, everyEventTime,
                minInteractions, Duration.ofSeconds(5), CHECKPOINT_INTERVAL);
    }

    private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(100);

    private static final TrainerSettings ON_DEMAND = settings(1_000_000, Duration.ofDays(10_000), 100);

    private final List<InteractionRecorded> log = new CopyOnWriteArrayList<>();
    private final Map<String, StoredFactors> stored = new ConcurrentHashMap<>();
    private final List<String> prepared = new CopyOnWriteArrayList<>();
    private final InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
    private TestFeed feed = new TestFeed();
    private final List<ActorRef<?>> started = new ArrayList<>();
    private ActorRef<ModelRegistry.Command> registry;

    @BeforeEach
    void emptyJournal() {
        PersistenceTestKit.create(testKit.system()).clearAll();
        registry = spawn(ModelRegistry.create());
    }

    @AfterEach
    void stopActors() {
        started.forEach(testKit::stop);
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private <T> ActorRef<T> spawn(Behavior<T> behavior) {
        ActorRef<T> ref = testKit.spawn(behavior);
        started.add(ref);
        return ref;
    }

    private TrainingInput logInput() {
        return sink -> {
            log.forEach(sink);
            return CompletableFuture.completedFuture(Done.getInstance());
        };
    }

    private ModelStorage mapStorage() {
        return new ModelStorage() {
            @Override
            public CompletionStage<Done> save(String versionId, String[] itemIds, float[] factors, int dimension,
                    Instant createdAt) {
                stored.put(versionId, new StoredFactors(versionId, itemIds, factors, dimension));
                return CompletableFuture.completedFuture(Done.getInstance());
            }

            @Override
            public CompletionStage<Optional<StoredFactors>> load(String versionId) {
                return CompletableFuture.completedFuture(Optional.ofNullable(stored.get(versionId)));
            }
        };
    }

    /** Records each version it is asked to prepare, refusing one the registry already knows. */
    private VersionPreparation recordingPreparation() {
        return versionId -> AskPattern.<ModelRegistry.Command, ModelRegistry.State>ask(
                        registry, ModelRegistry.GetState::new, WAIT, testKit.system().scheduler())
                .thenApply(state -> {
                    if (state.versions().containsKey(versionId)) {
                        throw new IllegalStateException(versionId + " was registered before it was prepared");
                    }
                    prepared.add(versionId);
                    return Done.getInstance();
                });
    }

    /** Stands in for the journal's tag query: what a trainer follows, and from where it asked to. */
    private static final class TestFeed implements InteractionFeed {
        final CompletableFuture<Consumer<InteractionLogFollower.Positioned>> sink = new CompletableFuture<>();
        final CompletableFuture<Optional<UUID>> after = new CompletableFuture<>();

        @Override
        public Subscription follow(UUID after, Consumer<InteractionLogFollower.Positioned> sink) {
            this.after.complete(Optional.ofNullable(after));
            this.sink.complete(sink);
            return () -> {};
        }
    }

    private ActorRef<Trainer.Command> trainer(TrainerSettings settings, ModelStorage storage, VersionPreparation preparation) {
        return spawn(Trainer.create(settings, logInput(), storage, registry, preparation, feed, checkpoints));
    }

    private ActorRef<Trainer.Command> trainer(TrainerSettings settings) {
        return trainer(settings, mapStorage(), recordingPreparation());
    }

    private static StatusReply<TrainingReport> trainNow(ActorRef<Trainer.Command> trainer) {
        TestProbe<StatusReply<TrainingReport>> probe = testKit.createTestProbe();
        trainer.tell(new Trainer.TrainNow("ops-alice", "test", probe.ref()));
        return probe.receiveMessage(WAIT);
    }

    private static TrainerStatus status(ActorRef<Trainer.Command> trainer) {
        TestProbe<TrainerStatus> probe = testKit.createTestProbe();
        trainer.tell(new Trainer.GetStatus(probe.ref()));
        return probe.receiveMessage(WAIT);
    }

    private static TrainerStatus awaitIdle(ActorRef<Trainer.Command> trainer) {
        TestProbe<TrainerStatus> probe = testKit.createTestProbe();
        return probe.awaitAssert(WAIT, () -> {
            TrainerStatus status = status(trainer);
            assertFalse(status.running(), "still training");
            return status;
        });
    }

    private ModelRegistry.State registryState() {
        TestProbe<ModelRegistry.State> probe = testKit.createTestProbe();
        registry.tell(new ModelRegistry.GetState(probe.ref()));
        return probe.receiveMessage(WAIT);
    }

    /**
     * Appends to the log, then delivers through the trainer's feed at a new position, as the journal and its tag query
     * would; returns the position.
     */
    private UUID record(InteractionRecorded interaction) throws Exception {
        log.add(interaction);
        UUID offset = Uuids.timeBased();
        feed.sink.get(WAIT.toSeconds(), TimeUnit.SECONDS).accept(new InteractionLogFollower.Positioned(interaction, offset));
        return offset;
    }

    @Test
    void trainsStoresPreparesRegistersAndPromotesAFirstVersionThatBeatsPopularity() {
        log.addAll(PlantedTasteLog.over(T0, Duration.ofDays(10), 7L));
        ActorRef<Trainer.Command> trainer = trainer(ON_DEMAND);

        StatusReply<TrainingReport> reply = trainNow(trainer);

        assertTrue(reply.isSuccess(), () -> "training failed: " + reply.getError());
        TrainingReport report = reply.getValue();
        assertTrue(report.versionId().matches("v" + COMPACT_UTC.format(report.dataTo()) + "-[0-9a-f]{4}"),
                report.versionId());
        assertEquals(PlantedTasteLog.SIZE, report.interactions());
        assertEquals(PlantedTasteLog.USERS_A + PlantedTasteLog.USERS_B, report.users());
        assertEquals(2 * PlantedTasteLog.ITEMS_PER_GROUP, report.items());
        assertTrue(report.metric("hr@10") > report.metric("popularity.hr@10"),
                () -> "model " + report.metric("hr@10") + " vs popularity " + report.metric("popularity.hr@10"));
        assertTrue(report.metrics().containsKey("ndcg@10") && report.metrics().containsKey("popularity.ndcg@10"));
        assertNull(report.comparedWith(), "nothing was active to compare with");
        assertTrue(report.promoted());
        assertEquals(report.versionId(), report.activeAfter());

        assertEquals(report.items(), stored.get(report.versionId()).itemIds().length);
        assertEquals(List.of(report.versionId()), prepared);
        ModelRegistry.State registered = registryState();
        assertEquals(Optional.of(report.versionId()), registered.active());
        ModelVersion version = registered.versions().get(report.versionId());
        assertEquals(report.metrics(), version.metrics());
        assertEquals(4.0, version.parameters().get("factors"));
        assertEquals(0.2, version.parameters().get("heldOutShare"));
        assertEquals(report.dataTo(), version.dataTo());
    }

    @Test
    void aSecondTrainingScoresTheActiveVersionOnTheSameHeldOutSlice() {
        log.addAll(PlantedTasteLog.over(T0, Duration.ofDays(10), 7L));
        ActorRef<Trainer.Command> trainer = trainer(ON_DEMAND);
        String first = trainNow(trainer).getValue().versionId();
        log.addAll(PlantedTasteLog.over(T0.plus(Duration.ofDays(10)), Duration.ofDays(3), 8L)); // newer than the first

        TrainingReport second = trainNow(trainer).getValue();

        assertEquals(first, second.comparedWith());
        assertTrue(second.cutOff().isAfter(T0.plus(Duration.ofDays(10))), "scored only on what the first never saw");
        assertTrue(second.metric("active.hr@10") > second.metric("popularity.hr@10"),
                () -> "active " + second.metric("active.hr@10") + " vs popularity " + second.metric("popularity.hr@10"));
        assertTrue(second.metrics().containsKey("active.ndcg@10"));
        assertFalse(second.versionId().equals(first), "version ids are unique");
        assertEquals(second.metric("hr@10") > second.metric("active.hr@10"), second.promoted());
        assertEquals(second.promoted() ? second.versionId() : first, second.activeAfter());
        assertEquals(2, registryState().versions().size());
    }

    @Test
    void refusesToTrainOnFewerInteractionsThanTheMinimumAndSaysWhichMinimum() {
        log.addAll(PlantedTasteLog.over(T0, Duration.ofDays(10), 7L));
        ActorRef<Trainer.Command> trainer = trainer(settings(1_000_000, Duration.ofDays(10_000), 1000));

        StatusReply<TrainingReport> reply = trainNow(trainer);

        assertTrue(reply.isError());
        String message = reply.getError().getMessage();
        assertTrue(message.contains("1000") && message.contains("min-interactions"), message);
        assertTrue(message.contains(String.valueOf(PlantedTasteLog.SIZE)), message);
        assertTrue(registryState().versions().isEmpty());
        assertTrue(stored.isEmpty());
    }

    @Test
    void retrainsAfterEveryInteractionsAndAfterEveryEventTimeButNotBefore() throws Exception {
        List<InteractionRecorded> planted = PlantedTasteLog.over(T0, Duration.ofDays(10), 7L);
        ActorRef<Trainer.Command> trainer = trainer(settings(150, Duration.ofDays(30), 100));

        // given 149 positive interactions and some skips, which are no training data
        for (int n = 0; n < 149; n++) {
            record(planted.get(n));
        }
        for (int n = 0; n < 5; n++) {
            record(PlantedTasteLog.event("a-user-0", "b-item-0", "skip", planted.get(148).timestamp()));
        }
        TrainerStatus before = status(trainer);
        assertEquals(0, before.trainingsStarted());
        assertEquals(149, before.newInteractions());

        // when the 150th arrives, a training starts on the log as it is
        record(planted.get(149));
        assertEquals(1, status(trainer).trainingsStarted());
        TrainerStatus afterFirst = awaitIdle(trainer);
        assertNotNull(afterFirst.lastReport(), () -> "first training failed: " + afterFirst.lastError());
        Instant dataEnd = afterFirst.lastReport().dataTo();
        assertEquals(planted.get(149).timestamp(), dataEnd);
        assertEquals(0, afterFirst.newInteractions());

        // then event time just short of 30 days past that data end does not retrain
        record(PlantedTasteLog.event("a-user-1", "a-item-1", "click", dataEnd.plus(Duration.ofDays(1))));
        record(PlantedTasteLog.event("b-user-1", "b-item-1", "view", dataEnd.plus(Duration.ofDays(30)).minusSeconds(1)));
        assertEquals(1, status(trainer).trainingsStarted());

        // and reaching it does
        Instant reached = dataEnd.plus(Duration.ofDays(30));
        record(PlantedTasteLog.event("b-user-2", "b-item-2", "view", reached));
        assertEquals(2, status(trainer).trainingsStarted());
        TrainerStatus afterSecond = awaitIdle(trainer);
        assertNotNull(afterSecond.lastReport(), () -> "second training failed: " + afterSecond.lastError());
        assertEquals(reached, afterSecond.lastReport().dataTo());
        assertEquals(2, registryState().versions().size());
    }

    @Test
    void aRestartedTrainerResumesItsScheduleFromItsCheckpointAndFollowsTheLogOnlyAfterIt() throws Exception {
        List<InteractionRecorded> planted = PlantedTasteLog.over(T0, Duration.ofDays(10), 7L);
        ActorRef<Trainer.Command> first = trainer(settings(150, Duration.ofDays(30), 100));
        assertEquals(Optional.empty(), feed.after.get(WAIT.toSeconds(), TimeUnit.SECONDS), "no checkpoint: from the start");

        // given a trainer that counted 149 positive interactions and checkpointed them
        UUID last = null;
        for (int n = 0; n < 149; n++) {
            last = record(planted.get(n));
        }
        UUID covered = last;
        testKit.createTestProbe().awaitAssert(WAIT, () -> {
            assertEquals(Optional.of(covered),
                    checkpoints.latest(Trainer.CHECKPOINT_VIEW).map(ViewCheckpoints.Checkpoint::logOffset));
            return null;
        });

        // when it stops and another starts (a restart, or the singleton moving to another node)
        testKit.stop(first);
        started.remove(first);
        feed = new TestFeed();
        ActorRef<Trainer.Command> second = trainer(settings(150, Duration.ofDays(30), 100));

        // then the new one follows the log only after the checkpoint's position, with the counts it covers
        assertEquals(Optional.of(covered), feed.after.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        TrainerStatus resumed = status(second);
        assertEquals(149, resumed.newInteractions());
        assertEquals(planted.get(148).timestamp(), resumed.latestEventTime());
        assertEquals(0, resumed.trainingsStarted());

        // and the 150th interaction, the first after the checkpoint, starts the scheduled training
        record(planted.get(149));
        assertEquals(1, status(second).trainingsStarted());
        TrainerStatus trained = awaitIdle(second);
        assertNotNull(trained.lastReport(), () -> "training failed: " + trained.lastError());
        assertEquals(planted.get(149).timestamp(), trained.lastReport().dataTo());
    }

    @Test
    void aTrainNowDuringATrainingJoinsItAndGetsTheSameReport() {
        log.addAll(PlantedTasteLog.over(T0, Duration.ofDays(10), 7L));
        CompletableFuture<Done> shardsReady = new CompletableFuture<>();
        ActorRef<Trainer.Command> trainer = trainer(ON_DEMAND, mapStorage(), versionId -> shardsReady);
        TestProbe<StatusReply<TrainingReport>> first = testKit.createTestProbe();
        TestProbe<StatusReply<TrainingReport>> second = testKit.createTestProbe();

        trainer.tell(new Trainer.TrainNow("ops-alice", "new catalog", first.ref()));
        trainer.tell(new Trainer.TrainNow("ops-bob", "curious", second.ref()));
        TrainerStatus during = status(trainer);
        shardsReady.complete(Done.getInstance());

        assertTrue(during.running());
        assertTrue(during.runningBecause().contains("ops-alice"), during.runningBecause());
        String versionId = first.receiveMessage(WAIT).getValue().versionId();
        assertEquals(versionId, second.receiveMessage(WAIT).getValue().versionId());
        assertEquals(1, status(trainer).trainingsStarted());
    }

    @Test
    void registersTheVersionEvenWhenTheItemShardsCouldNotPrepareIt() {
        log.addAll(PlantedTasteLog.over(T0, Duration.ofDays(10), 7L));
        ActorRef<Trainer.Command> trainer = trainer(ON_DEMAND, mapStorage(),
                versionId -> CompletableFuture.failedFuture(new IllegalStateException("shard 3 timed out")));

        TrainingReport report = trainNow(trainer).getValue();

        assertEquals("shard 3 timed out", report.preparationError());
        assertTrue(registryState().versions().containsKey(report.versionId()));
    }

    @Test
    void aFailingModelStoreFailsTheTrainingAndTheTrainerKeepsAnswering() {
        log.addAll(PlantedTasteLog.over(T0, Duration.ofDays(10), 7L));
        ModelStorage unavailable = new ModelStorage() {
            @Override
            public CompletionStage<Done> save(String versionId, String[] itemIds, float[] factors, int dimension,
                    Instant createdAt) {
                return CompletableFuture.failedFuture(new IllegalStateException("model store unavailable"));
            }

            @Override
            public CompletionStage<Optional<StoredFactors>> load(String versionId) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
        };
        ActorRef<Trainer.Command> trainer = trainer(ON_DEMAND, unavailable, recordingPreparation());

        StatusReply<TrainingReport> reply = trainNow(trainer);

        assertTrue(reply.isError());
        assertEquals("model store unavailable", reply.getError().getMessage());
        TrainerStatus status = status(trainer);
        assertFalse(status.running());
        assertEquals("model store unavailable", status.lastError());
        assertNull(status.lastReport());
        assertTrue(trainNow(trainer).isError(), "a second request is answered too");
        assertTrue(prepared.isEmpty());
        assertTrue(registryState().versions().isEmpty());
    }
}
