package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

    /** A score with {@code hits} hits at rank 0 out of {@code trials}. */
    private static PrequentialScore score(int hits, int trials) {
        PrequentialScore score = new PrequentialScore(10);
        for (int n = 0; n < trials; n++) {
            score.record(List.of("hit", "other"), n < hits ? "hit" : "missed");
        }
        return score;
    }

    @Test
    void givesEachHitRateAsAMultipleOfTheBestBaselines() {
        SummaryTable table = new SummaryTable(4)
                .system("node", score(30, 100))
                .baseline("popularity", score(10, 100), 0.5, "all-time counts")
                .baseline("co-occurrence", score(20, 100), 2.0, "recent 20");

        assertEquals("co-occurrence", table.bestBaseline().name());
        String[] lines = table.format().split("\n");
        assertEquals(4, lines.length);
        assertTrue(lines[1].matches("node +0\\.3000 +0\\.3000 +0\\.5000 +1\\.50 +— +"), lines[1]);
        assertTrue(lines[2].matches("popularity +0\\.1000 .* 0\\.50 +0\\.5 +all-time counts"), lines[2]);
        assertTrue(lines[3].endsWith("1.00      2.0  recent 20 (best baseline)"), lines[3]);
    }

    @Test
    void hasNoRatioWithoutABaselineThatHit() {
        SummaryTable table = new SummaryTable(1).system("node", score(1, 2)).baseline("popularity", score(0, 2), 0, "");

        assertTrue(Double.isNaN(table.ratioToBest(table.bestBaseline())));
    }
}
