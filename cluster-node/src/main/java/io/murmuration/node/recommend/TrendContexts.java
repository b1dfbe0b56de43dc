package io.murmuration.node.recommend;

import java.util.List;

/**
 * Tells a user's lists apart by how much the user follows the crowd (decision 026): the share of the user's positive
 * interactions whose item was in the head of the popular list when it was recorded. Users who mostly take what is
 * popular now are served best by weights that lean on popularity; users who hardly ever do, by weights that lean on
 * their own taste. Each range of the share is a context of the {@link BlendLeader}, which lets a context's lists go
 * their own way only once their credits show it.
 *
 * @param bounds the upper bounds of the contexts' shares but the last, ascending, within [0, 1]; none: one context
 * @param guard  by how many standard deviations a context's own leader must beat the whole stream's choice there
 * @param head   how many of the popular list's first items count as popular when an interaction is recorded
 */
public record TrendContexts(List<Double> bounds, double guard, int head) {

    /** Lists are not told apart. */
    public static final TrendContexts NONE = new TrendContexts(List.of(), 0, 1);

    public TrendContexts {
        bounds = List.copyOf(bounds);
        for (int i = 0; i < bounds.size(); i++) {
            double bound = bounds.get(i);
            if (!(bound >= 0 && bound <= 1) || i > 0 && !(bound > bounds.get(i - 1))) {
                throw new IllegalArgumentException("the bounds of the shares must ascend within [0, 1], got " + bounds);
            }
        }
        if (!(guard >= 0)) {
            throw new IllegalArgumentException("the guard must be a number of standard deviations, not negative, got " + guard);
        }
        if (head < 1) {
            throw new IllegalArgumentException("the popular head must hold at least one item, got " + head);
        }
    }

    /** How many contexts the bounds make. */
    public int count() {
        return bounds.size() + 1;
    }

    /** The context of a user whose share of popular interactions is {@code share}: the first whose bound it does not pass. */
    public int of(double share) {
        return rangeOf(bounds, share);
    }

    /**
     * The first range whose upper bound {@code x} does not pass, of the ranges {@code bounds} (ascending) make; past
     * the last bound, and for NaN, the one after it.
     */
    public static int rangeOf(List<Double> bounds, double x) {
        int range = 0;
        while (range < bounds.size() && !(x <= bounds.get(range))) {
            range++;
        }
        return range;
    }
}
