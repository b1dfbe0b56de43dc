package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.stream.alpakka.cassandra.CassandraSessionSettings;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import io.murmuration.node.RealInfrastructure.Run;
import io.murmuration.node.Settings.UserLimits;
import io.murmuration.node.drift.DriftSettings;
import io.murmuration.node.model.serving.ActiveModel;
import io.murmuration.node.user.CassandraProfileStore;
import io.murmuration.node.user.UserEntity;
import io.murmuration.node.user.UserProfile;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kept copies of users' profiles (decision 024) through the real Cassandra and the real journal: a user entity
 * writes its copy when it stops, the copy is served while the journal has nothing after it, and not once it has.
 */
class ProfileStoreIT {

    private static final UserLimits LIMITS = new UserLimits(30, 10, 20, 100);
    private static final InteractionType[] TYPES = {InteractionType.VIEW, InteractionType.CLICK, InteractionType.PURCHASE,
            InteractionType.SKIP};
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aCopyWrittenWhenTheEntityStopsServesUntilTheJournalMovesPastItAndAnUnreadableOneCountsAsNone() throws Exception {
        RealInfrastructure.ensureRunning();
        Run run = Run.create("profiles");
        run.prepare();
        ActorTestKit testKit = ActorTestKit.create("profiles-test", run.nodeConfig());
        try {
            CassandraProfileStore store = new CassandraProfileStore(testKit.system());
            // Copies are written only when the entity stops: an hour of quiet never passes here.
            UserEntity.Keeping keeping = new UserEntity.Keeping(store, Duration.ofHours(1));

            ActorRef<UserEntity.Command> alice = spawnUser(testKit, keeping);
            for (int i = 0; i < 40; i++) record(testKit, alice, i);
            assertEquals(Optional.empty(), current(store, "alice"), "nothing kept while the entity runs");
            testKit.stop(alice);

            UserProfile kept = awaitCurrent(store, "alice");
            UserProfile expected = UserProfile.EMPTY;
            for (int i = 0; i < 40; i++) {
                expected = expected.apply(new UserProfile.Interaction("e-" + i, itemOf(i), TYPES[i % TYPES.length].wireName(),
                        null, timeOf(i)), null, LIMITS);
            }
            assertEquals(40, kept.eventCount());
            assertEquals(expected.recentHistory(), kept.recentHistory());
            assertEquals(expected.seenItems(), kept.seenItems());
            assertEquals(expected.countsByType(), kept.countsByType());
            assertTrue(kept.recentEventIds().isEmpty(), "the dedupe window stays in the journal");
            assertEquals(Optional.empty(), current(store, "nobody"));

            // One more event, journalled by the recovered entity: the copy is behind the journal and is not served.
            alice = spawnUser(testKit, keeping);
            record(testKit, alice, 40);
            assertEquals(Optional.empty(), current(store, "alice"), "the journal moved past the copy");
            testKit.stop(alice);
            assertEquals(41, awaitCurrent(store, "alice").eventCount(), "written again when it stopped");

            // A row whose bytes this node cannot read (another format, a bad write) is as good as none.
            String keyspace = testKit.system().settings().config().getString("akka.persistence.cassandra.journal.keyspace");
            CassandraSessionRegistry.get(testKit.system()).sessionFor(CassandraSessionSettings.create("akka.persistence.cassandra"))
                    .executeWrite("UPDATE " + keyspace + ".user_tastes SET profile = ? WHERE user_id = ?",
                            ByteBuffer.wrap(new byte[] {(byte) 0xff, 0x00, 0x13}), "alice")
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals(Optional.empty(), current(store, "alice"));
        } finally {
            testKit.shutdownTestKit();
        }
    }

    private static ActorRef<UserEntity.Command> spawnUser(ActorTestKit testKit, UserEntity.Keeping keeping) {
        return testKit.spawn(UserEntity.create("alice", LIMITS, "interaction",
                new UserEntity.OnlineLearning(new ActiveModel(), Duration.ofDays(1), 5, visit -> {},
                        new DriftSettings.PerUser(0.1, 5, 20, 0.1), drift -> {}), keeping));
    }

    private static String itemOf(int i) {
        return "item-" + (i % 13);
    }

    private static Instant timeOf(int i) {
        return Instant.parse("2026-11-01T10:00:00Z").plusSeconds(i);
    }

    private static void record(ActorTestKit testKit, ActorRef<UserEntity.Command> user, int i) {
        var probe = testKit.<UserEntity.RecordResult>createTestProbe();
        user.tell(new UserEntity.RecordInteraction(new InteractionEvent("e-" + i, "alice", itemOf(i), TYPES[i % TYPES.length],
                null, timeOf(i), Map.of()), probe.getRef()));
        assertEquals(new UserEntity.Recorded("e-" + i), probe.receiveMessage(PATIENCE));
    }

    private static Optional<UserProfile> current(CassandraProfileStore store, String user) throws Exception {
        return store.loadCurrent(user).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static UserProfile awaitCurrent(CassandraProfileStore store, String user) throws Exception {
        long until = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < until) {
            Optional<UserProfile> kept = current(store, user);
            if (kept.isPresent()) return kept.get();
            Thread.sleep(100);
        }
        throw new AssertionError("no current copy of " + user + " within " + PATIENCE);
    }
}
