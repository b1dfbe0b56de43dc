package io.murmuration.node.item;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The first items of this node's popular list, as its board last ranked them, for the user entities here to judge, as
 * they record an interaction, whether its item was popular then (decision 026). The board sets it on every publication
 * of the counter and within {@code PopularityBoard.HEAD_LAG} of every interaction it hears of; an entity reads whatever
 * is current, without asking the board. Thread-safe.
 */
public final class PopularHead {

    private final int size;
    private volatile Set<String> items; // null until the first publication

    /** @param size how many of the list's first items count as popular */
    public PopularHead(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("the head must hold at least one item, got " + size);
        }
        this.size = size;
    }

    /** How many of the list's first items count as popular. */
    public int size() {
        return size;
    }

    /** The board's list now, best first. */
    public void update(List<ScoredItem> ranking) {
        Set<String> head = new HashSet<>();
        for (int i = 0; i < ranking.size() && head.size() < size; i++) {
            head.add(ranking.get(i).itemId());
        }
        items = head; // never changed after this: the volatile write publishes it whole
    }

    /** Whether the board has set it yet. */
    public boolean isSet() {
        return items != null;
    }

    /** Whether the item is in the head; null until the board's first publication, when nothing can be said. */
    public Boolean holds(String itemId) {
        Set<String> head = items;
        return head == null ? null : head.contains(itemId);
    }
}
