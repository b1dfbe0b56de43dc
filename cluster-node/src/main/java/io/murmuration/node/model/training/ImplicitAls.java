package io.murmuration.node.model.training;

import io.murmuration.node.model.algebra.CholeskySolver;
import io.murmuration.node.model.algebra.DenseMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Batch implicit-feedback ALS after Hu, Koren and Volinsky (2008). An observed weight r gives preference
 * p = 1 with confidence c = 1 + α·r; every unobserved pair has p = 0, c = 1. Training minimises
 * Σᵤᵢ cᵤᵢ (pᵤᵢ − xᵤ·yᵢ)² + λ (Σ‖xᵤ‖² + Σ‖yᵢ‖²) by exact alternating solves. Each user solves
 * (YᵀY + λI + Σᵢ α·rᵤᵢ yᵢyᵢᵀ) xᵤ = Σᵢ (1 + α·rᵤᵢ) yᵢ over its own items only, because YᵀY is computed
 * once per half-step: O(d²·nᵤ + d³) per user; items likewise against the user factors.
 * Work is split into fixed row ranges whose results do not depend on which thread ran them, so a run is
 * bit-for-bit reproducible for a seed whatever the thread count.
 */
public final class ImplicitAls {

    /** Rows per unit of parallel work: small enough to balance skewed rows, large enough to amortise. */
    private static final int ROWS_PER_TASK = 64;
    /** Rows per partial Gram matrix; each costs d² doubles, so it is kept coarser than a task. */
    private static final int ROWS_PER_GRAM_BLOCK = 2048;
    /** Standard deviation of the initial item factors times √d, so initial scores are small. */
    private static final double INITIAL_SCALE = 0.1;

    private final AlsParameters parameters;

    public ImplicitAls(AlsParameters parameters) {
        this.parameters = parameters;
    }

    /** A trained model and the objective after each iteration, which exact ALS never increases. */
    public record Training(FactorModel model, List<Double> objectiveByIteration) {

        public Training {
            objectiveByIteration = List.copyOf(objectiveByIteration);
        }
    }

    /** Trains on {@code interactions} with a worker pool that lives only for this call. */
    public Training train(InteractionMatrix interactions) throws InterruptedException {
        int d = parameters.factors();
        float[] userFactors = new float[interactions.users() * d];
        float[] itemFactors = initialItemFactors(interactions.items(), d);
        List<Double> objectives = new ArrayList<>(parameters.iterations());
        ExecutorService pool = newPool();
        try {
            for (int iteration = 0; iteration < parameters.iterations(); iteration++) {
                solveSide(pool, interactions.users(), interactions.rowStart, interactions.rowItem,
                        interactions.rowWeight, itemFactors, interactions.items(), userFactors);
                solveSide(pool, interactions.items(), interactions.columnStart, interactions.columnUser,
                        interactions.columnWeight, userFactors, interactions.users(), itemFactors);
                objectives.add(objective(pool, interactions, userFactors, itemFactors));
            }
        } finally {
            pool.shutdownNow();
        }
        return new Training(new FactorModel(d, userFactors, itemFactors), objectives);
    }

    /** The weighted training objective of {@code model} on {@code interactions} under these parameters. */
    public double objective(InteractionMatrix interactions, FactorModel model) throws InterruptedException {
        if (model.dimension() != parameters.factors() || model.users() != interactions.users()
                || model.items() != interactions.items()) {
            throw new IllegalArgumentException("model shape " + model.users() + "×" + model.items() + "×"
                    + model.dimension() + " does not match the interactions and parameters");
        }
        ExecutorService pool = newPool();
        try {
            return objective(pool, interactions, model.userFactors, model.itemFactors);
        } finally {
            pool.shutdownNow();
        }
    }

    private float[] initialItemFactors(int items, int d) {
        Random random = new Random(parameters.seed());
        double scale = INITIAL_SCALE / Math.sqrt(d);
        float[] factors = new float[items * d];
        for (int n = 0; n < factors.length; n++) {
            factors[n] = (float) (random.nextGaussian() * scale);
        }
        return factors;
    }

    /** Re-solves every row of {@code target} exactly against the {@code fixed} side. */
    private void solveSide(ExecutorService pool, int rows, int[] start, int[] index, float[] weight,
            float[] fixed, int fixedRows, float[] target) throws InterruptedException {
        int d = parameters.factors();
        double alpha = parameters.alpha();
        double[] base = gram(pool, fixed, fixedRows);
        DenseMatrix.addToDiagonal(base, d, parameters.lambda());
        inParallel(pool, rows, ROWS_PER_TASK, () -> {
            double[] system = new double[d * d];
            double[] rhs = new double[d];
            double[] y = new double[d];
            return (chunk, from, to) -> {
                for (int row = from; row < to; row++) {
                    int out = row * d;
                    if (start[row] == start[row + 1]) {
                        // With no observations the solution is exactly zero; skip the factorisation.
                        Arrays.fill(target, out, out + d, 0f);
                        continue;
                    }
                    System.arraycopy(base, 0, system, 0, d * d);
                    Arrays.fill(rhs, 0.0);
                    for (int e = start[row]; e < start[row + 1]; e++) {
                        int offset = index[e] * d;
                        double extra = alpha * weight[e];
                        double confidence = 1.0 + extra;
                        for (int j = 0; j < d; j++) {
                            y[j] = fixed[offset + j];
                        }
                        for (int j = 0; j < d; j++) {
                            double scaled = extra * y[j];
                            int rowJ = j * d;
                            for (int k = j; k < d; k++) {
                                system[rowJ + k] += scaled * y[k];
                            }
                            rhs[j] += confidence * y[j];
                        }
                    }
                    CholeskySolver.factorInPlace(system, d);
                    CholeskySolver.solveFactored(system, d, rhs, rhs);
                    for (int j = 0; j < d; j++) {
                        target[out + j] = (float) rhs[j];
                    }
                }
            };
        });
    }

