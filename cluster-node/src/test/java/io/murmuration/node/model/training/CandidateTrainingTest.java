package io.murmuration.node.model.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.node.interaction.InteractionRecorded;
import io.murmuration.node.model.training.CandidateTraining.Candidate;
import io.murmuration.node.model.training.CandidateTraining.Incumbent;
import io.murmuration.node.model.versions.ModelStore.StoredFactors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CandidateTrainingTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static TrainerSettings settings(int metricsK) {
        return new TrainerSettings(4, 8, 0.1, 10.0, 42L, 1, 0.2, metricsK, true, 20000, Duration.ofDays(7), 100,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    private static TrainingSet plantedLog() {
        TrainingSet log = new TrainingSet();
        for (InteractionRecorded e : PlantedTasteLog.over(T0, Duration.ofDays(10), 11L)) {
            log.add(e.userId(), e.itemId(), e.type(), e.value(), e.timestamp());
        }
        return log;
    }

    @Test
    void findsThePlantedTastesBetterThanPopularityOnTheHeldOutSlice() throws Exception {
        Candidate candidate = CandidateTraining.train(plantedLog(), settings(10), Optional.empty());

        assertTrue(candidate.metrics().get("hr@10") > candidate.metrics().get("popularity.hr@10") + 0.1,
                () -> candidate.metrics().toString());
        assertEquals(List.of("hr@10", "ndcg@10", "popularity.hr@10", "popularity.ndcg@10"),
                List.copyOf(candidate.metrics().keySet()));
    }

    @Test
    void servesFactorsTrainedOnTheWholeLogForEveryItem() throws Exception {
        TrainingSet log = plantedLog();
        TrainingSet.Split whole = log.split(0);

        Candidate candidate = CandidateTraining.train(log, settings(10), Optional.empty());

        assertArrayEquals(whole.itemIds(), candidate.itemIds());
        assertEquals(whole.itemIds().length * 4, candidate.itemFactors().length);
        assertEquals(whole.dataTo(), candidate.dataTo());
        assertTrue(candidate.cutOff().isBefore(candidate.dataTo()));
        assertEquals(PlantedTasteLog.SIZE, candidate.interactions());
    }

    @Test
    void scoresTheIncumbentOnTheSameSliceAndAlwaysMeasuresTheHitRateAtTen() throws Exception {
        TrainingSet log = plantedLog();
        Candidate earlier = CandidateTraining.train(log, settings(10), Optional.empty());
        Incumbent incumbent = new Incumbent("v1",
                new StoredFactors("v1", earlier.itemIds(), earlier.itemFactors(), earlier.dimension()), 0.1, 10.0,
                earlier.cutOff().minusSeconds(1));

        Candidate candidate = CandidateTraining.train(log, settings(5), Optional.of(incumbent));

        assertEquals(List.of("hr@5", "ndcg@5", "popularity.hr@5", "popularity.ndcg@5", "active.hr@5", "active.ndcg@5",
                "hr@10", "ndcg@10", "popularity.hr@10", "popularity.ndcg@10", "active.hr@10", "active.ndcg@10"),
                List.copyOf(candidate.metrics().keySet()));
        assertTrue(candidate.metrics().get("active.hr@10") > candidate.metrics().get("popularity.hr@10"),
                () -> candidate.metrics().toString());
    }

    @Test
    void movesTheSliceAfterTheActiveVersionsDataSoNeitherModelHasSeenIt() throws Exception {
        TrainingSet log = plantedLog();
        Candidate earlier = CandidateTraining.train(log, settings(10), Optional.empty());
        java.time.Instant activeDataEnd = earlier.cutOff().plus(java.time.Duration.between(earlier.cutOff(), earlier.dataTo()).dividedBy(2));
        Incumbent incumbent = new Incumbent("v1",
                new StoredFactors("v1", earlier.itemIds(), earlier.itemFactors(), earlier.dimension()), 0.1, 10.0,
                activeDataEnd);

        Candidate candidate = CandidateTraining.train(log, settings(10), Optional.of(incumbent));

        assertEquals(activeDataEnd.plusMillis(1), candidate.cutOff());
        assertTrue(candidate.metrics().containsKey("active.hr@10"), () -> candidate.metrics().toString());
    }
}
