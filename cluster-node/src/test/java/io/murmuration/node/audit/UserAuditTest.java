package io.murmuration.node.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.persistence.testkit.query.javadsl.PersistenceTestKitReadJournal;
import akka.stream.javadsl.Source;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.Settings.UserLimits;
import io.murmuration.node.drift.DriftSettings;
import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.model.serving.ActiveModel;
import io.murmuration.node.model.serving.ServingModel;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.node.model.versions.ModelStore;
import io.murmuration.node.model.versions.ModelVersion;
import io.murmuration.node.user.UserEntity;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import io.murmuration.protocol.JournalEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The audit reads of a user's journal: events between instants, the user replayed as of an instant, paging. */
class UserAuditTest {

    private static final UserLimits LIMITS = new UserLimits(50, 50, 50, 1000);
    private static final Duration HALF_LIFE = Duration.ofHours(1);
    // The reference.conf defaults of the per-user drift test.
    private static final DriftSettings.PerUser DRIFT = new DriftSettings.PerUser(0.1, 4, 20, 0.1);
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final ServingModel V1 = ServingModel.of(new ModelStore.StoredFactors("v1",
            new String[] {"a", "b", "c", "d"}, new float[] {1, 0, 0.9f, 0.1f, 0, 1, 0.1f, 0.9f}, 2), 1.0, 1.0);