    /** YᵀY of the n×d {@code factors}, full and symmetric, summed block by block in a fixed order. */
    private double[] gram(ExecutorService pool, float[] factors, int rows) throws InterruptedException {
        int d = parameters.factors();
        int blocks = (rows + ROWS_PER_GRAM_BLOCK - 1) / ROWS_PER_GRAM_BLOCK;
        double[][] partial = new double[blocks][];
        inParallel(pool, rows, ROWS_PER_GRAM_BLOCK, () -> {
            double[] scratch = new double[d];
            return (block, from, to) -> {
                double[] sum = new double[d * d];
                DenseMatrix.accumulateGram(factors, from, to, d, sum, scratch);
                partial[block] = sum;
            };
        });
        double[] total = new double[d * d];
        for (double[] block : partial) {
            for (int n = 0; n < total.length; n++) {
                total[n] += block[n];
            }
        }
        DenseMatrix.symmetrizeFromLower(total, d);
        return total;
    }

    /**
     * Σ over all pairs of c (p − s)² plus the penalty, without visiting unobserved pairs: the sum of s² over
     * all items of a user is xᵀ(YᵀY)x, and each observed pair then swaps its s² for c (1 − s)².
     */
    private double objective(ExecutorService pool, InteractionMatrix interactions, float[] userFactors,
            float[] itemFactors) throws InterruptedException {
        int d = parameters.factors();
        double alpha = parameters.alpha();
        double lambda = parameters.lambda();
        double[] itemGram = gram(pool, itemFactors, interactions.items());
        int users = interactions.users();
        double[] partial = new double[(users + ROWS_PER_TASK - 1) / ROWS_PER_TASK];
        inParallel(pool, users, ROWS_PER_TASK, () -> (chunk, from, to) -> {
            double sum = 0.0;
            for (int u = from; u < to; u++) {
                int x = u * d;
                sum += DenseMatrix.quadraticForm(itemGram, userFactors, x, d);
                sum += lambda * DenseMatrix.dot(userFactors, x, userFactors, x, d);
                for (int e = interactions.rowStart[u]; e < interactions.rowStart[u + 1]; e++) {
                    double s = DenseMatrix.dot(userFactors, x, itemFactors, interactions.rowItem[e] * d, d);
                    double confidence = 1.0 + alpha * interactions.rowWeight[e];
                    sum += confidence * (1.0 - s) * (1.0 - s) - s * s;
                }
            }
            partial[chunk] = sum;
        });
        double total = 0.0;
        for (double chunkSum : partial) {
            total += chunkSum;
        }
        double itemNorms = 0.0;
        for (int n = 0; n < itemGram.length; n += d + 1) {
            itemNorms += itemGram[n]; // trace(YᵀY) = Σ‖yᵢ‖²
        }
        return total + lambda * itemNorms;
    }

    /** Work on rows [from, to) that belongs to chunk number {@code chunk}. */
    private interface RowRangeWork {
        void run(int chunk, int from, int to);
    }

    /**
     * Runs chunks of {@code rowsPerChunk} rows on the pool. Each worker gets its own work object (and so its
     * own scratch arrays) from {@code perWorker}, then takes chunks until none are left.
     */
    private void inParallel(ExecutorService pool, int rows, int rowsPerChunk, Supplier<RowRangeWork> perWorker)
            throws InterruptedException {
        int chunks = (rows + rowsPerChunk - 1) / rowsPerChunk;
        AtomicInteger nextChunk = new AtomicInteger();
        int workers = Math.min(parameters.threads(), chunks);
        List<Future<?>> running = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            running.add(pool.submit(() -> {
                RowRangeWork work = perWorker.get();
                for (int chunk = nextChunk.getAndIncrement(); chunk < chunks; chunk = nextChunk.getAndIncrement()) {
                    int from = chunk * rowsPerChunk;
                    work.run(chunk, from, Math.min(rows, from + rowsPerChunk));
                }
            }));
        }
        try {
            for (Future<?> future : running) {
                future.get();
            }
        } catch (ExecutionException failed) {
            running.forEach(future -> future.cancel(true));
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("ALS worker failed", cause);
        } catch (InterruptedException interrupted) {
            running.forEach(future -> future.cancel(true));
            throw interrupted;
        }
    }

    private ExecutorService newPool() {
        AtomicInteger created = new AtomicInteger();
        ThreadFactory named = task -> {
            Thread thread = new Thread(task, "murmuration-als-" + created.incrementAndGet());
            // A daemon cannot keep the JVM alive if a caller is interrupted before shutdown completes.
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(parameters.threads(), named);
    }
}
