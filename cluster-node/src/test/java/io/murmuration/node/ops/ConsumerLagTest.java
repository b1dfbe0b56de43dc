package io.murmuration.node.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.protocol.ConsumerLagReport;
import io.murmuration.protocol.PartitionLag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The consumer lag: its arithmetic per partition, and how the probe caches Kafka's answers and reports failures. */
class ConsumerLagTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void lagIsTheEndOffsetMinusTheCommittedOne() {
        List<PartitionLag> lag = ConsumerLag.perPartition(new ConsumerLag.Offsets(
                Map.of(0, 0L, 1, 0L), Map.of(0, 120L, 1, 80L), Map.of(0, 100L, 1, 80L)));

        assertEquals(List.of(new PartitionLag(0, 100L, 120, 20), new PartitionLag(1, 80L, 80, 0)), lag);
        assertEquals(20, ConsumerLag.total(lag));
    }

    @Test
    void aPartitionWithoutACommitLagsByEverythingStillInTheLog() {
        List<PartitionLag> lag = ConsumerLag.perPartition(new ConsumerLag.Offsets(
                Map.of(0, 30L), Map.of(0, 50L), Map.of()));

        assertEquals(List.of(new PartitionLag(0, null, 50, 20)), lag);
    }

    @Test
    void aCommitBelowTheLogsStartCountsFromTheStartBecauseTheConsumerResetsThere() {
        List<PartitionLag> lag = ConsumerLag.perPartition(new ConsumerLag.Offsets(
                Map.of(0, 500L), Map.of(0, 700L), Map.of(0, 100L)));

        assertEquals(200, lag.get(0).lag());
        assertEquals(100L, lag.get(0).committed(), "the committed offset is shown as Kafka has it");
    }

    @Test
    void lagIsNeverNegativeAndPartitionsComeInOrder() {
        List<PartitionLag> lag = ConsumerLag.perPartition(new ConsumerLag.Offsets(
                Map.of(), Map.of(2, 10L, 0, 5L, 1, 7L), Map.of(0, 9L)));

        assertEquals(List.of(0, 1, 2), lag.stream().map(PartitionLag::partition).toList());
        assertEquals(0, lag.get(0).lag());
    }

    @Test
    void reusesAnAnswerForTheCacheTimeThenAsksAgain() {
        AtomicLong nanos = new AtomicLong();
        AtomicInteger asked = new AtomicInteger();
        List<ConsumerLagReport> told = new ArrayList<>();
        ConsumerLagProbe probe = probe(() -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(new ConsumerLag.Offsets(Map.of(0, 0L), Map.of(0, 10L), Map.of(0, 4L)));
        }, nanos, told);

        ConsumerLagReport first = probe.current().toCompletableFuture().join();
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        ConsumerLagReport cached = probe.current().toCompletableFuture().join();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        probe.current().toCompletableFuture().join();

        assertSame(first, cached);
        assertEquals(2, asked.get());
        assertEquals(2, told.size(), "the gauges follow every new report");
        assertEquals(6L, first.totalLag());
        assertEquals("interactions", first.topic());
        assertEquals("ingest", first.group());
        assertEquals(NOW, first.fetchedAt());
        assertNull(first.error());
    }

    @Test
    void sharesTheOneRoundInFlightBetweenCallers() {
        AtomicInteger asked = new AtomicInteger();
        CompletableFuture<ConsumerLag.Offsets> pending = new CompletableFuture<>();
        ConsumerLagProbe probe = probe(() -> {
            asked.incrementAndGet();
            return pending;
        }, new AtomicLong(), new ArrayList<>());

        CompletionStage<ConsumerLagReport> a = probe.current();
        CompletionStage<ConsumerLagReport> b = probe.current();
        pending.complete(new ConsumerLag.Offsets(Map.of(), Map.of(0, 1L), Map.of()));

        assertEquals(1, asked.get());
        assertSame(a.toCompletableFuture().join(), b.toCompletableFuture().join());
    }

    @Test
    void reportsAFailedFetchWithTheReasonInsteadOfFailing() {
        ConsumerLagProbe probe = probe(
                () -> CompletableFuture.failedFuture(new IllegalStateException("broker gone")), new AtomicLong(), new ArrayList<>());

        ConsumerLagReport report = probe.current().toCompletableFuture().join();

        assertNull(report.totalLag());
        assertTrue(report.partitions().isEmpty());
        assertEquals("Kafka: IllegalStateException: broker gone", report.error());
    }

    @Test
    void reportsAFetchThatTakesTooLongAsNotAnswered() {
        ConsumerLagProbe probe = probe(CompletableFuture::new, new AtomicLong(), new ArrayList<>());

        ConsumerLagReport report = probe.current().toCompletableFuture().join();

        assertEquals("Kafka did not answer within 200 ms", report.error());
    }

    private static ConsumerLagProbe probe(Supplier<CompletionStage<ConsumerLag.Offsets>> fetch, AtomicLong nanos,
            List<ConsumerLagReport> told) {
        return new ConsumerLagProbe("interactions", "ingest", fetch, Duration.ofSeconds(5), Duration.ofMillis(200),
                nanos::get, Clock.fixed(NOW, ZoneOffset.UTC), told::add, () -> {});
    }
}
