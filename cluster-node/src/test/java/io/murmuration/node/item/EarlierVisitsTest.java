package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.murmuration.node.interaction.EarlierItem;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlierVisitsTest {

    @Test
    void givesEachUsersDistinctPositiveVisitsLatestFirstWithinTheWindow() {
        EarlierVisits log = new EarlierVisits(2);

        assertEquals(List.of(), log.before("u1", "a", 1));
        assertEquals(List.of(new EarlierItem("a", 1)), log.before("u1", "b", 8));
        assertEquals(List.of(), log.before("u2", "a", 1), "another user's history is apart");
        log.before("u1", "x", 0); // a skip is not a visit to pair with
        assertEquals(List.of(new EarlierItem("b", 8), new EarlierItem("a", 1)), log.before("u1", "a", 2));
        assertEquals(List.of(new EarlierItem("a", 2), new EarlierItem("b", 8)), log.before("u1", "c", 1),
                "a again moves to the front with its latest weight, and the window holds two");
        assertEquals(List.of(new EarlierItem("c", 1), new EarlierItem("a", 2)), log.before("u1", "d", 1));
    }
}
