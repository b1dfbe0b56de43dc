package io.murmuration.node.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.node.user.DriftState;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The drift tests are total over what the user entities feed them: any run of surprises in [0, 1] (the only values
 * a surprise takes) keeps every figure finite and every detector state one that can be stored and restored; and a
 * user's drift state ignores, rather than throws on, a stored surprise that is not a share at all.
 */
class DriftTestsPropertyTest {

    private static final DriftSettings.PerUser USER = new DriftSettings.PerUser(0.1, 4, 20, 0.1);

    @Property(tries = 200)
    void pageHinkleyStaysFiniteAndRestorable(@ForAll("surpriseRuns") List<Double> surprises) {
        PageHinkleyDetector test = new PageHinkleyDetector(0.1, 4, 20);

        for (double s : surprises) {
            test.observe(s);
            PageHinkleyDetector.State state = test.state(); // the record refuses non-finite figures
            assertEquals(state, new PageHinkleyDetector(0.1, 4, 20, state).state());
        }
    }

    @Property(tries = 100)
    void adwinStaysWithinTheUnitInterval(@ForAll("surpriseRuns") List<Double> surprises) {
        AdwinDetector detector = new AdwinDetector(0.002, 5, 10, 32);

        for (double s : surprises) {
            detector.observe(s);
            assertTrue(detector.mean() >= 0 && detector.mean() <= 1, () -> "mean " + detector.mean());
            assertTrue(Double.isFinite(detector.variance()) && detector.variance() >= -1e-12, () -> "variance " + detector.variance());
        }
    }

    @Property(tries = 500)
    void aUsersDriftStateIgnoresSurprisesThatAreNotShares(@ForAll("anySurprises") double surprise) {
        DriftState before = DriftState.EMPTY.afterSurprise(0.5, "v1", Instant.EPOCH, USER);

        DriftState after = before.afterSurprise(surprise, "v1", Instant.MAX, USER);

        if (surprise >= 0 && surprise <= 1) {
            assertEquals(2, after.detector().count());
        } else {
            assertEquals(before, after);
        }
    }

    @Provide
    Arbitrary<List<Double>> surpriseRuns() {
        Arbitrary<Double> share = Arbitraries.oneOf(
                Arbitraries.doubles().between(0, 1),
                Arbitraries.of(0.0, 1.0, Double.MIN_VALUE, Math.nextDown(1.0)));
        return Arbitraries.oneOf(
                share.list().ofMaxSize(2_000),
                Arbitraries.of(0.0, 1.0).list().ofMinSize(1_000).ofMaxSize(5_000));
    }

    @Provide
    Arbitrary<Double> anySurprises() {
        return Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1.0, 0.0, 1e308));
    }
}
