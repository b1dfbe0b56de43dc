package io.murmuration.node.model.training;

import io.murmuration.node.item.InteractionWeights;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an interaction log into what training needs: dense user and item numbering, the weighted
 * interaction matrix of everything before a cut-off instant, and the positive interactions from the
 * cut-off on as the held-out slice. The cut-off is event time, so replaying a log reproduces the split. Users
 * and items are numbered in the order of their ids, not in the order the log was read: the journal's tag query
 * delivers a log in the order its writes landed, and training (whose random start is drawn item by item) must
 * give the same model from the same interactions. Interactions with no positive weight (skips) count for
 * neither. Not thread-safe: fill, then build.
 */
public final class TrainingSet {

    private record Interaction(int user, int item, double weight, Instant at) {}

    private final Map<String, Integer> userIndex = new HashMap<>();
    private final Map<String, Integer> itemIndex = new HashMap<>();
    private final List<String> userIds = new ArrayList<>();
    private final List<String> itemIds = new ArrayList<>();
    private final List<Interaction> interactions = new ArrayList<>();
    private Instant earliest;
    private Instant latest;

    /** Training input and held-out slice, numbered alike; {@code userIds[i]} is user i of the matrix. */
    public record Split(
            InteractionMatrix training,
            List<HoldoutEvaluation.Pair> heldOut,
            String[] userIds,
            String[] itemIds,
            Instant dataFrom,
            Instant cutOff,
            Instant dataTo) {}

    public void add(String userId, String itemId, String type, Double value, Instant at) {
        double weight = InteractionWeights.of(type, value);
        if (weight <= 0) {
            return;
        }
        int user = userIndex.computeIfAbsent(userId, id -> { userIds.add(id); return userIds.size() - 1; });
        int item = itemIndex.computeIfAbsent(itemId, id -> { itemIds.add(id); return itemIds.size() - 1; });
        interactions.add(new Interaction(user, item, weight, at));
        earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
        latest = latest == null || at.isAfter(latest) ? at : latest;
    }

    public int size() {
        return interactions.size();
    }

    /**
     * The split with the most recent {@code heldOutShare} of the log's time span held out (0 holds out
     * nothing). Held-out interactions of items or users seen only after the cut-off stay in the slice: a
     * model cannot rank them, which is the honest cost of a new item.
     */
    public Split split(double heldOutShare) {
        if (!(heldOutShare >= 0 && heldOutShare < 1)) {
            throw new IllegalArgumentException("heldOutShare must be in [0, 1), was " + heldOutShare);
        }
        if (interactions.isEmpty()) {
            return new Split(InteractionMatrix.builder(0, 0).build(), List.of(), new String[0], new String[0], null, null, null);
        }
        long spanMillis = latest.toEpochMilli() - earliest.toEpochMilli();
        Instant cutOff = heldOutShare == 0
                ? latest.plusMillis(1)
                : latest.minusMillis(Math.round(spanMillis * heldOutShare));
        return splitAt(cutOff);
    }

    /** The split with every interaction from {@code cutOff} on held out. */
    public Split splitAt(Instant cutOff) {
        if (interactions.isEmpty()) {
            return new Split(InteractionMatrix.builder(0, 0).build(), List.of(), new String[0], new String[0], null, null, null);
        }
        String[] users = userIds.toArray(String[]::new);
        String[] items = itemIds.toArray(String[]::new);
        int[] userNumber = numberedById(users);
        int[] itemNumber = numberedById(items);
        InteractionMatrix.Builder builder = InteractionMatrix.builder(users.length, items.length);
        List<HoldoutEvaluation.Pair> heldOut = new ArrayList<>();
        for (Interaction i : interactions) {
            int user = userNumber[i.user()];
            int item = itemNumber[i.item()];
            if (i.at().isBefore(cutOff)) {
                builder.add(user, item, i.weight());
            } else {
                heldOut.add(new HoldoutEvaluation.Pair(user, item));
            }
        }
        return new Split(builder.build(), heldOut, users, items, earliest, cutOff, latest);
    }

    /** Sorts {@code ids} in place and returns, for each id's first-seen number, its number in that order. */
    private static int[] numberedById(String[] ids) {
        Integer[] order = new Integer[ids.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        String[] seen = ids.clone();
        Arrays.sort(order, Comparator.comparing(i -> seen[i]));
        int[] number = new int[ids.length];
        for (int rank = 0; rank < order.length; rank++) {
            number[order[rank]] = rank;
            ids[rank] = seen[order[rank]];
        }
        return number;
    }
}
