package io.murmuration.node.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.Settings.UserLimits;
import io.murmuration.node.drift.DriftMonitor;
import io.murmuration.node.drift.DriftSettings;
import io.murmuration.node.interaction.UserEvent;
import io.murmuration.node.model.serving.ActiveModel;
import io.murmuration.node.model.serving.ServingModel;
import io.murmuration.node.model.versions.ModelStore;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The copy of a user's profile kept outside the journal (decision 024): when it is written and what it serves. */
class KeptProfileTest {

    private static final UserLimits LIMITS = new UserLimits(5, 4, 8, 3);
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Duration HALF_LIFE = Duration.ofHours(1);
    private static final DriftSettings.PerUser DRIFT = new DriftSettings.PerUser(0.1, 5, 20, 0.1);
    private static final Set<String> ALL_TYPES = Set.copyOf(InteractionType.wireNames());

    private static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
            .withFallback(ConfigFactory.parseString("akka.actor.provider = local"))
            .withFallback(ConfigFactory.load()));

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** A store in memory that counts its writes and records the sequence number each copy reflects. */
    private static final class MemoryStore implements ProfileStore {
        final Map<String, UserProfile> kept = new ConcurrentHashMap<>();
        final Map<String, Long> keptUpTo = new ConcurrentHashMap<>();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public CompletionStage<Done> save(String userId, UserProfile profile, long sequenceNr) {
            writes.incrementAndGet();
            keptUpTo.put(userId, sequenceNr);
            kept.put(userId, profile.withoutRecentEventIds());
            return CompletableFuture.completedFuture(Done.getInstance());
        }

        @Override
        public CompletionStage<Optional<UserProfile>> loadCurrent(String userId) {
            return CompletableFuture.completedFuture(Optional.ofNullable(kept.get(userId)));
        }
    }

    private final ActiveModel model = new ActiveModel();

    private EventSourcedBehaviorTestKit<UserEntity.Command, UserEvent, UserProfile> user(String id, ProfileStore store,
            Duration quietFor) {
        return EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create(id, LIMITS, "interaction",
                new UserEntity.OnlineLearning(model, HALF_LIFE, 2, visit -> {}, DRIFT, drift -> {}),
                new UserEntity.Keeping(store, quietFor)));
    }

    private static void record(EventSourcedBehaviorTestKit<UserEntity.Command, UserEvent, UserProfile> user, String id,
            String item, InteractionType type, int minute) {
        user.<UserEntity.RecordResult>runCommand(replyTo -> new UserEntity.RecordInteraction(new InteractionEvent(
                id, "u", item, type, null, T0.plusSeconds(60L * minute), Map.of()), replyTo));
    }

    private static UserEntity.Taste taste(EventSourcedBehaviorTestKit<UserEntity.Command, UserEvent, UserProfile> user) {
        return user.<UserEntity.Taste>runCommand(replyTo -> new UserEntity.GetTaste(3, ALL_TYPES, replyTo)).reply();
    }

    private static void awaitUntil(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 5 s: " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void keepsOneCopyOnceTheUserHasBeenQuietWithoutTheDedupeWindow() throws InterruptedException {
        MemoryStore store = new MemoryStore();
        var alice = user("alice", store, Duration.ofMillis(300));

        record(alice, "e1", "a", InteractionType.CLICK, 0);
        record(alice, "e2", "b", InteractionType.PURCHASE, 1);
        assertTrue(store.kept.isEmpty(), "the user is not quiet yet");

        awaitUntil("the copy is kept", () -> store.kept.containsKey("alice"));
        UserProfile copy = store.kept.get("alice");
        assertEquals(2, copy.eventCount());
        assertEquals(2L, store.keptUpTo.get("alice"), "the copy reflects the journal up to its second event");
        assertEquals(List.of("a", "b"), copy.recentHistory().stream().map(UserProfile.Interaction::itemId).toList());
        assertEquals(List.of(), copy.recentEventIds(), "only the entity acknowledges redeliveries");
        Thread.sleep(500);
        assertEquals(1, store.writes.get(), "one write for the burst of two events");
    }

    @Test
    void writesTheCopyStillDueWhenTheEntityStopsAndNothingForAUserWhoOnlyAsked() {
        MemoryStore store = new MemoryStore();
        var bob = user("bob", store, Duration.ofHours(1));
        record(bob, "e1", "a", InteractionType.VIEW, 0);
        assertTrue(store.kept.isEmpty());

        assertTrue(RecoveredUsers.get(testKit.system()).contains("bob"), "recovered here: its requests read no copy");
        bob.restart(); // stops the entity (passivation, hand-off, shutdown alike) and recovers it from the journal

        assertEquals(1, store.kept.get("bob").eventCount(), "written when it stopped");
        assertEquals(1L, store.keptUpTo.get("bob"), "with the sequence number of the journal's last event");
        taste(bob);
        bob.restart();
        assertEquals(1, store.writes.get(), "nothing changed since the copy: not written again");
    }

    @Test
    void aTasteFromTheCopyIsTheEntitysOwn() throws InterruptedException {
        model.serve(ServingModel.of(new ModelStore.StoredFactors("v1", new String[] {"a", "b", "c"},
                new float[] {1, 0, 0, 1, 0.5f, 0.5f}, 2), 1.0, 1.0));
        MemoryStore store = new MemoryStore();
        var carol = user("carol", store, Duration.ofMillis(100));
        record(carol, "e1", "a", InteractionType.CLICK, 0);
        record(carol, "e2", "b", InteractionType.VIEW, 1);
        record(carol, "e3", "c", InteractionType.SKIP, 2);
        awaitUntil("the copy is kept", () -> store.kept.containsKey("carol"));

        UserEntity.Taste own = taste(carol);
        StoredTastes stored = new StoredTastes(store, model, HALF_LIFE, DRIFT.weightBeforeShift(), userId -> true);
        UserEntity.Taste fromCopy = stored.tasteOf("carol", 3, ALL_TYPES).toCompletableFuture().join().orElseThrow();

        assertEquals(own.versionId(), fromCopy.versionId());
        assertArrayEquals(own.embedding(), fromCopy.embedding(), 1e-6f);
        assertEquals(own.recentItems(), fromCopy.recentItems());
        assertEquals(own.exclude(), fromCopy.exclude());
        assertEquals(own.eventCount(), fromCopy.eventCount());
        assertFalse(stored.tasteOf("nobody", 3, ALL_TYPES).toCompletableFuture().join().isPresent());
    }

    @Test
    void aListServedFromTheCopyWhileTheEntityWasStoppedIsTheOneItsNextEventAnswers() {
        // The recommender served dave from his copy without starting his entity; his next event starts it.
        RecoveredUsers.get(testKit.system()).servedWhileStopped("dave",
                new UserEntity.ServedList(List.of("x", "y"), "v1", T0, Map.of("y", 2L)));
        List<DriftMonitor.Command> reports = new CopyOnWriteArrayList<>();
        List<Long> credits = new CopyOnWriteArrayList<>();
        EventSourcedBehaviorTestKit<UserEntity.Command, UserEvent, UserProfile> dave = EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create("dave", LIMITS, "interaction",
                new UserEntity.OnlineLearning(model, HALF_LIFE, 2, visit -> {}, DRIFT, reports::add,
                        (context, mask) -> credits.add(mask), item -> null),
                new UserEntity.Keeping(new MemoryStore(), Duration.ofHours(1))));

        record(dave, "e1", "y", InteractionType.CLICK, 0);

        assertEquals(List.of(new DriftMonitor.Observe("dave", true, null, T0)), reports, "a hit of the list served");
        assertEquals(List.of(2L), credits, "credited to the weight sets whose top k held it");
        assertNull(RecoveredUsers.get(testKit.system()).takeServedWhileStopped("dave"), "taken by the entity");
    }
}
