package io.murmuration.node.checkpoint;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.stream.alpakka.cassandra.CassandraSessionSettings;
import akka.stream.alpakka.cassandra.javadsl.CassandraSession;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checkpoints of the derived views in Cassandra: a view's whole state as bytes, in chunks of {@value #CHUNK_BYTES}
 * so no row grows with the catalog, with the position in the interaction log it covers. A checkpoint is written as a
 * new generation and only then named in the view's head row, so a checkpoint cut off part way is never read; the
 * generation before it is deleted after. One writer per view (the view's owner), any number of readers.
 */
public final class ViewCheckpoints implements CheckpointStore {

    /** Bytes per stored chunk: well under Cassandra's mutation limit, few rows per checkpoint. */
    static final int CHUNK_BYTES = 1 << 20;

    /**
     * One checkpoint: the state, the log position it covers (a time-based UUID of the journal's tag query), when it
     * was taken, and its generation.
     */
    public record Checkpoint(byte[] state, UUID logOffset, Instant takenAt, long generation) {}

    private final CassandraSession session;
    private final String keyspace;
    // The generation each view's head names, to delete once a newer one is written.
    private final Map<String, Long> headGenerations = new ConcurrentHashMap<>();

    public ViewCheckpoints(ActorSystem<?> system) {
        this.session =
                CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("akka.persistence.cassandra"));
        this.keyspace = system.settings().config().getString("akka.persistence.cassandra.journal.keyspace");
    }

    @Override
    public CompletionStage<Optional<Head>> head(String view) {
        return session.selectOne("SELECT generation, chunks, log_offset, taken_at FROM " + keyspace
                        + ".view_checkpoint_heads WHERE view_name = ?", view)
                .thenApply(row -> row.map(head -> {
                    long generation = head.getLong("generation");
                    headGenerations.put(view, generation);
                    return new Head(generation, head.getInt("chunks"), head.getUuid("log_offset"),
                            head.getInstant("taken_at"));
                }));
    }

    @Override
    public CompletionStage<Checkpoint> state(String view, Head head) {
        return session.selectAll("SELECT chunk, data FROM " + keyspace
                        + ".view_checkpoints WHERE view_name = ? AND generation = ?", view, head.generation())
                .thenApply(rows -> {
                    if (rows.size() != head.chunks()) {
                        throw new IllegalStateException("checkpoint " + head.generation() + " of view " + view + " has "
                                + rows.size() + " chunks stored, its head says " + head.chunks());
                    }
                    int size = 0;
                    for (Row row : rows) {
                        size += row.getByteBuffer("data").remaining();
                    }
                    ByteBuffer state = ByteBuffer.allocate(size);
                    for (Row row : rows) { // clustering order: by chunk
                        state.put(row.getByteBuffer("data"));
                    }
                    return new Checkpoint(state.array(), head.logOffset(), head.takenAt(), head.generation());
                });
    }

    /**
     * Stores {@code state} as the view's checkpoint at {@code logOffset}, replacing the one before once it is complete.
     * Completes when the head names the new checkpoint.
     */
    @Override
    public CompletionStage<Done> save(String view, byte[] state, UUID logOffset, Instant takenAt) {
        long generation = Math.max(takenAt.toEpochMilli(), headGenerations.getOrDefault(view, 0L) + 1);
        int chunks = Math.max(1, (state.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        String insertChunk = "INSERT INTO " + keyspace + ".view_checkpoints (view_name, generation, chunk, data) VALUES (?, ?, ?, ?)";
        List<CompletableFuture<Done>> writes = new ArrayList<>(chunks);
        for (int chunk = 0; chunk < chunks; chunk++) {
            int from = chunk * CHUNK_BYTES;
            int length = Math.min(CHUNK_BYTES, state.length - from);
            writes.add(session.executeWrite(insertChunk, view, generation, chunk, ByteBuffer.wrap(state, from, length))
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .thenCompose(written -> session.executeWrite("INSERT INTO " + keyspace
                                + ".view_checkpoint_heads (view_name, generation, chunks, bytes, log_offset, taken_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)",
                        view, generation, chunks, (long) state.length, logOffset, takenAt))
                .thenCompose(headWritten -> {
                    Long before = headGenerations.put(view, generation);
                    return before == null
                            ? CompletableFuture.completedFuture(Done.getInstance())
                            : session.executeWrite("DELETE FROM " + keyspace
                                    + ".view_checkpoints WHERE view_name = ? AND generation = ?", view, before);
                });
    }
}
