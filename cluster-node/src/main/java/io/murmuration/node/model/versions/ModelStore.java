package io.murmuration.node.model.versions;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.stream.alpakka.cassandra.CassandraSessionSettings;
import akka.stream.alpakka.cassandra.javadsl.CassandraSession;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The item factors of every model version, in Cassandra: written once by the trainer, read by each node
 * when a version becomes active. Factors go in chunks of {@value #CHUNK_ITEMS} items so no row grows with
 * the catalog; the version row is written last, so a version whose write was cut off is never loaded.
 */
public final class ModelStore {

    /** Items per stored row: at d = 64 a chunk is 256 KB of factors. */
    static final int CHUNK_ITEMS = 1000;

    /** One version's item ids and their factors, row-major. */
    public record StoredFactors(String versionId, String[] itemIds, float[] factors, int dimension) {}

    private final CassandraSession session;
    private final String keyspace;

    public ModelStore(ActorSystem<?> system) {
        this.session =
                CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("akka.persistence.cassandra"));
        this.keyspace = system.settings().config().getString("akka.persistence.cassandra.journal.keyspace");
    }

    public CompletionStage<Done> save(String versionId, String[] itemIds, float[] factors, int dimension, Instant createdAt) {
        if (factors.length != itemIds.length * dimension) {
            throw new IllegalArgumentException(itemIds.length + " items of dimension " + dimension + " need "
                    + itemIds.length * dimension + " factors, got " + factors.length);
        }
        int chunks = (itemIds.length + CHUNK_ITEMS - 1) / CHUNK_ITEMS;
        String insertChunk = "INSERT INTO " + keyspace
                + ".model_item_factors (version_id, chunk, item_ids, factors) VALUES (?, ?, ?, ?)";
        List<CompletableFuture<Done>> writes = new ArrayList<>();
        for (int chunk = 0; chunk < chunks; chunk++) {
            int from = chunk * CHUNK_ITEMS;
            int to = Math.min(itemIds.length, from + CHUNK_ITEMS);
            ByteBuffer blob = ByteBuffer.allocate((to - from) * dimension * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            blob.asFloatBuffer().put(factors, from * dimension, (to - from) * dimension);
            writes.add(session.executeWrite(insertChunk, versionId, chunk, Arrays.asList(itemIds).subList(from, to), blob)
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .thenCompose(done -> session.executeWrite(
                        "INSERT INTO " + keyspace
                                + ".model_versions (version_id, dimension, item_count, chunk_count, created_at) VALUES (?, ?, ?, ?, ?)",
                        versionId, dimension, itemIds.length, chunks, createdAt));
    }

    /** The version's factors, or empty when no complete version of that id was stored. */
    public CompletionStage<Optional<StoredFactors>> load(String versionId) {
        return session.selectOne(
                        "SELECT dimension, item_count, chunk_count FROM " + keyspace + ".model_versions WHERE version_id = ?",
                        versionId)
                .thenCompose(header -> header.isEmpty()
                        ? CompletableFuture.completedFuture(Optional.<StoredFactors>empty())
                        : loadChunks(versionId, header.get()).thenApply(Optional::of));
    }

    private CompletionStage<StoredFactors> loadChunks(String versionId, Row header) {
        int dimension = header.getInt("dimension");
        int itemCount = header.getInt("item_count");
        int chunkCount = header.getInt("chunk_count");
        return session.selectAll(
                        "SELECT chunk, item_ids, factors FROM " + keyspace + ".model_item_factors WHERE version_id = ?", versionId)
                .thenApply(rows -> {
                    if (rows.size() != chunkCount) {
                        throw new IllegalStateException("model version " + versionId + " has " + rows.size()
                                + " factor chunks stored, its header says " + chunkCount);
                    }
                    String[] itemIds = new String[itemCount];
                    float[] factors = new float[itemCount * dimension];
                    for (Row row : rows) { // clustering order: by chunk
                        int from = row.getInt("chunk") * CHUNK_ITEMS;
                        List<String> ids = row.getList("item_ids", String.class);
                        for (int i = 0; i < ids.size(); i++) {
                            itemIds[from + i] = ids.get(i);
                        }
                        row.getByteBuffer("factors").order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                                .get(factors, from * dimension, ids.size() * dimension);
                    }
                    return new StoredFactors(versionId, itemIds, factors, dimension);
                });
    }
}
