package io.murmuration.node.drift;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How surprising a consumed item is under a user's embedding: 1 − the percentile rank of the item's score (the
 * inner product of user and item vectors) among the scores of a fixed reference sample of item vectors. An item
 * the user's embedding ranks above the whole sample scores 0, one it ranks below the whole sample scores 1; a
 * sample item scoring exactly the same counts as half above and half below. This is the value the per-user
 * {@link PageHinkleyDetector} and the global {@link AdwinDetector} watch.
 *
 * <p>Why a sample: the exact rank would score the consumed item against every item of the catalogue, O(items·d) per
 * interaction; against a sample of n items it is O(n·d), e.g. 256 × 64 multiply-adds. The price is noise: the
 * result estimates the exact value p with standard error √(p(1 − p)/n), at most 0.031 for n = 256, which the
 * detectors average out over many interactions. The sample is drawn once per model version
 * ({@link #sampledFrom}, fixed seed), so that surprises within a version are comparable and reproducible in replay.
 *
 * <p>Immutable and safe to share between threads; {@link #surpriseOf} allocates nothing.
 */
public final class InteractionSurprise {

    private final int dimension;
    private final int sampleSize;
    private final float[] reference; // the sample's vectors, row-major

    /** Surprise against these reference item vectors (copied), all of one dimension. */
    public InteractionSurprise(float[][] referenceItems) {
        if (referenceItems.length == 0) {
            throw new IllegalArgumentException("the reference sample must hold at least one item vector");
        }
        this.dimension = referenceItems[0].length;
        if (dimension == 0) {
            throw new IllegalArgumentException("reference item vectors must not be empty");
        }
        this.sampleSize = referenceItems.length;
        this.reference = new float[sampleSize * dimension];
        for (int i = 0; i < sampleSize; i++) {
            if (referenceItems[i].length != dimension) {
                throw new IllegalArgumentException("reference item " + i + " has dimension " + referenceItems[i].length
                        + ", item 0 has " + dimension);
            }
            System.arraycopy(referenceItems[i], 0, reference, i * dimension, dimension);
        }
    }

    /**
     * Surprise against {@code sampleSize} distinct items drawn uniformly from a row-major item-factor matrix (all
     * of them if there are fewer); the same matrix and seed give the same sample.
     */
    public static InteractionSurprise sampledFrom(float[] itemFactors, int dimension, int sampleSize, long seed) {
        if (dimension <= 0 || itemFactors.length % dimension != 0 || itemFactors.length == 0) {
            throw new IllegalArgumentException("itemFactors must hold at least one whole row of dimension " + dimension
                    + ", has " + itemFactors.length + " floats");
        }
        if (sampleSize < 1) {
            throw new IllegalArgumentException("sampleSize must be at least 1, was " + sampleSize);
        }
        int items = itemFactors.length / dimension;
        int wanted = Math.min(sampleSize, items);
        float[][] sample = new float[wanted][];
        SplittableRandom random = new SplittableRandom(seed);
        int taken = 0;
        // Selection sampling (Knuth's algorithm S): one pass, every subset of the wanted size equally likely.
        for (int item = 0; item < items && taken < wanted; item++) {
            if (random.nextInt(items - item) < wanted - taken) {
                sample[taken++] = Arrays.copyOfRange(itemFactors, item * dimension, (item + 1) * dimension);
            }
        }
        return new InteractionSurprise(sample);
    }

    /**
     * The surprise of {@code consumedItem} for {@code user}, in [0, 1]: the share of the reference sample the
     * user's embedding scores above it, ties counting half. A zero user vector ties everything and gives 0.5.
     */
    public double surpriseOf(float[] user, float[] consumedItem) {
        if (user.length != dimension || consumedItem.length != dimension) {
            throw new IllegalArgumentException("user and item vectors must have dimension " + dimension + ", had "
                    + user.length + " and " + consumedItem.length);
        }
        double consumedScore = dot(user, consumedItem, 0);
        int above = 0;
        int tied = 0;
        for (int i = 0; i < sampleSize; i++) {
            double score = dot(user, reference, i * dimension);
            if (score > consumedScore) {
                above++;
            } else if (score == consumedScore) {
                tied++;
            }
        }
        return (above + 0.5 * tied) / sampleSize;
    }

    /** The standard error of a surprise estimated from {@code sampleSize} reference items: √(p(1 − p)/n). */
    public static double standardError(double surprise, int sampleSize) {
        if (!(surprise >= 0.0 && surprise <= 1.0) || sampleSize < 1) {
            throw new IllegalArgumentException("surprise must be within [0, 1] and sampleSize positive, were "
                    + surprise + " and " + sampleSize);
        }
        return Math.sqrt(surprise * (1.0 - surprise) / sampleSize);
    }

    public int sampleSize() {
        return sampleSize;
    }

    public int dimension() {
        return dimension;
    }

    private double dot(float[] user, float[] items, int offset) {
        double total = 0.0;
        for (int j = 0; j < dimension; j++) {
            total += (double) user[j] * items[offset + j];
        }
        return total;
    }
}
