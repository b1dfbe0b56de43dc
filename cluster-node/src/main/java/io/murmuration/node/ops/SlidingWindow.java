package io.murmuration.node.ops;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Counts and latencies over the last {@code window}, kept as a ring of equal slots: what is recorded now lands in
 * the current slot, and a slot is cleared before it is reused for a later one. A read covers the current slot and
 * the older slots still inside the window, so the span it covers lies between {@code window - window/slots} and
 * {@code window} (and is shorter right after start); rates are divided by that span, exactly. Latencies go into one
 * HdrHistogram per slot (microseconds, two significant digits, up to one minute; longer ones count as one minute),
 * so percentiles are those of the requests in the window, never of all history.
 *
 * <p>Thread-safe: every call holds one lock for a few array writes.
 */
public final class SlidingWindow {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);
    private static final int SIGNIFICANT_DIGITS = 2;

    /** What a read saw: one count per counter, the latencies, and the span they cover. */
    public record Snapshot(long[] counts, Histogram latencies, Duration span) {

        public long count(int counter) {
            return counts[counter];
        }

        /** Events of {@code counter} per second over the span; 0 over an empty span. */
        public double perSecond(int counter) {
            double seconds = span.toNanos() / 1e9;
            return seconds <= 0 ? 0 : counts[counter] / seconds;
        }

        /** The latency at {@code percentile} (0–100) in milliseconds; null without any latency recorded. */
        public Double latencyMillis(double percentile) {
            return latencies.getTotalCount() == 0 ? null : latencies.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final int counters;
    private final int slots;
    private final long slotNanos;
    private final LongSupplier nanoClock;
    private final long origin;

    private final long[] slotIndex;
    private final long[][] counts;
    private final Histogram[] latencies;

    /**
     * @param counters  how many counters there are, numbered from 0
     * @param window    the span reads cover
     * @param slots     into how many slots the window is cut: more is finer, each slot costs a histogram
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; a fake one in tests)
     */
    public SlidingWindow(int counters, Duration window, int slots, LongSupplier nanoClock) {
        if (counters < 1) throw new IllegalArgumentException("counters must be positive, was " + counters);
        if (slots < 2) throw new IllegalArgumentException("slots must be at least 2, was " + slots);
        if (window.toNanos() < slots) throw new IllegalArgumentException("window too short for " + slots + " slots: " + window);
        this.counters = counters;
        this.slots = slots;
        this.slotNanos = window.toNanos() / slots;
        this.nanoClock = nanoClock;
        this.origin = nanoClock.getAsLong();
        this.slotIndex = new long[slots];
        this.counts = new long[slots][counters];
        this.latencies = new Histogram[slots];
        for (int i = 0; i < slots; i++) {
            slotIndex[i] = i == 0 ? 0 : Long.MIN_VALUE;
            latencies[i] = new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
        }
    }

    /** Counts one event of {@code counter} now. */
    public void count(int counter) {
        add(counter, 1);
    }

    /** Adds {@code amount} to {@code counter} now: a counter may hold a sum, e.g. of fixed-point values. */
    public void add(int counter, long amount) {
        synchronized (this) {
            counts[current()][counter] += amount;
        }
    }

    /** Records one latency now. */
    public void latency(long nanos) {
        long micros = Math.max(1, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
        synchronized (this) {
            latencies[current()].recordValue(micros);
        }
    }

    /** The counts and latencies of the window that ends now. */
    public Snapshot snapshot() {
        long[] sum = new long[counters];
        Histogram merged = new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
        long now;
        long oldest;
        synchronized (this) {
            now = nanoClock.getAsLong() - origin;
            long newest = Math.floorDiv(now, slotNanos);
            oldest = newest - slots + 1;
            for (int i = 0; i < slots; i++) {
                if (slotIndex[i] >= oldest && slotIndex[i] <= newest) {
                    for (int c = 0; c < counters; c++) sum[c] += counts[i][c];
                    merged.add(latencies[i]);
                }
            }
        }
        long spanStart = Math.max(0, oldest * slotNanos);
        return new Snapshot(sum, merged, Duration.ofNanos(Math.max(0, now - spanStart)));
    }

    /** The ring position of the slot for now, cleared first if it last held an older slot. Holds the lock. */
    private int current() {
        long index = Math.floorDiv(nanoClock.getAsLong() - origin, slotNanos);
        int position = (int) Math.floorMod(index, (long) slots);
        if (slotIndex[position] != index) {
            slotIndex[position] = index;
            java.util.Arrays.fill(counts[position], 0);
            latencies[position].reset();
        }
        return position;
    }
}
