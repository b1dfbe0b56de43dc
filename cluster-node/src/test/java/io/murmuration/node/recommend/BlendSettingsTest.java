package io.murmuration.node.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.Settings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the node reads which blend weights compete (murmuration.recommendations.blend). */
class BlendSettingsTest {

    private static RecommendationSettings read(String overrides) {
        Config config = ConfigFactory.parseString(overrides + """

                murmuration.admin.tokens = [{ name = "unused", role = viewer, sha256 = "%s" }]
                """.formatted("0".repeat(64)))
                .withFallback(ConfigFactory.load())
                .resolve();
        return Settings.from(config).recommendations();
    }

    @Test
    void byDefaultTheListsAreRankedByALearnedRankingPerTrendContextStartingFromTheWeights() {
        RecommendationSettings settings = read("");

        assertEquals(new RecommendationSettings.Learning(0.2, 50, 32, 0.02), settings.learned());
        assertEquals(List.of(settings.weights()), settings.blendSets(), "no weight sets compete");
        LearnedRanking ranking = settings.newLearnedRanking();
        assertEquals(settings.trendContexts().count(), ranking.contexts());
        double[] start = ranking.weightsIn(0);
        assertEquals(settings.weights().coOccurrence(), start[LearnedRanking.FEATURES.indexOf("co_occurrence")]);
        assertEquals(settings.weights().popularity(), start[LearnedRanking.FEATURES.indexOf("popularity")]);
    }

    @Test
    void theLeaderChoosesBetweenTheDefaultsAndTheGridTheDefaultsFirstAndEachSetOnce() {
        RecommendationSettings settings = read("murmuration.recommendations.blend.choice = leader");

        List<CandidateBlend.Weights> sets = settings.blendSets();
        assertEquals(settings.weights(), sets.get(0));
        // The defaults (personal 0.15, outside the grid) and the 3 × 3 pairs.
        assertEquals(10, sets.size());
        assertEquals(10, sets.stream().distinct().count());
        assertTrue(sets.contains(new CandidateBlend.Weights(0, 1, 1)));
        assertTrue(sets.stream().allMatch(w -> w.coOccurrence() == settings.weights().coOccurrence()));
        assertEquals(2000, settings.blendHalfLife());
        assertEquals(10, settings.blendCompareEvery());
        assertTrue(settings.newBlendLeader().choosing());
        assertEquals(null, settings.learned());
        assertEquals(null, settings.newLearnedRanking());
    }

    @Test
    void aFixedBlendHasOnlyTheDefaults() {
        RecommendationSettings settings = read("murmuration.recommendations.blend.choice = fixed");

        assertEquals(List.of(settings.weights()), settings.blendSets());
        assertEquals(false, settings.newBlendLeader().choosing());
    }

    @Test
    void refusesAnUnknownChoiceAndAGridWithANegativeWeightNamingTheKey() {
        ConfigException choice = assertThrows(ConfigException.BadValue.class,
                () -> read("murmuration.recommendations.blend.choice = best"));
        assertTrue(choice.getMessage().contains("murmuration.recommendations.blend.choice"), choice.getMessage());

        ConfigException never = assertThrows(ConfigException.class,
                () -> read("murmuration.recommendations.blend.compare-every = 0"));
        assertTrue(never.getMessage().contains("murmuration.recommendations.blend.compare-every"), never.getMessage());

        for (String rate : List.of("0", "-0.5", "Infinity")) {
            ConfigException learning = assertThrows(ConfigException.BadValue.class,
                    () -> read("murmuration.recommendations.blend.learning-rate = " + rate));
            assertTrue(learning.getMessage().contains("murmuration.recommendations.blend.learning-rate"), learning.getMessage());
        }
        ConfigException kept = assertThrows(ConfigException.BadValue.class,
                () -> read("murmuration.recommendations.blend.learned-candidates = 0"));
        assertTrue(kept.getMessage().contains("murmuration.recommendations.blend.learned-candidates"), kept.getMessage());

        ConfigException grid = assertThrows(ConfigException.BadValue.class,
                () -> read("murmuration.recommendations.blend.choice = leader\n"
                        + "murmuration.recommendations.blend.personal = [0, -1]"));
        assertTrue(grid.getMessage().contains("murmuration.recommendations.blend"), grid.getMessage());
    }
}
