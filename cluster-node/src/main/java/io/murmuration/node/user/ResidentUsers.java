package io.murmuration.node.user;

/**
 * How many user entities a node keeps in memory: a memory budget, not a count picked by hand. User entities get
 * {@code heapShare} of the node's maximum heap, at {@code bytesPerUser} each (what {@code bench/bin/footprint}
 * measures: the live heap one resident user adds, Akka's own bookkeeping included); beyond that, the least recently
 * used are passivated and recover from their snapshot and journal when asked for again. An explicit {@code limit}
 * above 0 replaces the derived one. See docs/capacity.md and decision 016.
 */
public record ResidentUsers(double heapShare, long bytesPerUser, int limit) {

    /** Below this the node would passivate users it is still answering; a budget that small is a mistake. */
    static final int FEWEST = 1_000;

    public ResidentUsers {
        if (!(heapShare > 0 && heapShare < 1)) {
            throw new IllegalArgumentException("user.resident.heap-share must be between 0 and 1, got " + heapShare);
        }
        if (bytesPerUser <= 0) {
            throw new IllegalArgumentException("user.resident.bytes-per-user must be above 0, got " + bytesPerUser);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("user.resident.limit must be 0 (derive it) or more, got " + limit);
        }
    }

    /** The most user entities resident at once on a node whose heap may grow to {@code maxHeapBytes}. */
    public int limitFor(long maxHeapBytes) {
        if (limit > 0) return limit;
        long derived = (long) (heapShare * maxHeapBytes / bytesPerUser);
        return (int) Math.max(FEWEST, Math.min(Integer.MAX_VALUE, derived));
    }
}
