package io.murmuration.node.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Rates and latency percentiles over a sliding window, on a clock the test moves by hand. */
class SlidingWindowTest {

    private static final int EVENTS = 0;
    private static final int OTHER = 1;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** A 60 s window in 12 slots of 5 s, started at t = 0. */
    private final SlidingWindow window = new SlidingWindow(2, Duration.ofSeconds(60), 12, nanos::get);

    @Test
    void dividesCountsByTheSpanCoveredSoFarRightAfterStart() {
        at(0);
        for (int i = 0; i < 10; i++) window.count(EVENTS);

        at(4_000);
        SlidingWindow.Snapshot s = window.snapshot();

        assertEquals(Duration.ofSeconds(4), s.span());
        assertEquals(10, s.count(EVENTS));
        assertEquals(2.5, s.perSecond(EVENTS), 1e-9);
        assertEquals(0, s.count(OTHER));
    }

    @Test
    void addsAmountsToACounterLikeCounts() {
        at(0);
        window.add(OTHER, 250_000);
        window.add(OTHER, 750_000);
        window.count(OTHER);

        at(2_000);

        assertEquals(1_000_001, window.snapshot().count(OTHER));
    }

    @Test
    void dropsSlotsThatLeftTheWindowAndDividesByTheSpanStillCovered() {
        at(1_000);
        for (int i = 0; i < 100; i++) window.count(EVENTS);
        at(30_000);
        for (int i = 0; i < 55; i++) window.count(EVENTS);

        // At 65 s the window holds the slots from [10 s, 15 s) to [65 s, 70 s): the burst at 1 s is gone.
        at(65_000);
        SlidingWindow.Snapshot s = window.snapshot();

        assertEquals(55, s.count(EVENTS));
        assertEquals(Duration.ofSeconds(55), s.span());
        assertEquals(1.0, s.perSecond(EVENTS), 1e-9);
    }

    @Test
    void keepsEverySlotOfTheLastMinute() {
        for (int second = 0; second < 120; second++) {
            at(second * 1_000L);
            window.count(EVENTS);
        }

        at(119_500);
        SlidingWindow.Snapshot s = window.snapshot();

        // 12 slots: [60 s, 65 s) … [115 s, 120 s), the last one 4.5 s old.
        assertEquals(60, s.count(EVENTS));
        assertEquals(Duration.ofMillis(59_500), s.span());
    }

    @Test
    void clearsASlotBeforeReusingItAfterALongSilence() {
        at(0);
        window.count(EVENTS);
        window.latency(TimeUnit.MILLISECONDS.toNanos(900));

        // 60 s later the ring is back at the same position.
        at(61_000);
        window.count(EVENTS);
        window.latency(TimeUnit.MILLISECONDS.toNanos(3));
        SlidingWindow.Snapshot s = window.snapshot();

        assertEquals(1, s.count(EVENTS));
        assertEquals(3.0, s.latencyMillis(99), 0.03);
    }

    @Test
    void givesThePercentilesOfTheRequestsInTheWindowOnly() {
        at(0);
        for (int i = 0; i < 100; i++) window.latency(TimeUnit.MILLISECONDS.toNanos(400));
        at(10_000);
        for (int ms = 1; ms <= 1000; ms++) window.latency(TimeUnit.MILLISECONDS.toNanos(ms));

        at(20_000);
        SlidingWindow.Snapshot both = window.snapshot();
        at(62_000);
        SlidingWindow.Snapshot later = window.snapshot();

        // 1..1000 ms plus a hundred of 400 ms: the median moves from 500 to the 550th value, 450 ms.
        assertEquals(450.0, both.latencyMillis(50), 450 * 0.01, "the hundred of 400 ms still count");
        assertEquals(500.0, later.latencyMillis(50), 500 * 0.01);
        assertEquals(990.0, later.latencyMillis(99), 990 * 0.01);
    }

    @Test
    void hasNoPercentileWithoutLatencies() {
        at(0);
        window.count(EVENTS);

        assertNull(window.snapshot().latencyMillis(50));
    }

    @Test
    void losesNoCountWhenManyThreadsRecordAtOnce() throws Exception {
        at(0);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    window.count(EVENTS);
                    window.latency(1_000_000);
                }
            }));
        }
        for (Thread thread : threads) thread.join();

        SlidingWindow.Snapshot s = window.snapshot();
        assertEquals(40_000, s.count(EVENTS));
        assertEquals(40_000, s.latencies().getTotalCount());
    }

    private static Thread start(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }

    private void at(long millis) {
        nanos.set(1_000_000_000L + TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
