package io.murmuration.bench;

import java.util.Arrays;

/** Request latencies in microseconds, kept whole so percentiles are exact, not bucketed. Not thread-safe. */
public final class LatencyRecorder {

    private long[] micros = new long[1024];
    private int count;

    public void record(long nanos) {
        if (count == micros.length) {
            micros = Arrays.copyOf(micros, count * 2);
        }
        micros[count++] = nanos / 1000;
    }

    public int count() {
        return count;
    }

    /** The latency at percentile {@code p} (0–100) in milliseconds, by the nearest-rank method. */
    public double percentileMillis(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(micros, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1000.0;
    }
}