    private static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
            .withFallback(ConfigFactory.parseString("akka.actor.provider = local"))
            .withFallback(ConfigFactory.load()));

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void replaysTheProfileAndTheEmbeddingExactlyAsTheLiveUserHeldThemAtAnInstant() throws Exception {
        // Given a user who clicked a and c under version v1, captured live, and then went on to b and d
        ActiveModel active = new ActiveModel();
        active.serve(V1);
        ActorRef<UserEntity.Command> user = spawnUser("alice", active);
        record(user, "e1", "alice", "a", 0);
        record(user, "e2", "alice", "c", 1);
        UserEntity.Profile liveProfile = ask(user, UserEntity.GetProfile::new, UserEntity.Profile.class);
        UserEntity.Taste liveTaste = ask(user, r -> new UserEntity.GetTaste(5, Set.copyOf(InteractionType.wireNames()), r), UserEntity.Taste.class);
        Instant captured = Instant.now();
        Thread.sleep(20);
        record(user, "e3", "alice", "b", 2);
        record(user, "e4", "alice", "d", 3);

        // When the user is replayed as of the capture
        UserAudit.Replayed replayed = audit(active, registryActivating("v1", T0)).replay("alice", captured, 10)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        // Then the state, the version and the embedding are those held live then, and the list leaves out what was seen
        assertEquals(2, replayed.eventsApplied());
        assertEquals(liveProfile.profile(), replayed.profile());
        assertEquals(Optional.of("v1"), replayed.version());
        assertArrayEquals(liveTaste.embedding(), replayed.embedding().orElseThrow());
        assertEquals(List.of("b", "d"), replayed.personal().stream().map(ScoredItem::itemId).sorted().toList());
    }

    @Test
    void beforeAnyActivationTheReplayHasNoVersionAndNoList() throws Exception {
        ActiveModel active = new ActiveModel();
        ActorRef<UserEntity.Command> user = spawnUser("bob", active);
        record(user, "b1", "bob", "a", 0);

        UserAudit.Replayed replayed = audit(active, registryActivating("v1", Instant.now().plusSeconds(3600)))
                .replay("bob", Instant.now(), 10).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(1, replayed.eventsApplied());
        assertEquals(Optional.empty(), replayed.version());
        assertTrue(replayed.personal().isEmpty());
    }

    @Test
    void listsTheJournalInOrderAndSaysWhenTheLimitCutItShort() throws Exception {
        ActiveModel active = new ActiveModel();
        ActorRef<UserEntity.Command> user = spawnUser("carol", active);
        record(user, "c1", "carol", "a", 0);
        record(user, "c2", "carol", "b", 1);
        record(user, "c3", "carol", "c", 2);
        UserAudit audit = audit(active, registryActivating("v1", T0));

        UserAudit.Events firstTwo = audit.events("carol", null, null, 2).toCompletableFuture().get(10, TimeUnit.SECONDS);
        UserAudit.Events none = audit.events("carol", Instant.now().plusSeconds(60), null, 10).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertTrue(firstTwo.truncated());
        assertEquals(List.of(1L, 2L), firstTwo.entries().stream().map(JournalEntry::sequenceNr).toList());
        assertEquals(JournalEntry.INTERACTION, firstTwo.entries().get(0).kind());
        assertEquals("a", firstTwo.entries().get(0).interaction().itemId());
        assertEquals("c2", firstTwo.entries().get(1).interaction().eventId());
        assertTrue(none.entries().isEmpty());
        assertFalse(none.truncated());
    }

    @Test
    void theVersionActiveAtAnInstantIsTheTargetOfTheLastChangeByThen() {
        ModelRegistry.State state = new ModelRegistry.State(Map.of(), List.of("v1"), List.of(
                new ModelRegistry.Change("activated", "v1", "ops", "first", T0),
                new ModelRegistry.Change("activated", "v2", "ops", "second", T0.plusSeconds(60)),
                new ModelRegistry.Change("rolled back", "v1", "ops", "bad", T0.plusSeconds(120))));

        assertEquals(Optional.empty(), UserAudit.activeAt(state, T0.minusMillis(1)));
        assertEquals(Optional.of("v1"), UserAudit.activeAt(state, T0));
        assertEquals(Optional.of("v2"), UserAudit.activeAt(state, T0.plusSeconds(119)));
        assertEquals(Optional.of("v1"), UserAudit.activeAt(state, T0.plusSeconds(120)));
    }

    @Test
    void pagesUsersInIdOrderFromAfterTheLastOneShown() {
        List<String> ids = List.of("u3", "u1", "x9", "u2", "u4");

        UserAudit.UserPage first = UserAudit.page(ids, "u", null, 2);
        UserAudit.UserPage second = UserAudit.page(ids, "u", first.nextAfter().orElseThrow(), 2);

        assertEquals(List.of("u1", "u2"), first.users());
        assertEquals(List.of("u3", "u4"), second.users());
        assertEquals(Optional.empty(), second.nextAfter());
    }

    // ---- helpers ----

    private static ActorRef<UserEntity.Command> spawnUser(String id, ActiveModel active) {
        return testKit.spawn(UserEntity.create(id, LIMITS, "interaction",
                new UserEntity.OnlineLearning(active, HALF_LIFE, 5, next -> {}, DRIFT, monitor -> {})));
    }

    private static void record(ActorRef<UserEntity.Command> user, String eventId, String userId, String item, int minute) {
        ask(user, r -> new UserEntity.RecordInteraction(new InteractionEvent(eventId, userId, item, InteractionType.CLICK,
                null, T0.plusSeconds(60L * minute), Map.of()), r), UserEntity.RecordResult.class);
    }

    private static <T> T ask(ActorRef<UserEntity.Command> user, akka.japi.function.Function<ActorRef<T>, UserEntity.Command> message,
            Class<T> reply) {
        TestProbe<T> probe = testKit.createTestProbe(reply);
        try {
            user.tell(message.apply(probe.ref()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return probe.receiveMessage(Duration.ofSeconds(10));
    }

    private static ModelRegistry.State registryActivating(String version, Instant at) {
        ModelVersion meta = new ModelVersion(version, Map.of("lambda", 1.0, "alpha", 1.0), T0, T0, 4, Map.of(), T0);
        return new ModelRegistry.State(Map.of(version, meta), List.of(version),
                List.of(new ModelRegistry.Change("activated", version, "ops", "test", at)));
    }

    private static UserAudit audit(ActiveModel active, ModelRegistry.State registry) {
        PersistenceTestKitReadJournal journal = PersistenceQuery.get(testKit.system())
                .getReadJournalFor(PersistenceTestKitReadJournal.class, PersistenceTestKitReadJournal.Identifier());
        return new UserAudit(testKit.system(), journal, () -> Source.from(List.of("user|alice", "user|bob", "user|carol")),
                () -> CompletableFuture.completedFuture(registry),
                version -> CompletableFuture.completedFuture(Optional.of(new ModelStore.StoredFactors(version,
                        new String[] {"a", "b", "c", "d"}, new float[] {1, 0, 0.9f, 0.1f, 0, 1, 0.1f, 0.9f}, 2))),
                active, LIMITS, HALF_LIFE, DRIFT, Set.copyOf(InteractionType.wireNames()));
    }
}
