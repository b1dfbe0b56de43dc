package io.murmuration.node.item;

import io.murmuration.node.CborSerializable;

/** An item with the score that ranked it. */
public record ScoredItem(String itemId, double score) implements CborSerializable {}
