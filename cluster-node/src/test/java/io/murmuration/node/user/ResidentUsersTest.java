package io.murmuration.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The resident-user budget: a share of the heap at the measured cost per user, or an explicit limit. */
class ResidentUsersTest {

    private static final long GIB = 1L << 30;

    @Test
    void theHeapShareDividedByTheCostOfOneUser() {
        ResidentUsers budget = new ResidentUsers(0.5, 16_384, 0);

        assertEquals(262_144, budget.limitFor(8 * GIB));
        assertEquals(32_768, budget.limitFor(GIB));
    }

    @Test
    void anExplicitLimitWins() {
        assertEquals(50_000, new ResidentUsers(0.5, 16_384, 50_000).limitFor(8 * GIB));
    }

    @Test
    void neverBelowAFloorNorBeyondAnInt() {
        assertEquals(ResidentUsers.FEWEST, new ResidentUsers(0.1, 1_000_000, 0).limitFor(GIB));
        assertEquals(Integer.MAX_VALUE, new ResidentUsers(0.9, 1, 0).limitFor(1L << 40));
    }

    @Test
    void refusesBudgetsThatMeanNothing() {
        assertThrows(IllegalArgumentException.class, () -> new ResidentUsers(0, 16_384, 0));
        assertThrows(IllegalArgumentException.class, () -> new ResidentUsers(1, 16_384, 0));
        assertThrows(IllegalArgumentException.class, () -> new ResidentUsers(0.5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ResidentUsers(0.5, 16_384, -1));
    }
}
