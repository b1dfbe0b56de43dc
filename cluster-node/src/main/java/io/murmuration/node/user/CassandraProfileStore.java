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
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.util.Try;

/**
 * The {@code user_tastes} table: one row per user, the profile serialised as the journal serialises it (the bindings
 * of {@code reference.conf}, CBOR), with the serializer's id and manifest. Shares the journal's Cassandra session.
 * The dedupe window's event ids are left out: only the entity, which recovers from the journal, acknowledges
 * redeliveries, and they are most of a long history's bytes.
 */
public final class CassandraProfileStore implements ProfileStore {

    private static final Logger LOG = LoggerFactory.getLogger(CassandraProfileStore.class);

    private final CassandraSession session;
    private final Serialization serialization;
    private final String saveStatement;
    private final String loadStatement;

    public CassandraProfileStore(ActorSystem<?> system) {
        this.session =
                CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("akka.persistence.cassandra"));
        this.serialization = SerializationExtension.get(system.classicSystem());
        String keyspace = system.settings().config().getString("akka.persistence.cassandra.journal.keyspace");
        this.saveStatement = "INSERT INTO " + keyspace + ".user_tastes "
                + "(user_id, event_count, serializer_id, manifest, profile, written_at) VALUES (?, ?, ?, ?, ?, ?)";
        this.loadStatement = "SELECT serializer_id, manifest, profile FROM " + keyspace + ".user_tastes WHERE user_id = ?";
    }

    @Override
    public CompletionStage<Done> save(String userId, UserProfile profile) {
        UserProfile kept = profile.withoutRecentEventIds();
        Serializer serializer = serialization.findSerializerFor(kept);
        byte[] bytes = serialization.serialize(kept).get();
        return session.executeWrite(saveStatement, userId, kept.eventCount(), serializer.identifier(),
                Serializers.manifestFor(serializer, kept), ByteBuffer.wrap(bytes), Instant.now());
    }

    @Override
    public CompletionStage<Optional<UserProfile>> load(String userId) {
        return session.selectOne(loadStatement, userId).thenApply(row -> row.flatMap(r -> decode(userId, r)));
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
