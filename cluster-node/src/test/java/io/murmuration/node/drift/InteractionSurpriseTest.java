package io.murmuration.node.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InteractionSurpriseTest {

    private static final int D = 16;

    private static float[] gaussian(SplittableRandom random, int length) {
        float[] v = new float[length];
        for (int j = 0; j < length; j++) {
            v[j] = (float) random.nextGaussian();
        }
        return v;
    }

    private static float[] row(float[] matrix, int index) {
        return Arrays.copyOfRange(matrix, index * D, (index + 1) * D);
    }

    private static double dot(float[] a, float[] b) {
        double total = 0.0;
        for (int j = 0; j < a.length; j++) {
            total += (double) a[j] * b[j];
        }
        return total;
    }

    @Test
    void anItemScoredAboveTheWholeSampleIsNoSurprise() {
        SplittableRandom random = new SplittableRandom(1);
        InteractionSurprise surprise = InteractionSurprise.sampledFrom(gaussian(random, 1_000 * D), D, 256, 42);
        float[] user = gaussian(random, D);
        float[] favourite = user.clone(); // x·x exceeds x·y for every y much shorter than x
        for (int j = 0; j < D; j++) {
            favourite[j] *= 10;
        }

        assertEquals(0.0, surprise.surpriseOf(user, favourite));
    }

    @Test
    void anItemScoredBelowTheWholeSampleIsAsSurprisingAsCanBe() {
        SplittableRandom random = new SplittableRandom(2);
        InteractionSurprise surprise = InteractionSurprise.sampledFrom(gaussian(random, 1_000 * D), D, 256, 42);
        float[] user = gaussian(random, D);
        float[] disliked = user.clone();
        for (int j = 0; j < D; j++) {
            disliked[j] *= -10;
        }

        assertEquals(1.0, surprise.surpriseOf(user, disliked));
    }

    @Test
    void theSampleItemTheUserLikesMostScoresHalfAShareBecauseItTiesWithItself() {
        SplittableRandom random = new SplittableRandom(3);
        float[][] sample = new float[256][];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = gaussian(random, D);
        }
        InteractionSurprise surprise = new InteractionSurprise(sample);
        float[] user = gaussian(random, D);
        int best = 0;
        int worst = 0;
        for (int i = 1; i < sample.length; i++) {
            best = dot(user, sample[i]) > dot(user, sample[best]) ? i : best;
            worst = dot(user, sample[i]) < dot(user, sample[worst]) ? i : worst;
        }

        assertEquals(0.5 / 256, surprise.surpriseOf(user, sample[best]));
        assertEquals(1 - 0.5 / 256, surprise.surpriseOf(user, sample[worst]));
    }

    @Test
    void sampleItemsScoringTheSameAsTheConsumedItemCountHalf() {
        // given sample scores 3, 2, 2, 1 for a user along the first axis
        InteractionSurprise surprise = new InteractionSurprise(
                new float[][] {{3, 0}, {2, 5}, {2, -1}, {1, 0}});
        float[] user = {1, 0};

        // then: one above and two tied, (1 + ½·2)/4; none above and one tied, (½·1)/4
        assertEquals(0.5, surprise.surpriseOf(user, new float[] {2, 7}));
        assertEquals(0.125, surprise.surpriseOf(user, new float[] {3, 0}));
        assertEquals(0.75, surprise.surpriseOf(user, new float[] {1.5f, 0}));
    }

    @Test
    void aUserWithoutAnEmbeddingTiesEverythingAndScoresOneHalf() {
        SplittableRandom random = new SplittableRandom(4);
        InteractionSurprise surprise = InteractionSurprise.sampledFrom(gaussian(random, 500 * D), D, 256, 42);

        assertEquals(0.5, surprise.surpriseOf(new float[D], gaussian(random, D)));
    }

    @Test
    void aSampleOf256EstimatesTheExactRankWithTheStatedStandardError() {
        // given a catalogue of 20,000 items and 400 (user, consumed item) pairs
        SplittableRandom random = new SplittableRandom(5);
        int items = 20_000;
        float[] catalogue = gaussian(random, items * D);
        InteractionSurprise surprise = InteractionSurprise.sampledFrom(catalogue, D, 256, 42);
        int pairs = 400;
        double absoluteError = 0.0;
        double squaredStandardisedError = 0.0;

        // when each estimate is compared with the exact rank among all items
        for (int p = 0; p < pairs; p++) {
            float[] user = gaussian(random, D);
            float[] consumed = row(catalogue, random.nextInt(items));
            double consumedScore = dot(user, consumed);
            double above = 0;
            for (int i = 0; i < items; i++) {
                double score = dot(user, row(catalogue, i));
                above += score > consumedScore ? 1 : score == consumedScore ? 0.5 : 0;
            }
            double exact = above / items;
            double estimate = surprise.surpriseOf(user, consumed);
            absoluteError += Math.abs(estimate - exact);
            double standardError = Math.max(InteractionSurprise.standardError(exact, 256), 0.5 / 256);
            squaredStandardisedError += Math.pow((estimate - exact) / standardError, 2);
        }

        // then errors are the size √(p(1 − p)/n) says: measured mean |error| 0.0178, RMS of error / SE 0.91
        double meanAbsoluteError = absoluteError / pairs;
        double rmsStandardised = Math.sqrt(squaredStandardisedError / pairs);
        System.out.printf("[drift] surprise from 256 of 20,000 items: mean |error| %.4f, RMS error / SE %.2f%n",
                meanAbsoluteError, rmsStandardised);
        assertTrue(meanAbsoluteError <= 0.025, "mean absolute error " + meanAbsoluteError);
        assertTrue(rmsStandardised >= 0.8 && rmsStandardised <= 1.25, "RMS error / SE " + rmsStandardised);
    }

    @Test
    void theSameCatalogueAndSeedGiveTheSameSample() {
        SplittableRandom random = new SplittableRandom(6);
        float[] catalogue = gaussian(random, 5_000 * D);
        float[][] users = new float[50][];
        float[][] items = new float[50][];
        for (int p = 0; p < users.length; p++) {
            users[p] = gaussian(random, D);
            items[p] = gaussian(random, D);
        }

        double[] first = surprises(InteractionSurprise.sampledFrom(catalogue, D, 64, 42), users, items);
        double[] again = surprises(InteractionSurprise.sampledFrom(catalogue, D, 64, 42), users, items);
        double[] otherSeed = surprises(InteractionSurprise.sampledFrom(catalogue, D, 64, 43), users, items);

        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, otherSeed));
    }

    private static double[] surprises(InteractionSurprise surprise, float[][] users, float[][] items) {
        double[] out = new double[users.length];
        for (int p = 0; p < users.length; p++) {
            out[p] = surprise.surpriseOf(users[p], items[p]);
        }
        return out;
    }

    @Test
    void aCatalogueSmallerThanTheSampleIsTakenWhole() {
        float[] catalogue = gaussian(new SplittableRandom(7), 10 * D);

        InteractionSurprise surprise = InteractionSurprise.sampledFrom(catalogue, D, 256, 42);

        assertEquals(10, surprise.sampleSize());
    }

    @Test
    void standardErrorOfASampleOf256IsAtMostPoint031() {
        assertEquals(0.03125, InteractionSurprise.standardError(0.5, 256), 1e-12);
        assertEquals(0.0, InteractionSurprise.standardError(0.0, 256));
    }

    @Test
    void refusesVectorsOfAnotherDimension() {
        InteractionSurprise surprise = new InteractionSurprise(new float[][] {{1, 0}, {0, 1}});

        assertThrows(IllegalArgumentException.class, () -> surprise.surpriseOf(new float[] {1, 0, 0}, new float[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> new InteractionSurprise(new float[][] {{1, 0}, {1}}));
        assertThrows(IllegalArgumentException.class, () -> new InteractionSurprise(new float[0][]));
    }
}
