package io.murmuration.node.user;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import akka.stream.alpakka.cassandra.CassandraSessionSettings;
import akka.stream.alpakka.cassandra.javadsl.CassandraSession;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.Config;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.util.Try;

/**
 * The {@code user_tastes} table: one row per user, the profile serialised as the journal serialises it (the bindings
 * of {@code reference.conf}, CBOR), with the serializer's id and manifest and the sequence number of the last event
 * it reflects. Shares the journal's Cassandra session. The dedupe window's event ids are left out: only the entity,
 * which recovers from the journal, acknowledges redeliveries, and they are most of a long history's bytes.
 *
 * <p>A copy is current when the user's last event in the journal is the one it reflects. The two reads go out
 * together: the copy, and the highest sequence number in the user's first journal partition (a user's events fill
 * partitions of {@code target-partition-size} in order). So only copies that end at least two events short of the
 * first partition's end can be proven current (an interaction and its drift alarm are written together and may
 * move to the next partition as one): a user with that many events, half a million by default, recovers as before.
 */
public final class CassandraProfileStore implements ProfileStore {

    private static final Logger LOG = LoggerFactory.getLogger(CassandraProfileStore.class);

    private final CassandraSession session;
    private final Serialization serialization;
    private final String saveStatement;
    private final String loadStatement;
    private final String lastEventStatement;
    private final long partitionSize;

    public CassandraProfileStore(ActorSystem<?> system) {
        this.session =
                CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("akka.persistence.cassandra"));
        this.serialization = SerializationExtension.get(system.classicSystem());
        Config journal = system.settings().config().getConfig("akka.persistence.cassandra.journal");
        String keyspace = journal.getString("keyspace");
        this.saveStatement = "INSERT INTO " + keyspace + ".user_tastes (user_id, event_count, sequence_nr, serializer_id,"
                + " manifest, profile, written_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
        this.loadStatement =
                "SELECT sequence_nr, serializer_id, manifest, profile FROM " + keyspace + ".user_tastes WHERE user_id = ?";
        this.lastEventStatement = "SELECT sequence_nr FROM " + keyspace + "." + journal.getString("table")
                + " WHERE persistence_id = ? AND partition_nr = 0 ORDER BY sequence_nr DESC LIMIT 1";
        this.partitionSize = journal.getLong("target-partition-size");
    }

    @Override
    public CompletionStage<Done> save(String userId, UserProfile profile, long sequenceNr) {
        UserProfile kept = profile.withoutRecentEventIds();
        Serializer serializer = serialization.findSerializerFor(kept);
        byte[] bytes = serialization.serialize(kept).get();
        return session.executeWrite(saveStatement, userId, kept.eventCount(), sequenceNr, serializer.identifier(),
                Serializers.manifestFor(serializer, kept), ByteBuffer.wrap(bytes), Instant.now());
    }

    @Override
    public CompletionStage<Optional<UserProfile>> loadCurrent(String userId) {
        CompletionStage<Optional<Row>> copy = session.selectOne(loadStatement, userId);
        CompletionStage<Optional<Row>> lastEvent = session.selectOne(lastEventStatement, UserEntity.persistenceIdOf(userId));
        return copy.thenCombine(lastEvent, (kept, last) -> {
            if (kept.isEmpty() || kept.get().isNull("sequence_nr") || last.isEmpty()) {
                return Optional.<UserProfile>empty();
            }
            long keptUpTo = kept.get().getLong("sequence_nr");
            boolean current = keptUpTo == last.get().getLong("sequence_nr") && keptUpTo + 2 <= partitionSize;
            return current ? decode(userId, kept.get()) : Optional.<UserProfile>empty();
        });
    }

    private Optional<UserProfile> decode(String userId, Row row) {
        // A row this node cannot read (written by a newer version, a bad write) is as good as none: the entity answers.
        try {
            ByteBuffer buffer = row.getByteBuffer("profile");
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            // The serializer's own failures (a parser's IOException among them) come back in the Try, not thrown.
            Try<Object> read = serialization.deserialize(bytes, row.getInt("serializer_id"), row.getString("manifest"));
            if (read.isSuccess() && read.get() instanceof UserProfile profile) {
                return Optional.of(profile);
            }
            LOG.warn("The stored profile of user {} cannot be read back ({}); the user's entity answers instead", userId,
                    read.isFailure() ? read.failed().get().toString() : "not a profile");
        } catch (RuntimeException unreadable) {
            LOG.warn("The stored profile of user {} cannot be read back; the user's entity answers instead", userId,
                    unreadable);
        }
        return Optional.empty();
    }
}
