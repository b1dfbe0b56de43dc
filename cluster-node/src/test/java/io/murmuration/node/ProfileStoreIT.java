package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.stream.alpakka.cassandra.CassandraSessionSettings;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import io.murmuration.node.RealInfrastructure.Run;
import io.murmuration.node.Settings.UserLimits;
import io.murmuration.node.user.CassandraProfileStore;
import io.murmuration.node.user.UserProfile;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The kept copies of users' profiles (decision 024) through the real Cassandra: what is saved is what is loaded. */
class ProfileStoreIT {

    @Test
    void aSavedProfileLoadsBackWithoutItsDedupeWindowAndAnUnreadableOneCountsAsNone() throws Exception {
        RealInfrastructure.ensureRunning();
        Run run = Run.create("profiles");
        run.prepare();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "profiles-test", run.nodeConfig());
        try {
            CassandraProfileStore store = new CassandraProfileStore(system);
            UserProfile profile = UserProfile.EMPTY;
            String[] types = {"view", "click", "purchase", "rating", "skip"};
            for (int i = 0; i < 40; i++) {
                profile = profile.apply(new UserProfile.Interaction("e-" + i, "item-" + (i % 13), types[i % types.length],
                        types[i % types.length].equals("rating") ? 4.5 : null, Instant.parse("2026-11-01T10:00:00Z").plusSeconds(i)),
                        new UserLimits(30, 10, 20, 100));
            }

            store.save("alice", profile).toCompletableFuture().get(60, TimeUnit.SECONDS);
            UserProfile loaded = store.load("alice").toCompletableFuture().get(60, TimeUnit.SECONDS).orElseThrow();

            assertEquals(profile.withoutRecentEventIds().recentHistory(), loaded.recentHistory());
            assertEquals(profile.seenItems(), loaded.seenItems());
            assertEquals(profile.eventCount(), loaded.eventCount());
            assertEquals(profile.countsByType(), loaded.countsByType());
            assertTrue(loaded.recentEventIds().isEmpty(), "the dedupe window stays in the journal");
            assertEquals(Optional.empty(), store.load("nobody").toCompletableFuture().get(60, TimeUnit.SECONDS));

            // A row whose bytes this node cannot read (another format, a bad write) is as good as none.
            String keyspace = system.settings().config().getString("akka.persistence.cassandra.journal.keyspace");
            CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("akka.persistence.cassandra"))
                    .executeWrite("UPDATE " + keyspace + ".user_tastes SET profile = ? WHERE user_id = ?",
                            ByteBuffer.wrap(new byte[] {(byte) 0xff, 0x00, 0x13}), "alice")
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals(Optional.empty(), store.load("alice").toCompletableFuture().get(60, TimeUnit.SECONDS));
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }
}
