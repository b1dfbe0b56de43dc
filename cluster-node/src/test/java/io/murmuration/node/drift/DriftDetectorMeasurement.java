package io.murmuration.node.drift;

import java.util.function.DoublePredicate;
import java.util.function.Supplier;

/**
 * Prints detection delays and false-alarm rates of both detectors over a grid of parameters, as Markdown table rows,
 * so the defaults in docs/drift-detectors.md can be judged against their neighbours; a measurement to read, not a
 * test. Run after {@code mvn -pl cluster-node test-compile} with
 * {@code java -cp cluster-node/target/test-classes:cluster-node/target/classes
 * io.murmuration.node.drift.DriftDetectorMeasurement}.
 */
public final class DriftDetectorMeasurement {

    private static final int TRIALS = 200;

    private DriftDetectorMeasurement() {}

    public static void main(String[] args) {
        System.out.println("| Page-Hinkley δ, λ (min 20) | 0.3 → 0.7: median / p90 delay | 0.3 → 0.5: median / p90 delay"
                + " | false alarms per 1,000, Beta 0.3 | false alarms per 1,000, uniform |");
        System.out.println("|---|---|---|---|---|");
        for (double delta : new double[] {0.05, 0.1}) {
            for (double lambda : new double[] {3, 4, 5, 8}) {
                Supplier<DoublePredicate> detector = () -> new PageHinkleyDetector(delta, lambda, 20)::observe;
                ChangePointTrials.Result large =
                        ChangePointTrials.run(detector, SyntheticStreams.betaStep(0.3, 0.7, 4), 500, 1_500, TRIALS);
                ChangePointTrials.Result small =
                        ChangePointTrials.run(detector, SyntheticStreams.betaStep(0.3, 0.5, 4), 500, 1_500, TRIALS);
                ChangePointTrials.Result stable = ChangePointTrials.runWithoutChange(detector,
                        SyntheticStreams.betaStep(0.3, 0.3, 4), 20_000, TRIALS);
                ChangePointTrials.Result uniform =
                        ChangePointTrials.runWithoutChange(detector, SyntheticStreams.uniform(), 20_000, TRIALS);
                System.out.printf("| %.2f, %.0f | %s | %s | %.4f | %.4f |%n", delta, lambda, delays(large), delays(small),
                        stable.falseAlarmsPerThousand(), uniform.falseAlarmsPerThousand());
            }
        }
        System.out.println();
        System.out.println("| ADWIN δ (M 5, min 10, every 32) | hit 0.3 → 0.1 | hit 0.3 → 0.25 | surprise 0.3 → 0.7"
                + " | surprise 0.30 → 0.35 | false alarms per 1,000, hit 0.3 | false alarms per 1,000, surprise 0.3 |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (double delta : new double[] {0.02, 0.002, 0.0002}) {
            Supplier<DoublePredicate> detector = () -> new AdwinDetector(delta, 5, 10, 32)::observe;
            ChangePointTrials.Result hitLarge =
                    ChangePointTrials.run(detector, SyntheticStreams.bernoulliStep(0.3, 0.1), 1_000, 4_000, TRIALS);
            ChangePointTrials.Result hitSmall =
                    ChangePointTrials.run(detector, SyntheticStreams.bernoulliStep(0.3, 0.25), 10_000, 40_000, TRIALS);
            ChangePointTrials.Result surpriseLarge =
                    ChangePointTrials.run(detector, SyntheticStreams.betaStep(0.3, 0.7, 4), 1_000, 4_000, TRIALS);
            ChangePointTrials.Result surpriseSmall =
                    ChangePointTrials.run(detector, SyntheticStreams.betaStep(0.30, 0.35, 4), 10_000, 40_000, TRIALS);
            ChangePointTrials.Result hitStable =
                    ChangePointTrials.runWithoutChange(detector, SyntheticStreams.bernoulliStep(0.3, 0.3), 20_000, TRIALS);
            ChangePointTrials.Result surpriseStable =
                    ChangePointTrials.runWithoutChange(detector, SyntheticStreams.betaStep(0.3, 0.3, 4), 20_000, TRIALS);
            System.out.printf("| %.4f | %s | %s | %s | %s | %.4f | %.4f |%n", delta, delays(hitLarge), delays(hitSmall),
                    delays(surpriseLarge), delays(surpriseSmall), hitStable.falseAlarmsPerThousand(),
                    surpriseStable.falseAlarmsPerThousand());
        }
    }

    private static String delays(ChangePointTrials.Result result) {
        String missed = result.missed() == 0 ? "" : String.format(" (%d missed)", result.missed());
        return String.format("%.0f / %.0f%s", result.medianDelay(), result.p90Delay(), missed);
    }
}
