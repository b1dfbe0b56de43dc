package io.murmuration.node.model.serving;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one event for a user's embedding (JMH): age the history, fold the item in (O(d²)) and
 * re-solve (G + A) x = b (O(d³)), as the user entity will on every interaction. Run by hand, see
 * docs/BENCHMARKS.md; not part of the test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FoldInBenchmark {

    private static final int ITEMS = 1_000;

    @Param({"32", "64"})
    public int dimension;

    private float[] itemFactors;
    private double[] gram;
    private UserFoldInState state;
    private double[] scratch;
    private double[] embedding;
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(11);
        itemFactors = new float[ITEMS * dimension];
        for (int i = 0; i < itemFactors.length; i++) {
            itemFactors[i] = (float) (random.nextGaussian() * 0.1);
        }
        gram = FoldIn.gram(itemFactors, dimension, 0.1);
        state = new UserFoldInState(dimension, 10.0);
        for (int e = 0; e < 50; e++) {
            state.add(itemFactors, random.nextInt(ITEMS) * dimension, 1.0, true); // a user with some history
        }
        scratch = new double[dimension * dimension];
        embedding = new double[dimension];
    }

    @Benchmark
    public double foldInOneEvent() {
        state.decay(0.999);
        state.add(itemFactors, (next++ % ITEMS) * dimension, 1.0, false);
        state.solveInto(gram, scratch, embedding);
        return embedding[0];
    }
}
