package io.murmuration.node.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SlidingMeanTest {

    @Test
    void averagesWhatWasAddedUntilFull() {
        SlidingMean window = new SlidingMean(4);
        assertEquals(0.0, window.mean());

        window.add(1);
        window.add(0);

        assertEquals(2, window.count());
        assertEquals(0.5, window.mean(), 1e-12);
    }

    @Test
    void forgetsTheOldestValueOnceFull() {
        SlidingMean window = new SlidingMean(3);
        for (double x : new double[] {10, 1, 2, 3}) {
            window.add(x);
        }

        assertEquals(3, window.count());
        assertEquals(6.0, window.sum(), 1e-12);
        assertEquals(2.0, window.mean(), 1e-12);
    }

    @Test
    void keepsItsSumExactOverManyLaps() {
        SlidingMean window = new SlidingMean(7);
        for (int i = 0; i < 1_000_003; i++) {
            window.add(i % 10 == 0 ? 0.1 : 1e6);
        }
        double exact = 0;
        for (int i = 1_000_003 - 7; i < 1_000_003; i++) {
            exact += i % 10 == 0 ? 0.1 : 1e6;
        }

        assertEquals(exact, window.sum(), 1e-6);
    }

    @Test
    void refusesAnEmptyWindowAndNonFiniteValues() {
        assertThrows(IllegalArgumentException.class, () -> new SlidingMean(0));
        assertThrows(IllegalArgumentException.class, () -> new SlidingMean(2).add(Double.NaN));
    }
}
