package io.murmuration.node.model.versions;

import akka.Done;
import io.murmuration.node.model.versions.ModelStore.StoredFactors;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where the trainer keeps the item factors of the versions it trains and reads back the active one's,
 * with the signatures of {@link ModelStore}, so the trainer can be exercised without Cassandra.
 */
public interface ModelStorage {

    CompletionStage<Done> save(String versionId, String[] itemIds, float[] factors, int dimension, Instant createdAt);

    /** The version's factors, or empty when no complete version of that id was stored. */
    CompletionStage<Optional<StoredFactors>> load(String versionId);

    /** The Cassandra model store behind this interface. */
    static ModelStorage of(ModelStore store) {
        return new ModelStorage() {
            @Override
            public CompletionStage<Done> save(String versionId, String[] itemIds, float[] factors, int dimension,
                    Instant createdAt) {
                return store.save(versionId, itemIds, factors, dimension, createdAt);
            }

            @Override
            public CompletionStage<Optional<StoredFactors>> load(String versionId) {
                return store.load(versionId);
            }
        };
    }
}
