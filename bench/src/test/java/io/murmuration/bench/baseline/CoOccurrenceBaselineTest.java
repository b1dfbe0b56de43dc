package io.murmuration.bench.baseline;

import static io.murmuration.bench.baseline.Events.purchase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoOccurrenceBaselineTest {

    /** a is everyone's item; b goes with a twice and once with c, which nobody else has. */
    private static void learnHistories(CoOccurrenceBaseline baseline) {
        String[][] histories = {{"a", "b"}, {"a", "b"}, {"a", "x"}, {"a", "y"}, {"a", "z"}, {"b", "c"}};
        for (int u = 0; u < histories.length; u++) {
            for (String item : histories[u]) {
                baseline.learn(purchase("u" + u, item));
            }
        }
    }

    @Test
    void dividesSummedCountsByTheSquareRootOfTheCandidatesUsers() {
        CoOccurrenceBaseline baseline = new CoOccurrenceBaseline(20, 0.5);
        learnHistories(baseline);
        baseline.learn(purchase("me", "b"));

        assertEquals(2 / Math.sqrt(5), baseline.score("me", "a"), 1e-12); // co(b, a) = 2, a has 5 users
        assertEquals(1.0, baseline.score("me", "c"), 1e-12); // co(b, c) = 1, c has 1 user
        assertEquals(List.of("c", "a", "x", "y"), baseline.recommend("me", 4)); // x, y: popularity top-up
    }

    @Test
    void ranksByRawCountsWithExponentZero() {
        CoOccurrenceBaseline baseline = new CoOccurrenceBaseline(20, 0);
        learnHistories(baseline);
        baseline.learn(purchase("me", "b"));

        assertEquals(2.0, baseline.score("me", "a"), 1e-12);
        assertEquals(List.of("a", "c", "x", "y"), baseline.recommend("me", 4));
    }

    @Test
    void countsEveryPairOfAHistoryNotOnlyConsecutiveOnes() {
        CoOccurrenceBaseline baseline = new CoOccurrenceBaseline(20, 0.5);
        baseline.learn(purchase("u1", "a"));
        baseline.learn(purchase("u1", "b"));
        baseline.learn(purchase("u1", "c"));
        baseline.learn(purchase("u2", "c"));
        baseline.learn(purchase("me", "a"));

        assertEquals(1 / Math.sqrt(2), baseline.score("me", "c"), 1e-12); // co(a, c) = 1 though b came between
        assertEquals(List.of("b", "c"), baseline.recommend("me", 2)); // b: 1 / √1
    }

    @Test
    void sumsOverTheUsersMostRecentDistinctItemsOnlyAndARepeatAddsNoPair() {
        CoOccurrenceBaseline baseline = new CoOccurrenceBaseline(1, 0.5);
        baseline.learn(purchase("u1", "a"));
        baseline.learn(purchase("u1", "x"));
        baseline.learn(purchase("u2", "b"));
        baseline.learn(purchase("u2", "y"));
        baseline.learn(purchase("me", "a"));
        baseline.learn(purchase("me", "b"));

        assertEquals("y", baseline.recommend("me", 3).get(0)); // only b, the most recent, lends neighbours
        assertEquals(0.0, baseline.score("me", "x"), 1e-12);

        baseline.learn(purchase("me", "a")); // a again: the most recent item once more
        baseline.learn(purchase("u3", "a"));

        assertEquals("x", baseline.recommend("me", 3).get(0));
        assertEquals(1 / Math.sqrt(2), baseline.score("u3", "b"), 1e-12); // co(a, b) = 1 from me, counted once
    }

    @Test
    void recommendsPopularityToAUserWithNoHistory() {
        CoOccurrenceBaseline baseline = new CoOccurrenceBaseline(20, 0.5);
        learnHistories(baseline);

        assertEquals(List.of("a", "b", "c"), baseline.recommend("new", 3));
    }

    @Test
    void refusesParametersThatMeanNothing() {
        assertThrows(IllegalArgumentException.class, () -> new CoOccurrenceBaseline(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new CoOccurrenceBaseline(20, -1));
    }
}
