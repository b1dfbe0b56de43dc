package io.murmuration.protocol;

import java.util.List;

/**
 * The model registry and what the item shards serve.
 *
 * @param active   the active version, null before one is
 * @param previous the version a rollback would return to, null when none
 * @param versions every registered version, oldest first
 * @param changes  every activation and rollback, oldest first
 * @param shards   each item shard's versions, shard 0 first
 */
public record ModelsResponse(
        String active, String previous, List<ModelVersionInfo> versions, List<ModelChange> changes, List<ShardServing> shards) {

    public ModelsResponse {
        versions = versions == null ? List.of() : List.copyOf(versions);
        changes = changes == null ? List.of() : List.copyOf(changes);
        shards = shards == null ? List.of() : List.copyOf(shards);
    }
}
