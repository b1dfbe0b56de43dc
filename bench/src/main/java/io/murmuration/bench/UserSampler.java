package io.murmuration.bench;

import io.murmuration.protocol.InteractionEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Draws the users a load run asks for, from a fixed seed so that two runs ask for the same users in the same
 * order: uniformly, or Zipf-distributed over a ranking of the users (rank r weighs 1/r^s). The users are either
 * numbered ({@code user-0} .. , ranked in number order) or those of an interaction log (ranked by how many
 * events they have in it, most first, so the skew follows the log's). Not thread-safe.
 */
final class UserSampler {

    private final IntFunction<String> userAtRank;
    private final int size;
    private final SplittableRandom random;
    /** Cumulative weights by rank, or null for a uniform draw. */
    private final double[] cumulative;
    /** True when the users are taken in rank order, each once before any again, instead of drawn. */
    private final boolean inOrder;
    private int nextInOrder;

    private UserSampler(IntFunction<String> userAtRank, int size, double zipfExponent, long seed) {
        this(userAtRank, size, zipfExponent, seed, false);
    }

    private UserSampler(IntFunction<String> userAtRank, int size, double zipfExponent, long seed, boolean inOrder) {
        if (size < 1) {
            throw new IllegalArgumentException("there are no users to draw from");
        }
        this.userAtRank = userAtRank;
        this.size = size;
        this.random = new SplittableRandom(seed);
        this.cumulative = zipfExponent == 0 ? null : cumulativeZipf(size, zipfExponent);
        this.inOrder = inOrder;
    }

    /** {@code users} in their order, each once, then from the first again: a run that asks each user only once. */
    static UserSampler inOrder(List<String> users) {
        List<String> copy = List.copyOf(users);
        return new UserSampler(copy::get, copy.size(), 0, 0, true);
    }

    /** Draws from {@code user-0} .. {@code user-(count-1)}. */
    static UserSampler numbered(int count, double zipfExponent, long seed) {
        return new UserSampler(rank -> "user-" + rank, count, zipfExponent, seed);
    }

    /** Draws from the users of {@code events}, the most active ranked first, ties in order of first appearance. */
    static UserSampler fromLog(List<InteractionEvent> events, double zipfExponent, long seed) {
        Map<String, Integer> eventsByUser = new LinkedHashMap<>();
        for (InteractionEvent e : events) {
            eventsByUser.merge(e.userId(), 1, Integer::sum);
        }
        List<String> ranked = new ArrayList<>(eventsByUser.keySet());
        ranked.sort(Comparator.comparing(eventsByUser::get, Comparator.reverseOrder())); // stable: ties keep order
        return new UserSampler(ranked::get, ranked.size(), zipfExponent, seed);
    }

    int size() {
        return size;
    }

    String next() {
        return userAtRank.apply(nextRank());
    }

    /** The user of rank {@code rank}, 0 .. size-1: every user once, whatever the draw's weights. */
    String atRank(int rank) {
        return userAtRank.apply(rank);
    }

    private int nextRank() {
        if (inOrder) {
            int rank = nextInOrder;
            nextInOrder = (nextInOrder + 1) % size;
            return rank;
        }
        if (cumulative == null) {
            return random.nextInt(size);
        }
        double target = random.nextDouble() * cumulative[size - 1];
        int at = Arrays.binarySearch(cumulative, target);
        // Not found gives -(insertion point) - 1: the first rank whose cumulative weight exceeds the target.
        return Math.min(size - 1, at >= 0 ? at + 1 : -at - 1);
    }

    private static double[] cumulativeZipf(int size, double exponent) {
        double[] cumulative = new double[size];
        double sum = 0;
        for (int rank = 0; rank < size; rank++) {
            sum += Math.pow(rank + 1, -exponent);
            cumulative[rank] = sum;
        }
        return cumulative;
    }
}
