package io.murmuration.node.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BlendLeaderTest {

    private static final CandidateBlend.Weights DEFAULTS = new CandidateBlend.Weights(0.15, 1, 0.1);
    private static final CandidateBlend.Weights PERSONAL = new CandidateBlend.Weights(0.5, 1, 0.1);
    private static final CandidateBlend.Weights POPULAR = new CandidateBlend.Weights(0, 1, 1);
    private static final List<CandidateBlend.Weights> SETS = List.of(DEFAULTS, PERSONAL, POPULAR);

    private static long bit(int set) {
        return 1L << set;
    }

    @Test
    void theDefaultsServeUntilAnotherSetHasDoneBetter() {
        BlendLeader leader = new BlendLeader(SETS, 100, 1);
        assertEquals(0, leader.serve().set(), "nothing credited yet");

        leader.credit(bit(0) | bit(2)); // a tie between the defaults and the popular set
        assertEquals(0, leader.serve().set());
        leader.credit(0); // a miss for all
        assertEquals(0, leader.serve().set());

        leader.credit(bit(2));
        assertEquals(2, leader.serve().set());
        assertEquals(List.of(3L, 0L, 1L), leader.standings().stream().map(BlendLeader.Standing::served).toList());
        assertEquals(List.of(1L, 0L, 2L), leader.standings().stream().map(BlendLeader.Standing::hits).toList());
        assertEquals(3, leader.credited());
        assertTrue(leader.standings().get(2).leading());
    }

    @Test
    void aSetThatStopsHittingLosesTheLeadWithinAFewHalfLives() {
        int halfLife = 50;
        BlendLeader leader = new BlendLeader(SETS, halfLife, 1);
        for (int i = 0; i < 1000; i++) leader.credit(bit(1)); // the personal set hit every time for long

        int credits = 0;
        while (leader.serve().set() != 2) {
            leader.credit(bit(2)); // now only the popular set does
            credits++;
        }
        // Both tallies tend towards halfLife / ln 2 ≈ 72 hits; they cross when they meet halfway, after one half-life.
        assertEquals(halfLife, credits, 1);
        assertEquals(1000, leader.standings().get(1).hits(), "all-time hits are not decayed");
    }

    @Test
    void aHitIsHalvedAfterOneHalfLife() {
        BlendLeader leader = new BlendLeader(SETS, 10, 1);
        leader.credit(bit(1));
        for (int i = 0; i < 10; i++) leader.credit(0);

        assertEquals(0.5, leader.standings().get(1).recentHits(), 1e-9);
    }

    @Test
    void aFixedBlendHasNothingToChoose() {
        BlendLeader fixed = BlendLeader.fixed(DEFAULTS);

        assertFalse(fixed.choosing());
        assertEquals(List.of(DEFAULTS), fixed.sets());
        fixed.credit(0);
        assertEquals(0, fixed.serve().set());
    }

    @Test
    void refusesNoSetTooManySetsAndAHalfLifeThatIsNotAPositiveNumber() {
        assertThrows(IllegalArgumentException.class, () -> new BlendLeader(List.of(), 10, 1));
        List<CandidateBlend.Weights> many = new ArrayList<>();
        for (int i = 0; i <= BlendLeader.MAX_SETS; i++) many.add(new CandidateBlend.Weights(i, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new BlendLeader(many, 10, 1));
        assertEquals(BlendLeader.MAX_SETS, new BlendLeader(many.subList(0, BlendLeader.MAX_SETS), 10, 1).sets().size());
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new BlendLeader(SETS, bad, 1), "half-life " + bad);
        }
    }

    @Test
    void oneListInCompareEveryIsComparedTheFirstIncludedAndAFixedBlendComparesNone() {
        BlendLeader leader = new BlendLeader(SETS, 100, 4);
        List<Boolean> compared = new ArrayList<>();
        for (int i = 0; i < 9; i++) compared.add(leader.serve().compared());
        assertEquals(List.of(true, false, false, false, true, false, false, false, true), compared);

        BlendLeader everyList = new BlendLeader(SETS, 100, 1);
        for (int i = 0; i < 5; i++) assertTrue(everyList.serve().compared());

        BlendLeader fixed = BlendLeader.fixed(DEFAULTS);
        for (int i = 0; i < 5; i++) assertFalse(fixed.serve().compared(), "nothing to compare with one set");
        assertThrows(IllegalArgumentException.class, () -> new BlendLeader(SETS, 100, 0));
    }

    @Test
    void creditsFromManyEntitiesAtOnceAreAllCounted() throws Exception {
        BlendLeader leader = new BlendLeader(SETS, 1000, 1);
        int threads = 4;
        int each = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            long mask = bit(t % SETS.size());
            pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    leader.credit(mask);
                    leader.serve();
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));

        assertEquals((long) threads * each, leader.credited());
        assertEquals(List.of(2L * each, (long) each, (long) each),
                leader.standings().stream().map(BlendLeader.Standing::hits).toList());
        assertEquals((long) threads * each, leader.standings().stream().mapToLong(BlendLeader.Standing::served).sum());
    }

    /** The leader is always the first set with the most decayed hits, recomputed here from the credits alone. */
    @Property(tries = 300)
    void theLeaderIsTheFirstSetWithTheMostDecayedHits(@ForAll("masks") List<Long> masks, @ForAll("halfLives") int halfLife) {
        List<CandidateBlend.Weights> sets = new ArrayList<>();
        for (int i = 0; i < 5; i++) sets.add(new CandidateBlend.Weights(i, 1, 0.1));
        BlendLeader leader = new BlendLeader(sets, halfLife, 1);
        double[] expected = new double[sets.size()];
        double keep = Math.pow(0.5, 1.0 / halfLife);
        for (long mask : masks) {
            leader.credit(mask);
            for (int i = 0; i < expected.length; i++) {
                expected[i] = expected[i] * keep + ((mask >> i & 1) == 1 ? 1 : 0);
            }
            int best = 0;
            for (int i = 1; i < expected.length; i++) {
                if (expected[i] > expected[best]) best = i;
            }
            assertEquals(best, leader.serve().set(), () -> "after " + masks);
        }
        List<Double> recent = leader.standings().stream().map(BlendLeader.Standing::recentHits).toList();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], recent.get(i), 1e-9);
        }
        assertEquals(1, Collections.frequency(leader.standings().stream().map(BlendLeader.Standing::leading).toList(), true));
    }

    @Test
    void aContextServesItsOwnLeaderOnlyOnceItBeatsTheWholeStreamsChoiceThereByTheGuard() {
        // hits hardly decay here, so the tallies are counts
        BlendLeader leader = new BlendLeader(SETS, 1e9, 1, 2, 2);
        for (int i = 0; i < 100; i++) leader.credit(0, bit(0)); // context 0: the defaults hit, 100 times
        for (int i = 0; i < 3; i++) leader.credit(1, bit(2)); // context 1: only the popular set, 3 times

        // 3 - 0 is not more than 2 × √3 ≈ 3.46: context 1 is still served the whole stream's choice
        assertEquals(0, leader.serve(1).set());
        leader.credit(1, bit(2));
        // 4 - 0 > 2 × √4 = 4? no; 5 - 0 > 2 × √5 ≈ 4.47: yes
        assertEquals(0, leader.serve(1).set());
        leader.credit(1, bit(2));
        BlendLeader.Turn turn = leader.serve(1);
        assertEquals(2, turn.set());
        assertEquals(1, turn.context());
        assertEquals(0, leader.serve(0).set(), "context 0 keeps the whole stream's choice");
        assertTrue(leader.standings().get(0).leading(), "the whole stream's leader did not change");
        assertEquals(5.0, leader.recentHitsIn(1)[2], 1e-6);
        assertEquals(0.0, leader.recentHitsIn(0)[2], 1e-6);

        // a context beyond the last is the last; before the first, the first
        assertEquals(2, leader.serve(7).set());
        assertEquals(1, leader.serve(7).context());
        assertEquals(0, leader.serve(-1).context());
    }

    @Test
    void anInfiniteGuardKeepsEveryContextOnTheWholeStreamsChoice() {
        BlendLeader leader = new BlendLeader(SETS, 100, 1, 3, Double.POSITIVE_INFINITY);
        for (int i = 0; i < 500; i++) {
            leader.credit(0, bit(0));
            leader.credit(1, bit(1));
            leader.credit(2, bit(1));
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(1, leader.serve(c).set(), "context " + c);
        }
    }

    @Test
    void refusesNoContextAndAGuardThatIsNotANumberOfStandardDeviations() {
        assertThrows(IllegalArgumentException.class, () -> new BlendLeader(SETS, 10, 1, 0, 1));
        for (double bad : new double[] {-0.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> new BlendLeader(SETS, 10, 1, 2, bad), "guard " + bad);
        }
        assertEquals(4, new BlendLeader(SETS, 10, 1, 4, 0).contexts());
    }

    /**
     * Whatever the credits, a list is served by its context's leader exactly when that set beats the whole stream's
     * leader on the context's lists by more than the guard; otherwise by the whole stream's leader. Recomputed here
     * from the credits alone; with one context it is the leader without contexts.
     */
    @Property(tries = 300)
    void aListIsServedByItsContextsLeaderExactlyWhenItPassesTheGuard(@ForAll("masks") List<Long> masks,
            @ForAll("halfLives") int halfLife, @ForAll("guards") double guard) {
        List<CandidateBlend.Weights> sets = new ArrayList<>();
        for (int i = 0; i < 5; i++) sets.add(new CandidateBlend.Weights(i, 1, 0.1));
        int contexts = 3;
        BlendLeader leader = new BlendLeader(sets, halfLife, 1, contexts, guard);
        BlendLeader oneContext = new BlendLeader(sets, halfLife, 1, 1, guard);
        BlendLeader without = new BlendLeader(sets, halfLife, 1);
        double keep = Math.pow(0.5, 1.0 / halfLife);
        double[] whole = new double[sets.size()];
        double[][] byContext = new double[contexts][sets.size()];
        for (int n = 0; n < masks.size(); n++) {
            long mask = masks.get(n);
            int context = (int) (Long.hashCode(mask * 31 + n) & 0x7fffffff) % contexts;
            leader.credit(context, mask);
            oneContext.credit(context, mask);
            without.credit(mask);
            for (int i = 0; i < sets.size(); i++) {
                double hit = (mask >> i & 1) == 1 ? 1 : 0;
                whole[i] = whole[i] * keep + hit;
                byContext[context][i] = byContext[context][i] * keep + hit;
            }
            int wholeBest = firstBest(whole);
            for (int c = 0; c < contexts; c++) {
                int advised = firstBest(byContext[c]);
                double mine = byContext[c][advised];
                double theirs = byContext[c][wholeBest];
                int expected = advised != wholeBest && mine - theirs > guard * Math.sqrt(mine + theirs) ? advised : wholeBest;
                assertEquals(expected, leader.serve(c).set(), "context " + c + " after " + masks.subList(0, n + 1));
            }
            assertEquals(without.serve().set(), oneContext.serve(context).set(), "one context is no context");
        }
    }

    private static int firstBest(double[] tallies) {
        int best = 0;
        for (int i = 1; i < tallies.length; i++) {
            if (tallies[i] > tallies[best]) best = i;
        }
        return best;
    }

    @Provide
    Arbitrary<Double> guards() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0, 4), Arbitraries.just(0.0),
                Arbitraries.just(Double.POSITIVE_INFINITY));
    }

    @Provide
    Arbitrary<List<Long>> masks() {
        return Arbitraries.longs().between(0, (1 << 5) - 1).list().ofMaxSize(400);
    }

    @Provide
    Arbitrary<Integer> halfLives() {
        return Arbitraries.integers().between(1, 500);
    }
}
