package io.murmuration.node.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TrendContextsTest {

    private static final TrendContexts DEFAULTS = new TrendContexts(List.of(0.2, 0.5), 0.5, 50);

    @Test
    void aShareFallsInTheFirstContextWhoseBoundItDoesNotPass() {
        assertEquals(3, DEFAULTS.count());
        assertEquals(0, DEFAULTS.of(0));
        assertEquals(0, DEFAULTS.of(0.2));
        assertEquals(1, DEFAULTS.of(0.2000001));
        assertEquals(1, DEFAULTS.of(0.5));
        assertEquals(2, DEFAULTS.of(0.51));
        assertEquals(2, DEFAULTS.of(1));
        assertEquals(1, TrendContexts.NONE.count());
        assertEquals(0, TrendContexts.NONE.of(0.9));
    }

    @Test
    void refusesBoundsThatDoNotAscendWithinZeroToOneAGuardThatIsNoNumberOfDeviationsAndAnEmptyHead() {
        for (List<Double> bad : List.of(List.of(0.5, 0.2), List.of(0.2, 0.2), List.of(-0.1), List.of(1.5),
                List.of(Double.NaN))) {
            assertThrows(IllegalArgumentException.class, () -> new TrendContexts(bad, 0.5, 50), bad.toString());
        }
        for (double guard : new double[] {-1, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> new TrendContexts(List.of(0.2), guard, 50));
        }
        assertThrows(IllegalArgumentException.class, () -> new TrendContexts(List.of(0.2), 0.5, 0));
        assertEquals(Double.POSITIVE_INFINITY, new TrendContexts(List.of(0.2), Double.POSITIVE_INFINITY, 1).guard());
    }

    /** Any share, even one no user can have, names a context, and a larger share never a lower one. */
    @Property(tries = 500)
    void everyShareHasAContextAndTheContextGrowsWithTheShare(@ForAll("shares") double a, @ForAll("shares") double b) {
        int ofA = DEFAULTS.of(a);
        assertTrue(ofA >= 0 && ofA < DEFAULTS.count(), a + " gave " + ofA);
        if (a <= b) {
            assertTrue(ofA <= DEFAULTS.of(b), a + " then " + b);
        }
    }

    @Provide
    Arbitrary<Double> shares() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(-1, 2), Arbitraries.of(0.0, 0.2, 0.5, 1.0,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }
}
