package io.murmuration.bench.baseline;

import static io.murmuration.bench.baseline.Events.purchase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.node.model.training.AlsParameters;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImplicitAlsBaselineTest {

    private static final AlsParameters SMALL = new AlsParameters(2, 10, 0.1, 10, 42, 1);

    /** Two groups of four users: one has a, b and c, the other x, y and z; 24 positive events. */
    private static void learnTwoGroups(ImplicitAlsBaseline baseline) {
        for (int u = 0; u < 4; u++) {
            for (String item : List.of("a", "b", "c")) {
                baseline.learn(purchase("g" + u, item));
            }
            for (String item : List.of("x", "y", "z")) {
                baseline.learn(purchase("h" + u, item));
            }
        }
    }

    @Test
    void ranksTheItemsOfTheUsersGroupFirstOnceTrained() {
        ImplicitAlsBaseline baseline = new ImplicitAlsBaseline(SMALL, 24);
        learnTwoGroups(baseline);
        baseline.learn(purchase("me", "a")); // folded in against the factors trained on the 24 events

        assertEquals(1, baseline.trainings());
        List<String> all = baseline.recommend("me", 10);
        assertEquals(5, all.size()); // every item but a
        assertEquals(Set.of("b", "c"), Set.copyOf(all.subList(0, 2)));
        double b = baseline.score("me", "b");
        double x = baseline.score("me", "x");
        assertTrue(b > 0.5 && Math.abs(x) < 0.1, "b " + b + ", x " + x);
    }

    @Test
    void recommendsPopularityUntilTheFirstTraining() {
        ImplicitAlsBaseline baseline = new ImplicitAlsBaseline(SMALL, 26);
        learnTwoGroups(baseline);
        baseline.learn(purchase("h0", "a"));

        assertEquals(0, baseline.trainings());
        assertEquals(List.of("a", "b", "c"), baseline.recommend("me", 3));
        assertEquals(List.of("b", "c"), baseline.recommend("h0", 2));
    }

    @Test
    void retrainsEveryGivenNumberOfPositiveEventsAndRefoldsUsersAgainstTheNewFactors() {
        ImplicitAlsBaseline baseline = new ImplicitAlsBaseline(SMALL, 12);
        learnTwoGroups(baseline);

        assertEquals(2, baseline.trainings());
        baseline.learn(purchase("me", "x"));
        assertEquals(Set.of("y", "z"), Set.copyOf(baseline.recommend("me", 2)));
    }

    @Test
    void refusesToRetrainNever() {
        assertThrows(IllegalArgumentException.class, () -> new ImplicitAlsBaseline(SMALL, 0));
    }
}
