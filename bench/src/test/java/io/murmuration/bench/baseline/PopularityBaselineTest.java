package io.murmuration.bench.baseline;

import static io.murmuration.bench.baseline.Events.purchase;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PopularityBaselineTest {

    @Test
    void recommendsTheMostInteractedItemsSoFarLeavingOutTheUsersOwn() {
        PopularityBaseline baseline = new PopularityBaseline();
        baseline.observe("u1", "a");
        baseline.observe("u2", "a");
        baseline.observe("u2", "b");
        baseline.observe("u3", "c");
        baseline.observe("u3", "b");
        baseline.observe("u4", "b");

        assertEquals(List.of("b", "a", "c"), baseline.recommend("new-user", 5));
        assertEquals(List.of("a", "c"), baseline.recommend("u4", 5));
        assertEquals(List.of("b"), baseline.recommend("new-user", 1));
    }

    @Test
    void topsUpAListWithPopularItemsItLacksAndTheUserHasNotHad() {
        PopularityBaseline baseline = new PopularityBaseline();
        List<String> items = List.of("a", "a", "a", "b", "b", "c", "d");
        for (int n = 0; n < items.size(); n++) {
            baseline.learn(purchase("u" + n, items.get(n)));
        }
        baseline.learn(purchase("me", "b")); // a and b have 3 each: a first by id

        assertEquals(List.of("d", "a", "c"), baseline.topUp("me", List.of("d"), 3));
        assertEquals(List.of("x", "y"), baseline.topUp("me", List.of("x", "y"), 2));
    }
}
