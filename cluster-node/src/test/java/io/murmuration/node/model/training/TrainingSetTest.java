package io.murmuration.node.model.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingSetTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static TrainingSet tenDays() {
        TrainingSet set = new TrainingSet();
        set.add("alice", "kettle", "view", null, T0);
        set.add("alice", "kettle", "purchase", null, T0.plus(Duration.ofDays(1)));
        set.add("bob", "mug", "click", null, T0.plus(Duration.ofDays(5)));
        set.add("bob", "kettle", "skip", null, T0.plus(Duration.ofDays(6)));
        set.add("alice", "mug", "rating", 5.0, T0.plus(Duration.ofDays(9)));
        set.add("carol", "tea", "view", null, T0.plus(Duration.ofDays(10)));
        return set;
    }

    @Test
    void holdsOutTheMostRecentShareOfTheTimeSpan() {
        TrainingSet.Split split = tenDays().split(0.2); // cut-off at day 8

        assertEquals(T0.plus(Duration.ofDays(8)), split.cutOff());
        assertEquals(2, split.heldOut().size());
        assertEquals(List.of(new HoldoutEvaluation.Pair(0, 1), new HoldoutEvaluation.Pair(2, 2)), split.heldOut());
        assertArrayEquals(new String[] {"alice", "bob", "carol"}, split.userIds());
        assertArrayEquals(new String[] {"kettle", "mug", "tea"}, split.itemIds());
    }

    @Test
    void numbersUsersAndItemsByTheirIdsWhateverOrderTheLogWasReadIn() {
        TrainingSet readBackwards = new TrainingSet();
        readBackwards.add("carol", "tea", "view", null, T0.plus(Duration.ofDays(10)));
        readBackwards.add("alice", "mug", "rating", 5.0, T0.plus(Duration.ofDays(9)));
        readBackwards.add("bob", "kettle", "skip", null, T0.plus(Duration.ofDays(6)));
        readBackwards.add("bob", "mug", "click", null, T0.plus(Duration.ofDays(5)));
        readBackwards.add("alice", "kettle", "purchase", null, T0.plus(Duration.ofDays(1)));
        readBackwards.add("alice", "kettle", "view", null, T0);

        TrainingSet.Split forwards = tenDays().split(0.2);
        TrainingSet.Split backwards = readBackwards.split(0.2);

        assertArrayEquals(forwards.userIds(), backwards.userIds());
        assertArrayEquals(forwards.itemIds(), backwards.itemIds());
        assertEquals(forwards.heldOut().stream().sorted(PAIRS).toList(), backwards.heldOut().stream().sorted(PAIRS).toList());
        for (int user = 0; user < forwards.userIds().length; user++) {
            for (int item = 0; item < forwards.itemIds().length; item++) {
                assertEquals(forwards.training().weight(user, item), backwards.training().weight(user, item), 1e-12);
            }
        }
    }

    private static final Comparator<HoldoutEvaluation.Pair> PAIRS =
            Comparator.comparingInt(HoldoutEvaluation.Pair::user).thenComparingInt(HoldoutEvaluation.Pair::item);

    @Test
    void sumsTheWeightsOfRepeatedInteractionsAndLeavesOutSkips() {
        TrainingSet.Split split = tenDays().split(0.2);

        assertEquals(1.0 + 8.0, split.training().weight(0, 0), 1e-12); // view + purchase
        assertEquals(2.0, split.training().weight(1, 1), 1e-12);
        assertEquals(0.0, split.training().weight(1, 0), 1e-12); // bob skipped the kettle
        assertEquals(2, split.training().nonZeros());
    }

    @Test
    void holdingOutNothingTrainsOnEverything() {
        TrainingSet.Split split = tenDays().split(0);

        assertEquals(List.of(), split.heldOut());
        assertEquals(4, split.training().nonZeros());
        assertEquals(T0, split.dataFrom());
        assertEquals(T0.plus(Duration.ofDays(10)), split.dataTo());
    }

    @Test
    void anEmptyLogGivesAnEmptySplit() {
        TrainingSet.Split split = new TrainingSet().split(0.1);

        assertEquals(0, split.training().nonZeros());
        assertEquals(List.of(), split.heldOut());
    }
}
