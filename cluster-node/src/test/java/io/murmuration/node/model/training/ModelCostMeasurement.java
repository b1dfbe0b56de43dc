package io.murmuration.node.model.training;

import io.murmuration.node.model.serving.FoldIn;
import io.murmuration.node.model.serving.UserFoldInState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/**
 * Prints what batch training and per-event fold-in cost on a synthetic workload; a measurement to read,
 * not a test. Run after {@code mvn -pl cluster-node test-compile} with
 * {@code java -cp cluster-node/target/classes:cluster-node/target/test-classes
 * io.murmuration.node.model.training.ModelCostMeasurement [users items interactions factors iterations threads]}.
 */
public final class ModelCostMeasurement {

    private ModelCostMeasurement() {}

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int interactions = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        int factors = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        int iterations = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 2;

        Random random = new Random(1L);
        long buildStart = System.nanoTime();
        InteractionMatrix.Builder builder = InteractionMatrix.builder(users, items);
        for (int n = 0; n < interactions; n++) {
            // Squaring a uniform draw skews traffic towards low item indices, as popularity does.
            double u = random.nextDouble();
            builder.add(random.nextInt(users), (int) (items * u * u), 1 + random.nextInt(4));
        }
        InteractionMatrix matrix = builder.build();
        double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
        System.out.printf("matrix: %d users x %d items, %d triples -> %d distinct pairs, built in %.2f s%n",
                users, items, interactions, matrix.nonZeros(), buildSeconds);

        AlsParameters parameters = new AlsParameters(factors, iterations, 0.1, 10.0, 7L, threads);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long trainCpuStart = os.getProcessCpuTime();
        long trainStart = System.nanoTime();
        ImplicitAls.Training training = new ImplicitAls(parameters).train(matrix);
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        double trainCpuSeconds = (os.getProcessCpuTime() - trainCpuStart) / 1e9;
        System.out.printf("training: d=%d, %d iterations, %d threads: %.2f s wall, %.2f s CPU (%.2f s wall per"
                + " iteration, objective included)%n", factors, iterations, threads, trainSeconds, trainCpuSeconds,
                trainSeconds / Math.max(1, iterations));
        System.out.println("objective by iteration: " + training.objectiveByIteration());

        FactorModel model = training.model();
        double[] gram = FoldIn.gram(model.itemFactors(), model.dimension(), parameters.lambda());
        float[] itemFactors = model.itemFactors();
        double[] scratch = new double[factors * factors];
        double[] x = new double[factors];
        int events = 50_000;
        UserFoldInState state = new UserFoldInState(factors, parameters.alpha());
        double checksum = 0.0;
        for (int warmUp = 0; warmUp < events; warmUp++) {
            state.add(itemFactors, random.nextInt(items) * factors, 1.0, true);
            state.solveInto(gram, scratch, x);
            checksum += x[0];
        }
        // Timed as whole loops in this thread's CPU time, so other processes on the machine do not count.
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        int[] offsets = new int[events];
        for (int n = 0; n < events; n++) {
            offsets[n] = random.nextInt(items) * factors;
        }
        state = new UserFoldInState(factors, parameters.alpha());
        long addCpu = clock.getCurrentThreadCpuTime();
        long addWall = System.nanoTime();
        for (int n = 0; n < events; n++) {
            state.add(itemFactors, offsets[n], 1.0, n % 2 == 0);
        }
        addWall = System.nanoTime() - addWall;
        addCpu = clock.getCurrentThreadCpuTime() - addCpu;
        long solveCpu = clock.getCurrentThreadCpuTime();
        long solveWall = System.nanoTime();
        for (int n = 0; n < events; n++) {
            state.solveInto(gram, scratch, x);
            checksum += x[n % factors];
        }
        solveWall = System.nanoTime() - solveWall;
        solveCpu = clock.getCurrentThreadCpuTime() - solveCpu;
        System.out.printf("fold-in at d=%d over %d events, per event: add %.2f us CPU (%.2f wall), solve %.2f us"
                + " CPU (%.2f wall) (checksum %.3f)%n", factors, events, addCpu / 1e3 / events,
                addWall / 1e3 / events, solveCpu / 1e3 / events, solveWall / 1e3 / events, checksum);
    }
}
