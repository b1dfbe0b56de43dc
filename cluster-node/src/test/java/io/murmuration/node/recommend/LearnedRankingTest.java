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
    Arbitrary<Double> anyShare() {
        return Arbitraries.oneOf(Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1.0, 2.0),
                Arbitraries.doubles().between(0, 1));
    }

    @Provide
    Arbitrary<Instant> anyTime() {
        return Arbitraries.oneOf(Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH),
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                        .map(Instant::ofEpochSecond)).injectNull(0.1);
    }

    /** None (the linear score alone), the default's and more. */
    @Provide
    Arbitrary<Integer> crossingUnits() {
        return Arbitraries.of(0, 1, 8, 32);
    }

    @Provide
    Arbitrary<Sources> anySources() {
        Arbitrary<Double> scores = Arbitraries.oneOf(Arbitraries.doubles().between(-1e300, 1e300),
                Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY));
        return Combinators.combine(source(scores), source(scores), source(scores)).as(Sources::new);
    }

    @Property
    void beforeAnyStepItScoresEveryItemAsTheFixedBlendDoes(@ForAll("plainSources") Sources sources,
            @ForAll("crossingUnits") int crossingUnits) {
        LearnedRanking ranking = new LearnedRanking(3, 0.2, 50, START, crossingUnits, 0.1);
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
            @ForAll("anyTime") Instant now, @ForAll("anyTime") Instant userLastSeen,
            @ForAll("anyShare") double popularShare, @ForAll("anyShare") double newShare,
            @ForAll("crossingUnits") int crossingUnits) {
        LearnedRanking ranking = new LearnedRanking(2, 0.5, 20, START, crossingUnits, 0.5);
        CandidateBlend.Candidates candidates = sources.candidates();
        Set<String> seen = Set.of("i1", "i2");
        Duration away = now == null || userLastSeen == null ? null : Duration.between(userLastSeen, now);

        for (int round = 0; round < 5; round++) {
            LearnedRanking.Ranking served = ranking.rank(candidates, ranking.userFeatures(round % 2, round * 1000L, away,
                    popularShare, newShare),
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
    void theNewShareCountsTheRecentItemsTakenWithinTwoWeeksOfTheirFirstTakingAndJudgesOnlyWhatIsKnown() {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        Map<String, ItemActivity.Facts> activity = Map.of(
                "launched", new ItemActivity.Facts(40, t.minus(Duration.ofDays(2)), t),
                "staple", new ItemActivity.Facts(900, t.minus(Duration.ofDays(400)), t),
                "edge", new ItemActivity.Facts(3, t.minus(Duration.ofDays(LearnedRanking.NEW_WITHIN_DAYS)), t));
        List<String> items = List.of("launched", "staple", "edge", "never-told");
        List<Instant> takenAt = List.of(t, t, t, t);

        // launched is new when taken; the staple and the one first taken exactly two weeks before are not; the item
        // whose shard told nothing is not judged
        assertEquals(1.0 / 3, LearnedRanking.newShare(items, takenAt, activity::get), 1e-12);
        // taken back when the staple was new itself
        assertEquals(2.0 / 3, LearnedRanking.newShare(items,
                List.of(t, t.minus(Duration.ofDays(395)), t, t), activity::get), 1e-12);
        java.util.ArrayList<Instant> unknownTime = new java.util.ArrayList<>(takenAt);
        unknownTime.set(0, null);
        assertEquals(0.0, LearnedRanking.newShare(items, unknownTime, activity::get), 1e-12);
        assertEquals(0.0, LearnedRanking.newShare(items, null, activity::get), "a taste of the version before");
        assertEquals(0.0, LearnedRanking.newShare(List.of("launched"), List.of(t.minus(Duration.ofDays(3))), activity::get),
                "taken before its first taking as its shard knows it: not judged");
        assertEquals(0.0, LearnedRanking.newShare(items, List.of(t), activity::get), "misaligned lists judge nothing");
    }

    @Test
    void theUserFeaturesCarryBothSharesAndRefuseNone() {
        LearnedRanking ranking = new LearnedRanking(3, 0.5, 20, START);
        float[] user = ranking.userFeatures(2, 10, Duration.ofHours(3), 0.75, 0.25);

        assertEquals(3 + 5, user.length);
        assertEquals(1f, user[2]);
        assertEquals(1f, user[3 + 1], "a same-day return");
        assertEquals(0.75f, user[3 + 3]);
        assertEquals(0.25f, user[3 + 4]);
        float[] nonsense = ranking.userFeatures(0, 10, null, Double.NaN, 7);
        assertEquals(0f, nonsense[3 + 3]);
        assertEquals(0f, nonsense[3 + 4]);
    }

    @Test
    void itemTimesFallInExactlyOneRangeOfEachKind() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        int lastToday = LearnedRanking.FEATURES.indexOf("last_taken_today");
        int firstWithin3 = LearnedRanking.FEATURES.indexOf("first_taken_3d");
        // days since last taken, days since first taken -> the last-taken range (0..2, 3 for none), the first-taken (0..2, 3)
        double[][] cases = {{0.5, 1, 0, 0}, {1, 3, 1, 1}, {2.9, 13.9, 1, 1}, {3, 14, 2, 2}, {13.99, 59.9, 2, 2},
                {14, 60, 3, 3}, {400, 4000, 3, 3}};
        for (double[] c : cases) {
            ItemActivity.Facts facts = new ItemActivity.Facts(5, now.minusSeconds((long) (c[1] * 86_400)),
                    now.minusSeconds((long) (c[0] * 86_400)));
            float[] x = new float[LearnedRanking.ITEM_FEATURES];
            LearnedRanking.itemFeatures(new CandidateBlend.Parts("i", false, 0, false, 0, 0, 0, false, 0, 0, 0, 0, 0, 0), facts,
                    now, x, 0);
            for (int r = 0; r < 3; r++) {
                assertEquals(r == c[2] ? 1f : 0f, x[lastToday + r], java.util.Arrays.toString(c));
                assertEquals(r == c[3] ? 1f : 0f, x[firstWithin3 + r], java.util.Arrays.toString(c));
            }
        }
        float[] never = new float[LearnedRanking.ITEM_FEATURES];
        LearnedRanking.itemFeatures(new CandidateBlend.Parts("i", false, 0, false, 0, 0, 0, false, 0, 0, 0, 0, 0, 0), null, now,
                never, 0);
        for (int r = 0; r < 3; r++) {
            assertEquals(0f, never[lastToday + r]);
            assertEquals(0f, never[firstWithin3 + r]);
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

    @Test
    void theCrossingLayerLearnsWhatTwoFeaturesSayTogetherWhichNoLinearScoreCan() {
        // Users take an item that has one of two features but not both: a linear score ranks the item with both
        // above at least one of the two (its score is their sum), whatever its weights.
        int a = LearnedRanking.FEATURES.indexOf("personal");
        int b = LearnedRanking.FEATURES.indexOf("co_occurrence");
        float[] features = new float[4 * LearnedRanking.ITEM_FEATURES];
        features[a] = 1; // "a": the first feature only
        features[LearnedRanking.ITEM_FEATURES + b] = 1; // "b": the second only
        features[2 * LearnedRanking.ITEM_FEATURES + a] = 1; // "both"
        features[2 * LearnedRanking.ITEM_FEATURES + b] = 1; // "neither": all zero
        List<String> ids = List.of("a", "b", "both", "neither");
        LearnedRanking crossing = new LearnedRanking(1, 0.2, 50, START, 32, 0.02);
        LearnedRanking linear = new LearnedRanking(1, 0.2, 50, START);
        float[] user = crossing.userFeatures(0, 20);

        for (int step = 0; step < 3000; step++) {
            crossing.learn(new RankedCandidates(ids, features, user), step % 2);
            linear.learn(new RankedCandidates(ids, features, user), step % 2);
        }

        double[] crossed = scores(crossing, features, user);
        assertTrue(Math.min(crossed[0], crossed[1]) > Math.max(crossed[2], crossed[3]), java.util.Arrays.toString(crossed));
        double[] plain = scores(linear, features, user);
        assertTrue(Math.min(plain[0], plain[1]) <= Math.max(plain[2], plain[3]), java.util.Arrays.toString(plain));
        assertEquals(3000, crossing.steps());
    }

    private static double[] scores(LearnedRanking ranking, float[] features, float[] user) {
        double[] scores = new double[features.length / LearnedRanking.ITEM_FEATURES];
        for (int j = 0; j < scores.length; j++) {
            scores[j] = ranking.score(java.util.Arrays.copyOfRange(features, j * LearnedRanking.ITEM_FEATURES,
                    (j + 1) * LearnedRanking.ITEM_FEATURES), user);
        }
        return scores;
    }

    private static String first(LearnedRanking ranking, CandidateBlend.Candidates candidates, int context) {
        return ranking.rank(candidates, ranking.userFeatures(context, 20), item -> false, 1).items().get(0).itemId();
    }
}
