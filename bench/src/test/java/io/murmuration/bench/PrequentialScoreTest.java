package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrequentialScoreTest {

    @Test
    void countsAHitAndCreditsItByRank() {
        PrequentialScore score = new PrequentialScore(10);

        score.record(List.of("a", "b", "c"), "a"); // rank 0: gain 1
        score.record(List.of("a", "b", "c"), "c"); // rank 2: gain 1/log2(4) = 0.5
        score.record(List.of("a", "b", "c"), "z"); // miss

        assertEquals(2, score.hits());
        assertEquals(2.0 / 3, score.hitRate(), 1e-12);
        assertEquals(1.5 / 3, score.ndcg(), 1e-12);
        assertEquals(3.0 / 6, score.coverage(6), 1e-12);
    }

    @Test
    void onlyTheFirstKItemsOfAListCount() {
        PrequentialScore score = new PrequentialScore(2);

        score.record(List.of("a", "b", "c"), "c");

        assertEquals(0.0, score.hitRate());
        assertEquals(2.0 / 3, score.coverage(3), 1e-12);
    }
}
