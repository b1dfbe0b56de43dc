package io.murmuration.bench.baseline;

import java.util.Arrays;

/**
 * Counts keyed by item number (≥ 0): one item's co-occurrence row. Open addressing over two plain arrays, so the
 * millions of pairs of a real log cost 8 bytes a slot rather than two boxed objects an entry.
 */
final class CountsByItem {

    private static final int EMPTY = -1;

    private int[] keys;
    private int[] counts;
    private int size;

    CountsByItem() {
        keys = new int[4];
        counts = new int[4];
        Arrays.fill(keys, EMPTY);
    }

    /** Adds {@code delta} to the count of {@code item}. */
    void add(int item, int delta) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int slot = slotOf(item, keys);
        if (keys[slot] == EMPTY) {
            keys[slot] = item;
            size++;
        }
        counts[slot] += delta;
    }

    int get(int item) {
        int slot = slotOf(item, keys);
        return keys[slot] == EMPTY ? 0 : counts[slot];
    }

    int size() {
        return size;
    }

    /** Calls {@code visitor} once for each item with its count, in no particular order. */
    void forEach(Visitor visitor) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != EMPTY) {
                visitor.visit(keys[slot], counts[slot]);
            }
        }
    }

    interface Visitor {
        void visit(int item, int count);
    }

    private static int slotOf(int item, int[] keys) {
        int mask = keys.length - 1;
        int hash = item * 0x9E3779B9; // Fibonacci hashing, high bits folded down: consecutive numbers spread out
        int slot = (hash ^ (hash >>> 16)) & mask;
        while (keys[slot] != EMPTY && keys[slot] != item) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new int[oldKeys.length * 2];
        counts = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        for (int slot = 0; slot < oldKeys.length; slot++) {
            if (oldKeys[slot] != EMPTY) {
                int to = slotOf(oldKeys[slot], keys);
                keys[to] = oldKeys[slot];
                counts[to] = oldCounts[slot];
            }
        }
    }
}
