package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.bench.baseline.ReferenceBaseline;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplaySettingsTest {

    private static String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> ReplaySettings.parse(args)).getMessage();
    }

    @Test
    void defaultsToTheNodeEveryPositiveEventAndAllFourBaselines() {
        ReplaySettings s = ReplaySettings.parse("--log", "log.jsonl");

        assertEquals(Path.of("log.jsonl"), s.log());
        assertEquals(URI.create("http://127.0.0.1:8080"), s.url());
        assertEquals(1, s.concurrency());
        assertEquals(ScoringProtocol.Kind.ALL, s.score());
        assertEquals(1, s.every());
        List<ReferenceBaseline> baselines = s.newBaselines();
        assertEquals(List.of("popularity", "decayed popularity", "co-occurrence", "iALS"),
                baselines.stream().map(ReferenceBaseline::name).toList());
        assertEquals(List.of("all-time counts", "half-life 30d", "recent 20, popularity exponent 0.5",
                        "retrain every 20000, d 32, iterations 10, lambda 1.0, alpha 10.0"),
                baselines.stream().map(ReferenceBaseline::parameters).toList());
    }

    @Test
    void returningScoresEveryFifthUnlessToldOtherwise() {
        assertEquals(5, ReplaySettings.parse("--log", "l", "--score", "returning").every());
        assertEquals(2, ReplaySettings.parse("--log", "l", "--score", "returning", "--every", "2").every());
        assertEquals(3, ReplaySettings.parse("--log", "l", "--every", "3").every());
    }

    @Test
    void offlineAsksNoNode() {
        ReplaySettings s = ReplaySettings.parse("--offline", "--log", "l", "--baselines", "co-occurrence,popularity");

        assertTrue(s.offline());
        assertNull(s.url());
        assertEquals(Set.of("popularity", "co-occurrence"), s.baselines());
        assertEquals(List.of("popularity", "co-occurrence"),
                s.newBaselines().stream().map(ReferenceBaseline::name).toList()); // always in one order
    }

    @Test
    void runsOneBaselinePerCombinationOfListedValues() {
        ReplaySettings s = ReplaySettings.parse("--log", "l", "--offline", "--baselines", "co-occurrence,ials",
                "--co-recent", "10,50", "--co-exponent", "0,0.5", "--als-every", "5000", "--als-factors", "8,16",
                "--als-lambda", "10", "--als-alpha", "2.5", "--als-iterations", "4");

        assertEquals(List.of("recent 10, popularity exponent 0.0", "recent 10, popularity exponent 0.5",
                        "recent 50, popularity exponent 0.0", "recent 50, popularity exponent 0.5",
                        "retrain every 5000, d 8, iterations 4, lambda 10.0, alpha 2.5",
                        "retrain every 5000, d 16, iterations 4, lambda 10.0, alpha 2.5"),
                s.newBaselines().stream().map(ReferenceBaseline::parameters).toList());
    }

    @Test
    void readsHalfLivesShortOrIso() {
        assertEquals(List.of(Duration.ofDays(3), Duration.ofHours(12), Duration.ofDays(7), Duration.ofMinutes(90)),
                ReplaySettings.parse("--log", "l", "--half-life", "3d,12h,P7D,90m").halfLives());
        assertEquals(Duration.ofHours(36), ReplaySettings.duration("1.5d"));
    }

    @Test
    void refusesBadOptionsNamingTheFlag() {
        assertEquals("--log is required", refusal("--offline"));
        assertEquals("unknown option --logs", refusal("--logs", "l"));
        assertEquals("--every needs a value", refusal("--log", "l", "--every"));
        assertEquals("--score must be all or returning, got first", refusal("--log", "l", "--score", "first"));
        assertEquals("--every must be at least 1, got 0", refusal("--log", "l", "--every", "0"));
        assertEquals("--co-recent must be a whole number, got ten", refusal("--log", "l", "--co-recent", "ten"));
        assertEquals("--co-exponent must not be negative, got -1", refusal("--log", "l", "--co-exponent", "-1"));
        assertEquals("--als-lambda must be positive, got 0", refusal("--log", "l", "--als-lambda", "0"));
        assertEquals("--half-life must be positive, got 0d", refusal("--log", "l", "--half-life", "0d"));
        assertEquals("--half-life must be a duration such as 30d, 12h or P7D, got soon",
                refusal("--log", "l", "--half-life", "soon"));
        assertEquals("--baselines: unknown baseline knn, expected some of "
                + "popularity,decayed-popularity,co-occurrence,ials", refusal("--log", "l", "--baselines", "knn"));
        assertEquals("--concurrency means nothing with --offline (no node is asked)",
                refusal("--log", "l", "--offline", "--concurrency", "4"));
    }
}
