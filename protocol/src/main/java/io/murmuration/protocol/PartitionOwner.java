package io.murmuration.protocol;

/**
 * The node that consumes one partition of the interactions topic, and so hosts the user shard of the same number
 * (user shards are placed with their partitions).
 *
 * @param partition the partition, which is also the user shard's id
 * @param node      the consuming node's address
 */
public record PartitionOwner(int partition, String node) {}
