package io.murmuration.bench.baseline;

import io.murmuration.protocol.InteractionEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Item-to-item co-occurrence over whole user histories, the simple reference of the real logs. co(x, y) is the number
 * of users who interacted with both x and y: when a user first consumes y, every item x already in their history
 * gets co(x, y) += 1 and co(y, x) += 1 (all pairs, not only consecutive ones; no decay; a repeat adds no pair). A user
 * is recommended the items y they have not had, by Σ co(x, y) over their {@code recentItems} most recent distinct
 * items x, divided by users(y)^{@code popularityExponent} (0.5: √popularity, cosine-like; 0: raw counts), ties by
 * item id. A list with fewer than k candidates is topped up by all-time popularity.
 */
public final class CoOccurrenceBaseline implements ReferenceBaseline {

    private static final Comparator<Candidate> WORST_FIRST =
            Comparator.comparingDouble(Candidate::score).thenComparing(Candidate::itemId, Comparator.reverseOrder());

    private record Candidate(String itemId, double score) {}

    private final int recentItems;
    private final double popularityExponent;
    private final PopularityBaseline popular = new PopularityBaseline();
    private final Map<String, Integer> numbers = new HashMap<>();
    private final List<String> itemIds = new ArrayList<>();
    private final List<CountsByItem> rows = new ArrayList<>();
    private int[] usersOf = new int[1024];
    /** Each user's distinct items, least recently consumed first. */
    private final Map<String, LinkedHashSet<Integer>> historyByUser = new HashMap<>();
    private double[] sums = new double[1024];
    private int[] touched = new int[1024];

    /**
     * @param recentItems        how many of the user's most recent distinct items lend their co-occurrences; positive
     * @param popularityExponent a candidate's summed counts are divided by its number of users to this power; ≥ 0
     */
    public CoOccurrenceBaseline(int recentItems, double popularityExponent) {
        if (recentItems <= 0) {
            throw new IllegalArgumentException("recentItems must be positive, was " + recentItems);
        }
        if (!(popularityExponent >= 0) || Double.isInfinite(popularityExponent)) {
            throw new IllegalArgumentException("popularityExponent must be finite and not negative, was "
                    + popularityExponent);
        }
        this.recentItems = recentItems;
        this.popularityExponent = popularityExponent;
    }

    @Override
    public String name() {
        return "co-occurrence";
    }

    @Override
    public String parameters() {
        return "recent " + recentItems + ", popularity exponent " + popularityExponent;
    }

    @Override
    public List<String> recommend(String userId, int k) {
        LinkedHashSet<Integer> history = historyByUser.get(userId);
        if (history == null) {
            return popular.recommend(userId, k);
        }
        int count = accumulate(history);
        PriorityQueue<Candidate> best = new PriorityQueue<>(k + 1, WORST_FIRST);
        for (int n = 0; n < count; n++) {
            int y = touched[n];
            double sum = sums[y];
            sums[y] = 0;
            if (history.contains(y)) {
                continue;
            }
            best.add(new Candidate(itemIds.get(y), sum / Math.pow(usersOf[y], popularityExponent)));
            if (best.size() > k) {
                best.poll();
            }
        }
        List<Candidate> ranked = new ArrayList<>(best);
        ranked.sort(WORST_FIRST.reversed());
        return popular.topUp(userId, ranked.stream().map(Candidate::itemId).toList(), k);
    }

    /** The score {@code itemId} gets for {@code userId} now (0 when it has none), as {@link #recommend} ranks it. */
    double score(String userId, String itemId) {
        LinkedHashSet<Integer> history = historyByUser.get(userId);
        Integer y = numbers.get(itemId);
        if (history == null || y == null) {
            return 0;
        }
        int count = accumulate(history);
        double sum = sums[y];
        for (int n = 0; n < count; n++) {
            sums[touched[n]] = 0;
        }
        return sum / Math.pow(usersOf[y], popularityExponent);
    }

    /** Fills {@code sums} with Σ co(x, ·) over the recent items and {@code touched} with the items it reached. */
    private int accumulate(LinkedHashSet<Integer> history) {
        int[] recent = history.stream().mapToInt(Integer::intValue).toArray();
        int[] count = {0};
        for (int n = Math.max(0, recent.length - recentItems); n < recent.length; n++) {
            rows.get(recent[n]).forEach((y, co) -> {
                if (sums[y] == 0) {
                    touched[count[0]++] = y;
                }
                sums[y] += co;
            });
        }
        return count[0];
    }

    @Override
    public void learn(InteractionEvent event) {
        popular.learn(event);
        int y = number(event.itemId());
        LinkedHashSet<Integer> history = historyByUser.computeIfAbsent(event.userId(), u -> new LinkedHashSet<>());
        if (history.remove(y)) {
            history.add(y); // a repeat is recent again, but the user's pairs with it are counted already
            return;
        }
        CountsByItem row = rows.get(y);
        for (int x : history) {
            rows.get(x).add(y, 1);
            row.add(x, 1);
        }
        usersOf[y]++;
        history.add(y);
    }

    private int number(String itemId) {
        Integer known = numbers.get(itemId);
        if (known != null) {
            return known;
        }
        int n = itemIds.size();
        numbers.put(itemId, n);
        itemIds.add(itemId);
        rows.add(new CountsByItem());
        if (n == usersOf.length) {
            usersOf = Arrays.copyOf(usersOf, 2 * n);
            sums = Arrays.copyOf(sums, 2 * n);
            touched = Arrays.copyOf(touched, 2 * n);
        }
        return n;
    }
}
