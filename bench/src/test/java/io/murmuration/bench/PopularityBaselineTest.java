package io.murmuration.bench;

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
}
