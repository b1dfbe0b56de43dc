package io.murmuration.node.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoublePredicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AdwinDetectorTest {

    // The defaults recommended in docs/drift-detectors.md for the global hit rate and mean surprise.
    private static final double DELTA = 0.002;
    private static final int MAX_BUCKETS_PER_ROW = 5;
    private static final int MIN_SUB_WINDOW_LENGTH = 10;
    private static final int CHECK_INTERVAL = 32;

    private static final int TRIALS = 200;

    private static final Supplier<DoublePredicate> RECOMMENDED = () -> recommended()::observe;

    private static AdwinDetector recommended() {
        return new AdwinDetector(DELTA, MAX_BUCKETS_PER_ROW, MIN_SUB_WINDOW_LENGTH, CHECK_INTERVAL);
    }

    private static void report(String scenario, ChangePointTrials.Result result) {
        System.out.printf("[drift] ADWIN(δ %s, M %d, min %d, every %d), %s: %s%n", DELTA, MAX_BUCKETS_PER_ROW,
                MIN_SUB_WINDOW_LENGTH, CHECK_INTERVAL, scenario, result);
    }

    @Test
    void keepsTheWholeStreamAsItsWindowWhileNothingChanges() {
        AdwinDetector detector = recommended();

        for (int t = 0; t < 10_000; t++) {
            detector.observe(t % 2);
        }

        assertEquals(10_000, detector.width());
        assertEquals(0.5, detector.mean(), 1e-12);
        assertEquals(0.25, detector.variance(), 1e-12);
        assertEquals(0, detector.detections());
    }

    @Test
    void summarisesItsWindowExactlyDespiteMergingBuckets() {
        // given a detector that never checks, so the window is the whole stream
        AdwinDetector detector = new AdwinDetector(DELTA, 3, MIN_SUB_WINDOW_LENGTH, Integer.MAX_VALUE);
        SplittableRandom random = new SplittableRandom(5);
        double[] values = new double[5_000];

        // when
        for (int t = 0; t < values.length; t++) {
            values[t] = random.nextDouble();
            detector.observe(values[t]);
        }

        // then
        assertEquals(values.length, detector.width());
        assertEquals(mean(values, 0, values.length), detector.mean(), 1e-12);
        assertEquals(variance(values, 0, values.length), detector.variance(), 1e-12);
    }

    @Test
    void afterAChangeKeepsExactlyTheMostRecentObservationsAndTracksTheNewMean() {
        // given a hit rate that drops from 0.3 to 0.1 after 5,000 observations
        AdwinDetector detector = recommended();
        SplittableRandom random = new SplittableRandom(17);
        double[] values = new double[8_000];
        int detectedAt = -1;

        // when
        for (int t = 0; t < values.length; t++) {
            values[t] = random.nextDouble() < (t < 5_000 ? 0.3 : 0.1) ? 1.0 : 0.0;
            if (detector.observe(values[t]) && detectedAt < 0) {
                detectedAt = t;
                // then the window is a suffix of the stream, its statistics those of that suffix
                int start = (int) (t + 1 - detector.width());
                assertEquals(mean(values, start, t + 1), detector.mean(), 1e-9);
                assertEquals(variance(values, start, t + 1), detector.variance(), 1e-9);
                // and it has dropped most of what came before the change
                assertTrue(start >= 4_000, "window starts at " + start);
            }
        }

        assertTrue(detectedAt >= 5_000, "detected at " + detectedAt);
        assertEquals(0.1, detector.mean(), 0.03);
        assertTrue(detector.width() < 4_000, "width " + detector.width());
    }

    @Test
    void memoryStaysWithinMTimesLogOfTheWindowOverAMillionObservations() {
        AdwinDetector detector = recommended();
        SplittableRandom random = new SplittableRandom(23);
        int mostBuckets = 0;

        for (int t = 1; t <= 1_000_000; t++) {
            detector.observe(random.nextDouble() < 0.3 ? 1.0 : 0.0);
            double bound = MAX_BUCKETS_PER_ROW * (Math.log(detector.width()) / Math.log(2) + 1);
            assertTrue(detector.bucketCount() <= bound,
                    () -> detector.bucketCount() + " buckets for a window of " + detector.width());
            mostBuckets = Math.max(mostBuckets, detector.bucketCount());
        }

        // measured: 87 buckets at most for a window of 1,000,000, bound 5 × (log₂ 10⁶ + 1) = 104.7
        System.out.printf("[drift] ADWIN memory: at most %d buckets; window %,d; detections %d%n", mostBuckets,
                detector.width(), detector.detections());
        assertEquals(1_000_000, detector.width());
        assertTrue(mostBuckets <= 104);
    }

    @Test
    void refusesValuesOutsideZeroToOneAndParametersOutsideTheirRange() {
        assertThrows(IllegalArgumentException.class, () -> recommended().observe(1.5));
        assertThrows(IllegalArgumentException.class, () -> recommended().observe(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new AdwinDetector(0.0, 5, 10, 32));
        assertThrows(IllegalArgumentException.class, () -> new AdwinDetector(0.002, 1, 10, 32));
        assertThrows(IllegalArgumentException.class, () -> new AdwinDetector(0.002, 5, 0, 32));
        assertThrows(IllegalArgumentException.class, () -> new AdwinDetector(0.002, 5, 10, 0));
    }

    // Measured with 200 seeds; the printed line shows the figures of the current code.

    @Test
    void detectsTheHitRateFallingFromPoint3ToPoint1AfterAMedianOf216Observations() {
        // measured: delay median 216, mean 228, p90 312, none missed; no false alarm before the change
        ChangePointTrials.Result result = ChangePointTrials.run(RECOMMENDED,
                SyntheticStreams.bernoulliStep(0.3, 0.1), 1_000, 4_000, TRIALS);
        report("hit rate 0.3 → 0.1 at t = 1,000", result);

        assertEquals(0, result.missed());
        assertTrue(result.medianDelay() <= 260, result::toString);
        assertTrue(result.p90Delay() <= 380, result::toString);
        assertEquals(0, result.falseAlarms());
    }

    @Test
    void detectsTheHitRateFallingFromPoint3ToPoint25AfterAMedianOf2256Observations() {
        // measured: delay median 2256, mean 2707, p90 4595, none missed; no false alarm before the change
        ChangePointTrials.Result result = ChangePointTrials.run(RECOMMENDED,
                SyntheticStreams.bernoulliStep(0.3, 0.25), 10_000, 40_000, TRIALS);
        report("hit rate 0.3 → 0.25 at t = 10,000", result);

        assertEquals(0, result.missed());
        assertTrue(result.medianDelay() <= 2_800, result::toString);
        assertTrue(result.p90Delay() <= 5_500, result::toString);
        assertTrue(result.falseAlarmsPerThousand() <= 0.001, result::toString);
    }

    @Test
    void detectsMeanSurpriseRisingFromPoint3ToPoint7AfterAMedianOf56Observations() {
        // measured: delay median 56, p90 56: detected at the second check after the change, none missed
        ChangePointTrials.Result result = ChangePointTrials.run(RECOMMENDED,
                SyntheticStreams.betaStep(0.3, 0.7, 4), 1_000, 4_000, TRIALS);
        report("Beta surprise 0.3 → 0.7 at t = 1,000", result);

        assertEquals(0, result.missed());
        assertTrue(result.medianDelay() <= 60, result::toString);
        assertTrue(result.p90Delay() <= 90, result::toString);
        assertEquals(0, result.falseAlarms());
    }

    @Test
    void detectsMeanSurpriseRisingFromPoint30ToPoint35AfterAMedianOf688Observations() {
        // measured: delay median 688, mean 702, p90 1008, none missed; no false alarm before the change
        ChangePointTrials.Result result = ChangePointTrials.run(RECOMMENDED,
                SyntheticStreams.betaStep(0.30, 0.35, 4), 10_000, 40_000, TRIALS);
        report("Beta surprise 0.30 → 0.35 at t = 10,000", result);

        assertEquals(0, result.missed());
        assertTrue(result.medianDelay() <= 850, result::toString);
        assertTrue(result.p90Delay() <= 1_300, result::toString);
        assertTrue(result.falseAlarmsPerThousand() <= 0.001, result::toString);
    }

    @Test
    void raisesNoFalseAlarmInFourMillionObservationsOfAStableHitRate() {
        // measured: 0 alarms in 200 × 20,000 observations
        ChangePointTrials.Result result = ChangePointTrials.runWithoutChange(RECOMMENDED,
                SyntheticStreams.bernoulliStep(0.3, 0.3), 20_000, TRIALS);
        report("hit rate 0.3, no change", result);

        assertTrue(result.falseAlarmsPerThousand() <= 0.001, result::toString);
    }

    @Test
    void raisesNoFalseAlarmInFourMillionObservationsOfStableSurprise() {
        // measured: 0 alarms in 200 × 20,000 observations
        ChangePointTrials.Result result = ChangePointTrials.runWithoutChange(RECOMMENDED,
                SyntheticStreams.betaStep(0.3, 0.3, 4), 20_000, TRIALS);
        report("Beta surprise 0.3, no change", result);

        assertTrue(result.falseAlarmsPerThousand() <= 0.001, result::toString);
    }

    /** The mean of values[from, to). */
    private static double mean(double[] values, int from, int to) {
        double total = 0.0;
        for (int i = from; i < to; i++) {
            total += values[i];
        }
        return total / (to - from);
    }

    /** The variance of values[from, to), over their count. */
    private static double variance(double[] values, int from, int to) {
        double mean = mean(values, from, to);
        double total = 0.0;
        for (int i = from; i < to; i++) {
            total += (values[i] - mean) * (values[i] - mean);
        }
        return total / (to - from);
    }
}
