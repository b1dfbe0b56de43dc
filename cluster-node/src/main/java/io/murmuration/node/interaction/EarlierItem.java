package io.murmuration.node.interaction;

/**
 * One of the distinct items a user visited before an interaction, with the weight of that visit: part of the
 * persisted {@link InteractionRecorded}, and what the item shards pair the interaction's item with.
 */
public record EarlierItem(String itemId, double weight) {}
