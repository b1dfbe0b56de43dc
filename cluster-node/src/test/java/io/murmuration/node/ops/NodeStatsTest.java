package io.murmuration.node.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.murmuration.node.recommend.BlendLeader;
import io.murmuration.node.recommend.CandidateBlend;
import io.murmuration.node.recommend.LearnedRanking;
import io.murmuration.node.user.UserEntity.RankedCandidates;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The stats recorder: what the stats endpoint reports and what the Prometheus meters count, on a fake clock. */
class NodeStatsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NodeStats stats = new NodeStats(
            new SlidingWindow(NodeStats.COUNTERS, Duration.ofSeconds(60), 12, nanos::get), nanos::get, registry,
            Duration.ofSeconds(60));

    @Test
    void reportsIngestRatesByOutcome() {
        for (int i = 0; i < 30; i++) stats.ingested("done", false);
        for (int i = 0; i < 6; i++) stats.ingested("done", true);
        assertEquals("letter", stats.deadLettered("letter"), "passes the result on");

        advance(Duration.ofSeconds(3));
        NodeStats.Figures f = stats.figures();

        assertEquals(10.0, f.ingest().persistedPerSecond(), 1e-9);
        assertEquals(2.0, f.ingest().duplicatesPerSecond(), 1e-9);
        assertEquals(1.0 / 3, f.ingest().deadLetteredPerSecond(), 1e-9);
        assertEquals(30, registry.get("murmuration.ingest.events").tag("outcome", "persisted").counter().count());
        assertEquals(6, registry.get("murmuration.ingest.events").tag("outcome", "duplicate").counter().count());
        assertEquals(1, registry.get("murmuration.ingest.events").tag("outcome", "dead_lettered").counter().count());
    }

    @Test
    void chartsWhichBlendSetLeadsTheWholeStreamAndWhichServesEachContext() {
        CandidateBlend.Weights defaults = new CandidateBlend.Weights(0.15, 1, 0.1);
        CandidateBlend.Weights popular = new CandidateBlend.Weights(0, 1, 1);
        BlendLeader leader = new BlendLeader(List.of(defaults, popular), 1e9, 1, 2, 1);
        stats.followBlend(leader);
        for (int i = 0; i < 50; i++) leader.credit(0, 1L); // context 0: the defaults
        for (int i = 0; i < 20; i++) leader.credit(1, 2L); // context 1: the popular set, clearly
        leader.serve(1);

        assertEquals(1, registry.get("murmuration.blend.leading").tag("popularity", "0.1").gauge().value());
        assertEquals(0, registry.get("murmuration.blend.leading").tag("popularity", "1.0").gauge().value());
        assertEquals(1, registry.get("murmuration.blend.context.serving").tag("context", "0").tag("popularity", "0.1")
                .gauge().value());
        assertEquals(1, registry.get("murmuration.blend.context.serving").tag("context", "1").tag("popularity", "1.0")
                .gauge().value());
        assertEquals(0, registry.get("murmuration.blend.context.serving").tag("context", "1").tag("popularity", "0.1")
                .gauge().value());
        assertEquals(1, registry.get("murmuration.blend.lists").tag("popularity", "1.0").functionCounter().count());
        assertEquals(70, registry.get("murmuration.blend.credited").functionCounter().count());
    }

    @Test
    void chartsTheLearnedRankingsWeightsPerContextAndItsSteps() {
        LearnedRanking ranking = new LearnedRanking(2, 0.2, 50, new CandidateBlend.Weights(0.15, 1, 0.1));
        stats.followRanking(ranking);
        float[] inContext1 = ranking.userFeatures(1, 0);
        float[] features = new float[2 * LearnedRanking.ITEM_FEATURES];
        int popularity = LearnedRanking.FEATURES.indexOf("popularity");
        features[popularity] = 1; // the first candidate was the popular one, the second nothing
        ranking.learn(new RankedCandidates(List.of("hot", "other"), features, inContext1), 0);
        ranking.learn(new RankedCandidates(List.of("hot"), new float[3], inContext1), 0);

        assertEquals(0.1, registry.get("murmuration.ranking.weight").tag("feature", "popularity").tag("context", "0")
                .gauge().value(), 1e-12, "context 0 learned nothing");
        assertTrue(registry.get("murmuration.ranking.weight").tag("feature", "popularity").tag("context", "1")
                .gauge().value() > 0.1, "context 1 learned that the popular one is taken");
        assertEquals(1, registry.get("murmuration.ranking.steps").functionCounter().count());
        assertEquals(1, registry.get("murmuration.ranking.skipped").functionCounter().count());
    }

    @Test
    void timesARecommendationFromTheCallToItsAnswer() {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        var timed = stats.timeRecommendation(() -> answer, fallback -> fallback, fallback -> false);

        advance(Duration.ofMillis(40));
        answer.complete(true);
        NodeStats.Timed<Boolean> reply = timed.toCompletableFuture().join();
        advance(Duration.ofSeconds(1));
        NodeStats.Figures f = stats.figures();

        assertEquals(1, f.recommendations().count());
        assertEquals(40.0, f.recommendations().p50Millis(), 0.4);
        assertEquals(1.0, f.recommendations().fallbackRate(), 1e-9);
        assertEquals(1, registry.get("murmuration.recommendations").tag("fallback", "true").counter().count());
        assertEquals(40.0, registry.get("murmuration.recommendation.latency").timer().totalTime(TimeUnit.MILLISECONDS), 1e-6);
        assertEquals(true, reply.reply());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(40), reply.nanos(), "the time recorded is the time handed back");
    }

    @Test
    void countsTheAnswersThatLackedAPart() {
        for (boolean partial : new boolean[] {true, false, true}) {
            stats.timeRecommendation(() -> CompletableFuture.completedFuture(partial), reply -> false, reply -> reply)
                    .toCompletableFuture().join();
        }

        assertEquals(2, registry.get("murmuration.recommendations.partial").counter().count());
        assertEquals(3, registry.get("murmuration.recommendations").tag("fallback", "false").counter().count());
    }

    @Test
    void reportsTheFallbackShareAndLatencyPercentiles() {
        for (int i = 1; i <= 100; i++) stats.recordRecommendation(TimeUnit.MILLISECONDS.toNanos(i), i % 4 == 0);

        advance(Duration.ofSeconds(10));
        NodeStats.Figures f = stats.figures();

        assertEquals(10.0, f.recommendations().perSecond(), 1e-9);
        assertEquals(0.25, f.recommendations().fallbackRate(), 1e-9);
        assertEquals(50.0, f.recommendations().p50Millis(), 0.5);
        assertEquals(99.0, f.recommendations().p99Millis(), 1.0);
    }

    @Test
    void hasNoFallbackRateOrPercentilesWithoutRequests() {
        advance(Duration.ofSeconds(1));
        NodeStats.Figures f = stats.figures();

        assertEquals(0, f.recommendations().count());
        assertNull(f.recommendations().p50Millis());
        assertNull(f.recommendations().fallbackRate());
    }

    @Test
    void reportsNoHitRateUntilAConsumptionIsRecorded() {
        advance(Duration.ofSeconds(1));
        assertNull(stats.figures().consumptions().hitRate());
        assertTrue(Double.isNaN(registry.get("murmuration.online.hit.rate").gauge().value()));

        stats.recordConsumption(true);
        stats.recordConsumption(false);
        stats.recordConsumption(false);
        stats.recordConsumption(true);
        NodeStats.Figures f = stats.figures();

        assertEquals(4, f.consumptions().consumptions());
        assertEquals(2, f.consumptions().hits());
        assertEquals(0.5, f.consumptions().hitRate(), 1e-9);
        assertEquals(0.5, registry.get("murmuration.online.hit.rate").gauge().value(), 1e-9);
        assertEquals(2, registry.get("murmuration.consumptions").tag("hit", "false").counter().count());
    }

    @Test
    void forgetsConsumptionsOlderThanTheWindow() {
        stats.recordConsumption(true);

        advance(Duration.ofSeconds(70));

        assertNull(stats.figures().consumptions().hitRate());
        assertEquals(1, registry.get("murmuration.consumptions").tag("hit", "true").counter().count(), "counters never forget");
    }

    @Test
    void reportsTheMeanSurpriseOfTheWindowOnceOneIsMeasured() {
        advance(Duration.ofSeconds(1));
        assertNull(stats.figures().surprise().meanSurprise());
        assertTrue(Double.isNaN(registry.get("murmuration.online.mean.surprise").gauge().value()));

        stats.recordSurprise(0.1);
        stats.recordSurprise(0.25);
        stats.recordSurprise(0.7);
        stats.recordSurprise(Double.NaN);
        stats.recordSurprise(1.5);
        NodeStats.Figures f = stats.figures();

        assertEquals(3, f.surprise().surprises(), "a value outside 0 to 1 measures nothing");
        assertEquals(0.35, f.surprise().meanSurprise(), 1e-6);
        assertEquals(0.35, registry.get("murmuration.online.mean.surprise").gauge().value(), 1e-6);
        assertEquals(3, registry.get("murmuration.surprises").counter().count());
    }

    @Test
    void forgetsSurprisesOlderThanTheWindow() {
        stats.recordSurprise(0.9);
        advance(Duration.ofSeconds(40));
        stats.recordSurprise(0.1);

        advance(Duration.ofSeconds(30));

        assertEquals(1, stats.figures().surprise().surprises());
        assertEquals(0.1, stats.figures().surprise().meanSurprise(), 1e-6);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
