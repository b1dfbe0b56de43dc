package io.murmuration.node.model.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImplicitAlsTest {

    private static final int USERS_PER_BLOCK = 20;
    private static final int ITEMS_PER_BLOCK = 10;

    /**
     * Two communities that never meet: users of block k only touch items of block k. Each user picks six of
     * its block's ten items at random, so every user also has own-block items it never saw.
     */
    private static InteractionMatrix twoDisjointCommunities() {
        Random random = new Random(4L);
        InteractionMatrix.Builder builder = InteractionMatrix.builder(2 * USERS_PER_BLOCK, 2 * ITEMS_PER_BLOCK);
        for (int user = 0; user < 2 * USERS_PER_BLOCK; user++) {
            int firstItem = user < USERS_PER_BLOCK ? 0 : ITEMS_PER_BLOCK;
            for (int pick = 0; pick < 6; pick++) {
                builder.add(user, firstItem + random.nextInt(ITEMS_PER_BLOCK), 1.0 + random.nextInt(3));
            }
        }
        return builder.build();
    }

    private static InteractionMatrix randomInteractions(int users, int items, int count, long seed) {
        Random random = new Random(seed);
        InteractionMatrix.Builder builder = InteractionMatrix.builder(users, items);
        for (int n = 0; n < count; n++) {
            builder.add(random.nextInt(users), random.nextInt(items), 1 + random.nextInt(4));
        }
        return builder.build();
    }

    @Test
    void everyUserScoresItsOwnBlockAboveEveryItemOfTheOtherBlock() throws Exception {
        InteractionMatrix interactions = twoDisjointCommunities();
        // One factor per community: with spare factors iALS memorises each user's own items instead.
        ImplicitAls als = new ImplicitAls(new AlsParameters(2, 10, 0.1, 10.0, 42L, 2));

        FactorModel model = als.train(interactions).model();

        for (int user = 0; user < 2 * USERS_PER_BLOCK; user++) {
            int own = user < USERS_PER_BLOCK ? 0 : ITEMS_PER_BLOCK;
            int other = ITEMS_PER_BLOCK - own;
            double worstOwn = Double.POSITIVE_INFINITY;
            double bestOther = Double.NEGATIVE_INFINITY;
            for (int n = 0; n < ITEMS_PER_BLOCK; n++) {
                worstOwn = Math.min(worstOwn, model.score(user, own + n));
                bestOther = Math.max(bestOther, model.score(user, other + n));
            }
            assertTrue(worstOwn > bestOther + 0.25,
                    "user " + user + ": worst own item " + worstOwn + ", best other item " + bestOther);
        }
    }

    @Test
    void objectiveDecreasesMonotonicallyAcrossIterations() throws Exception {
        InteractionMatrix interactions = randomInteractions(300, 200, 4000, 7L);
        ImplicitAls als = new ImplicitAls(new AlsParameters(8, 8, 0.5, 5.0, 3L, 2));

        List<Double> objective = als.train(interactions).objectiveByIteration();

        assertEquals(8, objective.size());
        for (int n = 1; n < objective.size(); n++) {
            assertTrue(objective.get(n) < objective.get(n - 1),
                    "iteration " + n + " raised the objective: " + objective);
        }
    }

    @Test
    void reportsTheSameObjectiveAsEvaluatingTheFinalModel() throws Exception {
        InteractionMatrix interactions = twoDisjointCommunities();
        ImplicitAls als = new ImplicitAls(new AlsParameters(2, 3, 0.1, 10.0, 42L, 1));

        ImplicitAls.Training training = als.train(interactions);

        assertEquals(training.objectiveByIteration().get(2), als.objective(interactions, training.model()), 1e-9);
    }

    @Test
    void objectiveEqualsTheSumOverEveryUserItemPair() throws Exception {
        InteractionMatrix interactions = randomInteractions(20, 15, 60, 11L);
        double lambda = 0.3;
        double alpha = 4.0;
        ImplicitAls als = new ImplicitAls(new AlsParameters(3, 2, lambda, alpha, 5L, 1));
        FactorModel model = als.train(interactions).model();

        double bruteForce = 0.0;
        for (int u = 0; u < 20; u++) {
            for (int i = 0; i < 15; i++) {
                double r = interactions.weight(u, i);
                double p = r > 0 ? 1.0 : 0.0;
                double error = p - model.score(u, i);
                bruteForce += (1.0 + alpha * r) * error * error;
            }
        }
        for (float v : model.userFactors()) {
            bruteForce += lambda * v * v;
        }
        for (float v : model.itemFactors()) {
            bruteForce += lambda * v * v;
        }

        assertEquals(bruteForce, als.objective(interactions, model), 1e-9 * bruteForce);
    }

    @Test
    void eachItemVectorSolvesItsExactStepAgainstTheFinalUserFactors() throws Exception {
        InteractionMatrix interactions = randomInteractions(60, 40, 500, 13L);
        int d = 5;
        double lambda = 0.2;
        double alpha = 3.0;
        FactorModel model = new ImplicitAls(new AlsParameters(d, 4, lambda, alpha, 9L, 2)).train(interactions).model();

        float[] users = model.userFactors();
        for (int item = 0; item < 40; item++) {
            double[] weights = new double[60];
            for (int u = 0; u < 60; u++) {
                weights[u] = interactions.weight(u, item);
            }
            double[] expected = ReferenceAlgebra.alsStep(users, d, weights, lambda, alpha);
            float[] actual = model.itemVector(item);
            for (int j = 0; j < d; j++) {
                assertEquals(expected[j], actual[j], 1e-5, "item " + item + " component " + j);
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalFactorsWhateverTheThreadCount() throws Exception {
        InteractionMatrix interactions = randomInteractions(500, 300, 6000, 17L);

        FactorModel oneThread = trainWith(interactions, 99L, 1);
        FactorModel twoThreads = trainWith(interactions, 99L, 2);
        FactorModel twoAgain = trainWith(interactions, 99L, 2);
        FactorModel otherSeed = trainWith(interactions, 100L, 2);

        assertArrayEquals(twoThreads.userFactors(), twoAgain.userFactors());
        assertArrayEquals(twoThreads.itemFactors(), twoAgain.itemFactors());
        assertArrayEquals(oneThread.userFactors(), twoThreads.userFactors());
        assertArrayEquals(oneThread.itemFactors(), twoThreads.itemFactors());
        assertFalse(Arrays.equals(twoThreads.itemFactors(), otherSeed.itemFactors()));
    }

    private static FactorModel trainWith(InteractionMatrix interactions, long seed, int threads) throws Exception {
        return new ImplicitAls(new AlsParameters(8, 3, 0.1, 10.0, seed, threads)).train(interactions).model();
    }

    @Test
    void givesUsersWithoutInteractionsAZeroVector() throws Exception {
        InteractionMatrix interactions = InteractionMatrix.builder(3, 2).add(0, 0, 1.0).add(2, 1, 2.0).build();

        FactorModel model = new ImplicitAls(new AlsParameters(2, 2, 0.1, 1.0, 1L, 1)).train(interactions).model();

        assertArrayEquals(new float[] {0f, 0f}, model.userVector(1));
    }

    @Test
    void refusesParametersNamingTheBadKnob() {
        IllegalArgumentException lambda = assertThrows(IllegalArgumentException.class,
                () -> new AlsParameters(8, 5, 0.0, 1.0, 1L, 1));
        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class,
                () -> new AlsParameters(8, 5, 0.1, 1.0, 1L, 0));

        assertTrue(lambda.getMessage().startsWith("lambda"), lambda.getMessage());
        assertTrue(threads.getMessage().startsWith("threads"), threads.getMessage());
    }
}
