package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaximalMarginalRelevanceTest {

    // Two near-duplicates (a1, a2) and one item pointing elsewhere (b).
    private static final Map<String, float[]> VECTORS =
            Map.of("a1", new float[] {1, 0}, "a2", new float[] {0.99f, 0.1f}, "b", new float[] {0, 1});
    private static final List<ScoredItem> CANDIDATES =
            List.of(new ScoredItem("a1", 1.0), new ScoredItem("a2", 0.95), new ScoredItem("b", 0.8));

    private static List<String> ids(List<ScoredItem> items) {
        return items.stream().map(ScoredItem::itemId).toList();
    }

    @Test
    void withoutDiversityKeepsTheOrderByScore() {
        assertEquals(List.of("a1", "a2"), ids(MaximalMarginalRelevance.rerank(CANDIDATES, VECTORS::get, 0.0, 2)));
    }

    @Test
    void withDiversityPrefersAnItemUnlikeTheOnesAlreadyPicked() {
        assertEquals(List.of("a1", "b"), ids(MaximalMarginalRelevance.rerank(CANDIDATES, VECTORS::get, 0.5, 2)));
    }

    @Test
    void keepsTheMostRelevantItemFirstAndReturnsEveryCandidateOnce() {
        List<ScoredItem> all = MaximalMarginalRelevance.rerank(CANDIDATES, VECTORS::get, 0.9, 10);

        assertEquals(List.of("a1", "b", "a2"), ids(all));
    }

    @Test
    void treatsItemsWithoutAVectorAsUnlikeTheOthers() {
        List<ScoredItem> candidates = List.of(new ScoredItem("a1", 1.0), new ScoredItem("a2", 0.9), new ScoredItem("unknown", 0.5));

        assertEquals(List.of("a1", "unknown"), ids(MaximalMarginalRelevance.rerank(candidates, VECTORS::get, 0.6, 2)));
    }

    @Test
    void refusesADiversityOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> MaximalMarginalRelevance.rerank(CANDIDATES, VECTORS::get, 1.5, 2));
    }
}
