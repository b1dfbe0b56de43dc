package io.murmuration.node.item;

import io.murmuration.node.CborSerializable;
import java.util.Comparator;

/** An item with the score that ranked it. */
public record ScoredItem(String itemId, double score) implements CborSerializable {

    /** The order of every ranking: the higher score first, ties by item id so a ranking is the same on every node. */
    public static final Comparator<ScoredItem> BEST_FIRST =
            Comparator.comparingDouble(ScoredItem::score).reversed().thenComparing(ScoredItem::itemId);
}
