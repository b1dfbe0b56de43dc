package io.murmuration.node.model.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainingRunTest {

    @Test
    void versionIdsSortByDataEndAndNeverRepeat() {
        Instant dataEnd = Instant.parse("2026-11-22T15:30:12.345Z");
        Set<String> taken = new HashSet<>();
        for (int n = 0; n < 1000; n++) {
            assertTrue(taken.add(TrainingRun.newVersionId(dataEnd, Set.copyOf(taken))));
        }

        String earlier = TrainingRun.newVersionId(dataEnd, Set.of());
        String later = TrainingRun.newVersionId(dataEnd.plusSeconds(1), Set.of());

        assertTrue(earlier.matches("v20261122T153012Z-[0-9a-f]{4}"), earlier);
        assertTrue(earlier.compareTo(later) < 0);
    }
}
