package io.murmuration.node.item;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The first items of the popular list as this node's board last received it from the counter, for the user entities
 * here to judge, as they record an interaction, whether its item was popular then (decision 026). The counter
 * publishes every second; an entity reads whatever publication is current, without asking the board. Thread-safe.
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

    /** The counter's latest publication, best first. */
    public void published(List<ScoredItem> ranking) {
        Set<String> head = new HashSet<>();
        for (int i = 0; i < ranking.size() && head.size() < size; i++) {
            head.add(ranking.get(i).itemId());
        }
        items = Set.copyOf(head);
    }

    /** Whether the item is in the head; null while no publication has arrived, when nothing can be said. */
    public Boolean holds(String itemId) {
        Set<String> head = items;
        return head == null ? null : head.contains(itemId);
    }
}
