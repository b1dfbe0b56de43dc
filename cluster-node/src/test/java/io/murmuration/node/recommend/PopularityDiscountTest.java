package io.murmuration.node.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.recommend.CandidateBlend.Neighbourhood;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PopularityDiscountTest {

    private static final List<Neighbourhood> KETTLE = List.of(new Neighbourhood("kettle",
            List.of(new ScoredItem("milk", 8.0), new ScoredItem("descaler", 2.0), new ScoredItem("unknown", 1.0))));
    private static final Map<String, Double> POPULARITY = Map.of("milk", 64.0, "descaler", 4.0);

    @Test
    void dividesEachNeighbourByItsPopularityToThePower() {
        List<Neighbourhood> discounted = PopularityDiscount.apply(KETTLE, item -> POPULARITY.getOrDefault(item, 0.0), 0.5);

        // milk: 8/√64 = 1, descaler: 2/√4 = 1; the neighbour nobody reported keeps its raw score
        assertEquals(List.of(new ScoredItem("milk", 1.0), new ScoredItem("descaler", 1.0), new ScoredItem("unknown", 1.0)),
                discounted.get(0).neighbours());
        assertEquals("kettle", discounted.get(0).sourceItem());
    }

    @Test
    void anExponentOfZeroLeavesTheScoresAlone() {
        assertSame(KETTLE, PopularityDiscount.apply(KETTLE, item -> 100.0, 0));
    }
}
