package io.murmuration.protocol;

import java.util.List;

/**
 * One sharded entity type across the cluster.
 *
 * @param entityType the type's name ("user", "item-shard", …)
 * @param shards     shards on the nodes that answered
 * @param entities   running entities on the nodes that answered
 * @param nodes      each member's region, in address order; a region that did not answer says so
 */
public record EntityTypeShards(String entityType, int shards, int entities, List<NodeShards> nodes) {

    public EntityTypeShards {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }
}
