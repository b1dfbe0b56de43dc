package io.murmuration.node.item;

import java.util.Arrays;

/**
 * One item's strongest neighbours and their sums, in two parallel arrays. A shard holds hundreds of thousands of
 * (item, neighbour) pairs; as map entries each cost a node, a boxed sum and its own id string, which made a
 * checkpoint of 625,000 pairs take seconds to restore and hundreds of megabytes to hold. The arrays grow up to the
 * bound and never past it, and a linear search of at most that many ids is as quick as a hash lookup at this size.
 * Not thread-safe: one owner.
 */
final class NeighbourSums {

    private static final int FIRST_CAPACITY = 4;

    private String[] ids;
    // Single precision: a neighbour's rank does not hang on the eighth digit of its sum, and a shard's lists take half
    // the memory and its checkpoint four bytes less per pair.
    private float[] sums;
    private int size;

    NeighbourSums(int expected) {
        int capacity = Math.max(1, expected);
        ids = new String[capacity];
        sums = new float[capacity];
    }

    static NeighbourSums empty(int bound) {
        return new NeighbourSums(Math.min(bound, FIRST_CAPACITY));
    }

    int size() {
        return size;
    }

    String id(int index) {
        return ids[index];
    }

    double sum(int index) {
        return sums[index];
    }

    /**
     * Adds {@code added} to {@code id}'s sum, kept in single precision. A new neighbour of a list already holding
     * {@code bound} replaces the weakest if it is stronger; a sum that would overflow stays as it was.
     */
    void add(String id, double added, int bound) {
        int at = indexOf(id);
        if (at >= 0) {
            float sum = (float) (sums[at] + added);
            if (Float.isFinite(sum)) {
                sums[at] = sum;
            }
            return;
        }
        float value = (float) added;
        if (!Float.isFinite(value)) {
            return;
        }
        if (size < bound) {
            if (size == ids.length) {
                grow(Math.min(size * 2, bound)); // so a full list holds no unused slots
            }
            append(id, value);
        } else {
            int weakest = weakest();
            if (value > sums[weakest]) {
                ids[weakest] = id;
                sums[weakest] = value;
            }
        }
    }

    /** Appends a neighbour known not to be in the list yet (a checkpoint being read), its sum in single precision. */
    void append(String id, double sum) {
        if (size == ids.length) {
            grow(size * 2);
        }
        ids[size] = id;
        sums[size] = (float) sum;
        size++;
    }

    private void grow(int capacity) {
        ids = Arrays.copyOf(ids, capacity);
        sums = Arrays.copyOf(sums, capacity);
    }

    void scale(double factor) {
        for (int i = 0; i < size; i++) {
            sums[i] = (float) (sums[i] * factor);
        }
    }

    /** Drops the weakest neighbours until at most {@code bound} are left. */
    void keepStrongest(int bound) {
        while (size > bound) {
            int weakest = weakest();
            size--;
            ids[weakest] = ids[size];
            sums[weakest] = sums[size];
            ids[size] = null;
        }
    }

    private int indexOf(String id) {
        for (int i = 0; i < size; i++) {
            if (ids[i].equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private int weakest() {
        int weakest = 0;
        for (int i = 1; i < size; i++) {
            if (sums[i] < sums[weakest]) {
                weakest = i;
            }
        }
        return weakest;
    }
}
