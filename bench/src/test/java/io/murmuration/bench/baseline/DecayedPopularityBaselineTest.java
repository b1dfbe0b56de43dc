package io.murmuration.bench.baseline;

import static io.murmuration.bench.baseline.Events.purchaseOnDay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecayedPopularityBaselineTest {

    @Test
    void countsHalveEveryHalfLifeOfEventTime() {
        DecayedPopularityBaseline baseline = new DecayedPopularityBaseline(Duration.ofDays(1));
        baseline.learn(purchaseOnDay("u1", "old", 0));
        baseline.learn(purchaseOnDay("u2", "old", 0));
        baseline.learn(purchaseOnDay("u3", "old", 0));
        baseline.learn(purchaseOnDay("u1", "new", 2));

        assertEquals(0.75, baseline.count("old"), 1e-12); // 3 × 2^−2
        assertEquals(1.0, baseline.count("new"), 1e-12);
        assertEquals(List.of("new", "old"), baseline.recommend("someone", 10));
    }

    @Test
    void ranksLikeAllTimeCountsWhenTheHalfLifeIsLongAndLeavesOutTheUsersOwn() {
        DecayedPopularityBaseline baseline = new DecayedPopularityBaseline(Duration.ofDays(3650));
        baseline.learn(purchaseOnDay("u1", "old", 0));
        baseline.learn(purchaseOnDay("u2", "old", 0));
        baseline.learn(purchaseOnDay("u3", "old", 0));
        baseline.learn(purchaseOnDay("u1", "new", 2));

        assertEquals(3 * Math.pow(2, -2.0 / 3650), baseline.count("old"), 1e-12);
        assertEquals(List.of("old", "new"), baseline.recommend("someone", 10));
        assertEquals(List.of("new"), baseline.recommend("u2", 10));
    }

    @Test
    void keepsRankingAcrossThousandsOfHalfLives() {
        DecayedPopularityBaseline baseline = new DecayedPopularityBaseline(Duration.ofHours(1));
        baseline.learn(purchaseOnDay("u1", "a", 0));
        baseline.learn(purchaseOnDay("u1", "b", 100)); // 2,400 half-lives later: a counts 2^−2400, i.e. nothing
        baseline.learn(purchaseOnDay("u2", "c", 200));
        baseline.learn(purchaseOnDay("u3", "c", 200));
        baseline.learn(purchaseOnDay("u4", "c", 200));
        baseline.learn(purchaseOnDay("u3", "b", 200 + 1.0 / 24));

        assertEquals(1.0, baseline.count("b"), 1e-12); // the event of day 100 adds 2^−2401
        assertEquals(1.5, baseline.count("c"), 1e-12); // 3 × 2^−1
        assertEquals(0.0, baseline.count("a"), 1e-12);
        assertEquals(List.of("c", "b", "a"), baseline.recommend("someone", 10));
    }

    @Test
    void refusesAHalfLifeThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> new DecayedPopularityBaseline(Duration.ZERO));
    }
}
