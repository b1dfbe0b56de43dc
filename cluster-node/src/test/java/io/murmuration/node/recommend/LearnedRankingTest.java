package io.murmuration.node.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.node.item.ItemActivity;
import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.recommend.CandidateBlend.Blended;
import io.murmuration.node.recommend.CandidateBlend.Neighbourhood;
import io.murmuration.node.user.UserEntity.RankedCandidates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LearnedRankingTest {

    private static final CandidateBlend.Weights START = new CandidateBlend.Weights(0.15, 1.0, 0.1);

    /** One user's sources: the factors' best, one recent item's neighbours, the popular list. */
    record Sources(List<ScoredItem> personal, List<ScoredItem> neighbours, List<ScoredItem> popular) {
        CandidateBlend.Candidates candidates() {
            return CandidateBlend.candidates(personal, List.of(new Neighbourhood("recent", neighbours)), popular,
                    List.of(), 1.0);
        }
    }

    private static Arbitrary<List<ScoredItem>> source(Arbitrary<Double> scores) {
        Arbitrary<ScoredItem> item = Combinators.combine(Arbitraries.integers().between(0, 40), scores)
                .as((id, score) -> new ScoredItem("i" + id, score));
        return item.list().ofMaxSize(30).uniqueElements(ScoredItem::itemId);
    }

    @Provide
    Arbitrary<Sources> plainSources() {
        Arbitrary<Double> scores = Arbitraries.doubles().between(0.01, 100);
        return Combinators.combine(source(scores), source(scores), source(scores)).as(Sources::new);
    }

    /** Any activity of some of the items, from the first instant there is to the last, or none. */
    @Provide
    Arbitrary<Map<String, ItemActivity.Facts>> anyActivity() {
        Arbitrary<Instant> times = anyTime().filter(t -> t != null);
        Arbitrary<ItemActivity.Facts> facts = Combinators.combine(Arbitraries.longs().between(1, Long.MAX_VALUE), times,
                times).as((taken, a, b) -> new ItemActivity.Facts(taken, a.isBefore(b) ? a : b, a.isBefore(b) ? b : a));
        return Arbitraries.maps(Arbitraries.of("i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9"), facts);
    }

    @Provide
    Arbitrary<Instant> anyTime() {
        return Arbitraries.oneOf(Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH),
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                        .map(Instant::ofEpochSecond)).injectNull(0.1);
    }

    @Provide
    Arbitrary<Sources> anySources() {
        Arbitrary<Double> scores = Arbitraries.oneOf(Arbitraries.doubles().between(-1e300, 1e300),
                Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY));
        return Combinators.combine(source(scores), source(scores), source(scores)).as(Sources::new);
    }

    @Property
    void beforeAnyStepItScoresEveryItemAsTheFixedBlendDoes(@ForAll("plainSources") Sources sources) {
        LearnedRanking ranking = new LearnedRanking(3, 0.2, 50, START);
        CandidateBlend.Candidates candidates = sources.candidates();

        for (int context = 0; context < 3; context++) {
            List<Blended> learned = ranking.rank(candidates, ranking.userFeatures(context, 7), Set.of("i3")::contains, 10).items();
            List<Blended> blended = candidates.rank(START, Set.of("i3")::contains, 10);

            assertEquals(blended.size(), learned.size());
            for (int i = 0; i < learned.size(); i++) {
                // the same scores in the same order (features are kept as floats, hence the tolerance)
                assertEquals(blended.get(i).score(), learned.get(i).score(), 1e-6 * Math.max(1, blended.get(i).score()));
            }
        }
    }

    @Property
    void whateverTheSourcesAndTheItemsActivitySayItServesValidListsAndItsWeightsStayFinite(
            @ForAll("anySources") Sources sources, @ForAll("anyActivity") Map<String, ItemActivity.Facts> activity,
            @ForAll("anyTime") Instant now, @ForAll("anyTime") Instant userLastSeen) {
        LearnedRanking ranking = new LearnedRanking(2, 0.5, 20, START);
        CandidateBlend.Candidates candidates = sources.candidates();
        Set<String> seen = Set.of("i1", "i2");
        Duration away = now == null || userLastSeen == null ? null : Duration.between(userLastSeen, now);

        for (int round = 0; round < 5; round++) {
            LearnedRanking.Ranking served = ranking.rank(candidates, ranking.userFeatures(round % 2, round * 1000L, away),
                    new LearnedRanking.Activity(activity::get, now), seen::contains, 10);

            assertTrue(served.items().size() <= 10);
            for (int i = 0; i < served.items().size(); i++) {
                Blended b = served.items().get(i);
                assertTrue(!seen.contains(b.itemId()) && Double.isFinite(b.score()), b::toString);
                if (i > 0) assertTrue(served.items().get(i - 1).score() >= b.score());
            }
            if (served.rankedFrom() != null) {
                RankedCandidates from = served.rankedFrom();
                assertTrue(from.itemIds().size() <= 20);
                ranking.learn(from, round % from.itemIds().size());
            }
        }
        for (int context = 0; context < 2; context++) {
            for (double w : ranking.weightsIn(context)) {
                assertTrue(Double.isFinite(w), () -> java.util.Arrays.toString(ranking.weightsIn(0)));
            }
        }
    }

    @Test
    void learnsInEachTrendContextWhichSourceItsUsersFollow() {
        // given lists where co-occurrence's best is "near" and the popular list's best is "hot", among others
        List<ScoredItem> neighbours = new ArrayList<>();
        List<ScoredItem> popular = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            neighbours.add(new ScoredItem(i == 0 ? "near" : "n" + i, 20 - i));
            popular.add(new ScoredItem(i == 0 ? "hot" : "p" + i, 1000 - 40 * i));
        }
        CandidateBlend.Candidates candidates = new Sources(List.of(), neighbours, popular).candidates();
        LearnedRanking ranking = new LearnedRanking(2, 0.2, 50, START);
        // at first both contexts follow the weights: co-occurrence 1, popularity 0.1
        for (int context = 0; context < 2; context++) {
            assertEquals("near", first(ranking, candidates, context));
        }

        // when users of context 0 take what co-occurrence found and those of context 1 take what is popular
        for (int step = 0; step < 300; step++) {
            for (int context = 0; context < 2; context++) {
                RankedCandidates served = ranking.rank(candidates, ranking.userFeatures(context, 20), item -> false, 10)
                        .rankedFrom();
                ranking.learn(served, served.itemIds().indexOf(context == 0 ? "near" : "hot"));
            }
        }

        // then each context's lists lead with its users' choice
        assertEquals("near", first(ranking, candidates, 0));
        assertEquals("hot", first(ranking, candidates, 1));
        assertEquals(600, ranking.steps());
    }

    @Test
    void refusesCandidatesDescribedByAnotherNumberOfFeaturesOrNoneOrATakenPlaceOutsideThem() {
        LearnedRanking ranking = new LearnedRanking(3, 0.2, 50, START);
        double[] before = ranking.weightsIn(1);
        float[] user = ranking.userFeatures(1, 3);

        ranking.learn(new RankedCandidates(List.of("a", "b"), new float[2 * (LearnedRanking.ITEM_FEATURES + 1)], user), 0);
        ranking.learn(new RankedCandidates(List.of("a", "b"), new float[2 * LearnedRanking.ITEM_FEATURES], new float[2]), 0);
        ranking.learn(new RankedCandidates(List.of("a", "b"), new float[2 * LearnedRanking.ITEM_FEATURES], user), 2);
        ranking.learn(new RankedCandidates(List.of("a", "b"), null, user), 0);
        ranking.learn(new RankedCandidates(null, new float[0], null), 0);

        assertEquals(5, ranking.skipped());
        assertEquals(0, ranking.steps());
        assertArrayEquals(before, ranking.weightsIn(1));
    }

    private static String first(LearnedRanking ranking, CandidateBlend.Candidates candidates, int context) {
        return ranking.rank(candidates, ranking.userFeatures(context, 20), item -> false, 1).items().get(0).itemId();
    }
}
