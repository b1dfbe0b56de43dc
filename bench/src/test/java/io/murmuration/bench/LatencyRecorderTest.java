package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void givesNearestRankPercentilesInMilliseconds() {
        LatencyRecorder latency = new LatencyRecorder();
        for (int ms = 1; ms <= 2000; ms++) latency.record(ms * 1_000_000L); // 1 ms … 2000 ms, more than one buffer

        assertEquals(1000.0, latency.percentileMillis(50), 1e-9);
        assertEquals(1980.0, latency.percentileMillis(99), 1e-9);
        assertEquals(2000.0, latency.percentileMillis(100), 1e-9);
        assertEquals(2000, latency.count());
    }
}
