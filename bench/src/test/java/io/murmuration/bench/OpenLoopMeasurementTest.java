package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The statistics of an open-model run, fed with made-up timestamps in milliseconds. */
class OpenLoopMeasurementTest {

    private static final long MS = 1_000_000L;

    @Test
    void aStallCountsAgainstEveryRequestDueDuringItWhileServiceTimeHidesIt() {
        // Given a sender on one connection (the next request goes out when the previous reply is in), a request
        // due every millisecond for one second, and a server that answers in 0.2 ms but stalls 500 ms once.
        OpenLoopMeasurement measurement = new OpenLoopMeasurement(0, 1_000 * MS);
        long previousEnd = 0;
        for (int i = 0; i < 1_000; i++) {
            long intended = i * MS;
            long sent = Math.max(intended, previousEnd);
            long end = sent + (i == 200 ? 500 * MS : MS / 5);
            measurement.sent(intended, sent);
            measurement.answered(200, false, false, intended, sent, end, Double.NaN);
            previousEnd = end;
        }

        LoadReport report = measurement.report();

        // Then about 600 requests wait behind the stall for up to 500 ms, which only the latency from the
        // intended start shows; the service time sees one slow request in a thousand.
        assertEquals(1_000, report.latency().count());
        assertTrue(report.latency().p99() > 450, "p99 " + report.latency().p99());
        assertTrue(report.latency().p50() > 50, "p50 " + report.latency().p50());
        assertTrue(report.serviceTime().p99() < 1, "service p99 " + report.serviceTime().p99());
        assertEquals(500, report.serviceTime().max(), 1);
        assertEquals(499, report.sendLag().max(), 1);
    }

    @Test
    void theNodesOwnTimeIsKeptApartFromTheLatencyForTheRepliesThatSaidIt() {
        OpenLoopMeasurement measurement = new OpenLoopMeasurement(0, 1_000 * MS);
        for (int i = 0; i < 100; i++) {
            // replies take 20 ms from their intended start; the node says it took 2 ms of them, one reply in ten says nothing
            measurement.answered(200, false, false, i * MS, i * MS + 5 * MS, i * MS + 20 * MS, i % 10 == 0 ? Double.NaN : 2.0);
        }
        measurement.answered(200, false, false, 2_000 * MS, 2_000 * MS, 2_001 * MS, 50.0); // after the window

        LoadReport report = measurement.report();

        assertEquals(90, report.nodeTime().count());
        assertEquals(2.0, report.nodeTime().p99(), 0.01);
        assertEquals(20.0, report.latency().p99(), 0.05);
        assertTrue(report.describe().contains("node's own time ms     p50 2.00  p99 2.00"), report.describe());
        assertEquals(0, new OpenLoopMeasurement(0, MS).report().nodeTime().count(), "nothing said, nothing counted");
    }

    @Test
    void countsOnlyRequestsDueInTheWindowAndGivesFailuresNoLatency() {
        OpenLoopMeasurement measurement = new OpenLoopMeasurement(100 * MS, 200 * MS);

        measurement.answered(200, false, false, 99 * MS, 99 * MS, 150 * MS, Double.NaN); // warm-up
        measurement.answered(200, false, true, 100 * MS, 100 * MS, 101 * MS, Double.NaN); // personal, lacking a part
        measurement.answered(200, true, false, 110 * MS, 110 * MS, 112 * MS, Double.NaN);
        measurement.answered(200, true, false, 120 * MS, 120 * MS, 123 * MS, Double.NaN);
        measurement.answered(503, false, false, 130 * MS, 130 * MS, 131 * MS, Double.NaN);
        measurement.timedOut(140 * MS, 141 * MS, 190 * MS);
        measurement.timedOut(150 * MS, OpenLoopMeasurement.NOT_SENT, 200 * MS);
        measurement.failed(160 * MS, "java.net.ConnectException");
        measurement.failed(170 * MS, "unreadable reply");
        measurement.answered(200, false, false, 200 * MS, 200 * MS, 201 * MS, Double.NaN); // after the window

        LoadReport report = measurement.report();

        assertEquals(8, report.requests());
        assertEquals(3, report.ok());
        assertEquals(2.0 / 3, report.fallbackShare(), 1e-9);
        assertEquals(1.0 / 3, report.partialShare(), 1e-9);
        assertEquals(1, report.non2xx());
        assertEquals(2, report.timeouts());
        assertEquals(1, report.neverSent());
        assertEquals(2, report.errors());
        assertEquals("java.net.ConnectException", report.firstError());
        assertEquals(6, report.latency().count());
        assertEquals(50, report.latency().max(), 0.1);
        assertEquals(5, report.serviceTime().count());
        assertEquals(49, report.serviceTime().max(), 0.1);
        assertEquals(0.1, report.measuredSeconds(), 1e-9);
        assertEquals(40, report.throughput(), 1e-9);
    }

    @Test
    void throughputIsOverTheWindowStretchedToTheLastReply() {
        OpenLoopMeasurement measurement = new OpenLoopMeasurement(0, 1_000 * MS);
        for (int i = 0; i < 100; i++) {
            measurement.answered(200, false, false, i * 10 * MS, i * 10 * MS, 1_500 * MS + i * MS, Double.NaN); // replies lag behind
        }

        LoadReport report = measurement.report();

        assertEquals(1.599, report.measuredSeconds(), 1e-9);
        assertEquals(100 / 1.599, report.throughput(), 1e-9);
        assertNull(report.firstError());
    }

    @Test
    void progressGivesTheRecentP99AndStartsANewInterval() {
        OpenLoopMeasurement measurement = new OpenLoopMeasurement(1_000 * MS, 2_000 * MS);
        for (int i = 0; i < 100; i++) {
            measurement.sent(i * MS, i * MS);
            measurement.answered(200, false, false, i * MS, i * MS, i * MS + (i + 1) * MS, Double.NaN); // warm-up counts here
        }

        OpenLoopMeasurement.Progress first = measurement.progress();
        OpenLoopMeasurement.Progress second = measurement.progress();

        assertEquals(new OpenLoopMeasurement.Progress(100, 100, first.recentP99Millis()), first);
        assertEquals(99, first.recentP99Millis(), 0.1);
        assertEquals(0, second.recentP99Millis());
        assertEquals(0, measurement.report().requests());
    }
}
