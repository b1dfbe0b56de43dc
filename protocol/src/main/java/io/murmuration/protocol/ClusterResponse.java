package io.murmuration.protocol;

import java.util.List;

/**
 * The cluster as one node sees it: its members and, per sharded entity type, the shards and entities on each node.
 *
 * @param self        the address of the node that answered
 * @param leader      the cluster leader's address, null while there is none
 * @param members     every member the node knows, in address order
 * @param partitions  which node consumes each partition of the interactions topic, and so hosts user shard p;
 *                    empty until a consumer was assigned partitions
 * @param entityTypes every sharded entity type the node runs, by name
 */
public record ClusterResponse(
        String self, String leader, List<ClusterMember> members, List<PartitionOwner> partitions, List<EntityTypeShards> entityTypes) {

    public ClusterResponse {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        members = members == null ? List.of() : List.copyOf(members);
        entityTypes = entityTypes == null ? List.of() : List.copyOf(entityTypes);
    }
}
