package io.murmuration.node.drift;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoublePredicate;
import java.util.function.Supplier;

/**
 * Runs a fresh detector over many seeded streams and measures how late it notices a change and how often it
 * raises an alarm when nothing changed. Seeds are 1…trials, so every figure is reproducible.
 */
final class ChangePointTrials {

    /**
     * @param trials                  streams run
     * @param withChange              whether the streams changed; if not, only the false alarms mean anything
     * @param missed                  streams whose change was not detected before the stream ended
     * @param medianDelay             over detected changes: observations after the change up to and including the alarm
     * @param meanDelay               idem, the mean
     * @param p90Delay                idem, the 90th percentile
     * @param falseAlarms             alarms before the change point, over all streams
     * @param observationsBefore      observations before the change point, over all streams
     * @param falseAlarmsPerThousand  falseAlarms per 1,000 of those observations
     */
    record Result(int trials, boolean withChange, int missed, double medianDelay, double meanDelay, double p90Delay,
            long falseAlarms, long observationsBefore, double falseAlarmsPerThousand) {

        @Override
        public String toString() {
            String alarms = String.format("false alarms %d in %,d observations = %.4f per 1,000", falseAlarms,
                    observationsBefore, falseAlarmsPerThousand);
            if (!withChange) {
                return alarms;
            }
            return String.format("delay median %.0f, mean %.1f, p90 %.0f (missed %d of %d); %s", medianDelay, meanDelay,
                    p90Delay, missed, trials, alarms);
        }
    }

    private ChangePointTrials() {}

    /**
     * @param changePoint index of the first observation drawn after the change; {@code length} or more for a stream
     *                    without change, where every alarm is false
     */
    static Result run(Supplier<DoublePredicate> newDetector, SyntheticStreams.Source source, int changePoint, int length,
            int trials) {
        double[] delays = new double[trials];
        int detected = 0;
        long falseAlarms = 0;
        for (int trial = 1; trial <= trials; trial++) {
            SplittableRandom random = new SplittableRandom(trial);
            DoublePredicate detector = newDetector.get();
            for (int t = 0; t < length; t++) {
                boolean afterChange = t >= changePoint;
                boolean alarm = detector.test(source.draw(random, afterChange));
                if (alarm && !afterChange) {
                    falseAlarms++;
                } else if (alarm) {
                    delays[detected++] = t - changePoint + 1;
                    break;
                }
            }
        }
        double[] found = Arrays.copyOf(delays, detected);
        Arrays.sort(found);
        long observationsBefore = (long) trials * Math.min(changePoint, length);
        return new Result(trials, changePoint < length, trials - detected, quantile(found, 0.5),
                Arrays.stream(found).average().orElse(Double.NaN), quantile(found, 0.9), falseAlarms, observationsBefore,
                1000.0 * falseAlarms / observationsBefore);
    }

    /** Streams without a change: every alarm is false. */
    static Result runWithoutChange(Supplier<DoublePredicate> newDetector, SyntheticStreams.Source source, int length,
            int trials) {
        return run(newDetector, source, length, length, trials);
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
