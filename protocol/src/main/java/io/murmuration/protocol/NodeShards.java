package io.murmuration.protocol;

import java.util.List;

/**
 * One node's shard region of an entity type.
 *
 * @param address      the node's address
 * @param answered     whether its region answered in time; when not, {@code shards} and {@code entities} are null
 * @param shards       shards the region hosts
 * @param entities     running entities in them
 * @param shardIds     the ids of those shards, in numeric order where they are numbers; empty when it did not answer
 * @param failedShards shards of the region that did not report their entities in time
 * @param error        why there are no figures, when {@code answered} is false
 */
public record NodeShards(
        String address, boolean answered, Integer shards, Integer entities, List<String> shardIds, List<String> failedShards,
        String error) {

    public NodeShards {
        shardIds = shardIds == null ? List.of() : List.copyOf(shardIds);
        failedShards = failedShards == null ? List.of() : List.copyOf(failedShards);
    }
}
