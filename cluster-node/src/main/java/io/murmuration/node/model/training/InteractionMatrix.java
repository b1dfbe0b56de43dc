package io.murmuration.node.model.training;

import java.util.Arrays;

/**
 * A sparse users × items matrix of aggregated interaction weights r ≥ 0, the input of batch training. It
 * is held twice, compressed by user rows (CSR) and by item columns (CSC), so each ALS half-step reads its
 * side contiguously. Entries within a row are ordered by item and within a column by user. Immutable.
 */
public final class InteractionMatrix {

    private final int users;
    private final int items;

    // CSR: the entries of user u are rowStart[u] until rowStart[u + 1].
    final int[] rowStart;
    final int[] rowItem;
    final float[] rowWeight;

    // CSC: the entries of item i are columnStart[i] until columnStart[i + 1].
    final int[] columnStart;
    final int[] columnUser;
    final float[] columnWeight;

    private InteractionMatrix(int users, int items, int[] rowStart, int[] rowItem, float[] rowWeight,
            int[] columnStart, int[] columnUser, float[] columnWeight) {
        this.users = users;
        this.items = items;
        this.rowStart = rowStart;
        this.rowItem = rowItem;
        this.rowWeight = rowWeight;
        this.columnStart = columnStart;
        this.columnUser = columnUser;
        this.columnWeight = columnWeight;
    }

    /** Starts a matrix of the given shape; users and items are dense indices from zero. */
    public static Builder builder(int users, int items) {
        return new Builder(users, items);
    }

    public int users() {
        return users;
    }

    public int items() {
        return items;
    }

    /** Number of distinct (user, item) pairs with a positive aggregated weight. */
    public int nonZeros() {
        return rowItem.length;
    }

    /** How many distinct items {@code user} interacted with. */
    public int itemCount(int user) {
        return rowStart[user + 1] - rowStart[user];
    }

    /** How many distinct users interacted with {@code item}. */
    public int userCount(int item) {
        return columnStart[item + 1] - columnStart[item];
    }

    /** The aggregated weight of ({@code user}, {@code item}), zero if never observed. */
    public double weight(int user, int item) {
        int from = rowStart[user];
        int to = rowStart[user + 1];
        int found = Arrays.binarySearch(rowItem, from, to, item);
        return found >= 0 ? rowWeight[found] : 0.0;
    }

    /** The items {@code user} interacted with, ascending (a copy). */
    public int[] itemsOf(int user) {
        return Arrays.copyOfRange(rowItem, rowStart[user], rowStart[user + 1]);
    }

    /** The users who interacted with {@code item}, ascending (a copy). */
    public int[] usersOf(int item) {
        return Arrays.copyOfRange(columnUser, columnStart[item], columnStart[item + 1]);
    }

    /**
     * Collects (user, item, weight) triples; duplicates are summed at {@link #build()}. Pairs whose sum is
     * zero are dropped, since implicit feedback treats them as unobserved. Not thread-safe.
     */
    public static final class Builder {

        private final int users;
        private final int items;
        private int size;
        private int[] userOf = new int[16];
        private int[] itemOf = new int[16];
        private double[] weightOf = new double[16];

        private Builder(int users, int items) {
            if (users < 0 || items < 0) {
                throw new IllegalArgumentException("users and items must not be negative, were "
                        + users + " and " + items);
            }
            this.users = users;
            this.items = items;
        }

        /** Records that {@code user} interacted with {@code item} with {@code weight} (finite, ≥ 0). */
        public Builder add(int user, int item, double weight) {
            if (user < 0 || user >= users) {
                throw new IllegalArgumentException("user " + user + " is outside 0.." + (users - 1));
            }
            if (item < 0 || item >= items) {
                throw new IllegalArgumentException("item " + item + " is outside 0.." + (items - 1));
            }
            if (!(weight >= 0.0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("weight of (" + user + ", " + item
                        + ") must be finite and not negative, was " + weight);
            }
            if (size == userOf.length) {
                int grown = Math.max(16, size + (size >> 1));
                userOf = Arrays.copyOf(userOf, grown);
                itemOf = Arrays.copyOf(itemOf, grown);
                weightOf = Arrays.copyOf(weightOf, grown);
            }
            userOf[size] = user;
            itemOf[size] = item;
            weightOf[size] = weight;
            size++;
            return this;
        }

        public InteractionMatrix build() {
            // Two stable counting sorts, by item then by user, order the triples by (user, item) in O(n).
            int[] byItem = countingOrder(itemOf, items, identity(size));
            int[] byUserThenItem = countingOrder(userOf, users, byItem);

            int[] rowStart = new int[users + 1];
            int[] rowItem = new int[size];
            float[] rowWeight = new float[size];
            int kept = 0;
            int at = 0;
            while (at < size) {
                int first = byUserThenItem[at];
                int user = userOf[first];
                int item = itemOf[first];
                double sum = 0.0;
                while (at < size && userOf[byUserThenItem[at]] == user && itemOf[byUserThenItem[at]] == item) {
                    sum += weightOf[byUserThenItem[at]];
                    at++;
                }
                if (sum > 0.0) {
                    rowItem[kept] = item;
                    rowWeight[kept] = (float) sum;
                    rowStart[user + 1]++;
                    kept++;
                }
            }
            for (int u = 0; u < users; u++) {
                rowStart[u + 1] += rowStart[u];
            }
            rowItem = Arrays.copyOf(rowItem, kept);
            rowWeight = Arrays.copyOf(rowWeight, kept);

            int[] columnStart = new int[items + 1];
            for (int e = 0; e < kept; e++) {
                columnStart[rowItem[e] + 1]++;
            }
            for (int i = 0; i < items; i++) {
                columnStart[i + 1] += columnStart[i];
            }
            int[] next = Arrays.copyOf(columnStart, items);
            int[] columnUser = new int[kept];
            float[] columnWeight = new float[kept];
            for (int u = 0; u < users; u++) {
                for (int e = rowStart[u]; e < rowStart[u + 1]; e++) {
                    int slot = next[rowItem[e]]++;
                    columnUser[slot] = u;
                    columnWeight[slot] = rowWeight[e];
                }
            }
            return new InteractionMatrix(users, items, rowStart, rowItem, rowWeight,
                    columnStart, columnUser, columnWeight);
        }

        private static int[] identity(int n) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            return order;
        }

        /** Stably reorders {@code order} by {@code key[order[..]]}, keys being in 0..range-1. */
        private int[] countingOrder(int[] key, int range, int[] order) {
            int[] start = new int[range + 1];
            for (int n = 0; n < size; n++) {
                start[key[order[n]] + 1]++;
            }
            for (int k = 0; k < range; k++) {
                start[k + 1] += start[k];
            }
            int[] sorted = new int[size];
            for (int n = 0; n < size; n++) {
                sorted[start[key[order[n]]]++] = order[n];
            }
            return sorted;
        }
    }
}
