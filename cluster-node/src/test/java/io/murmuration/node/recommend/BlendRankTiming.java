package io.murmuration.node.recommend;

import io.murmuration.node.item.ScoredItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * What the competing weight sets cost a request (decision 019): the time to scale one user's sources and rank them
 * under the served set, alone and then with every set of the default grid ranked for its top 10 too; and what the
 * learned ranking costs instead (decision 028: every candidate's features, its score, the best 50 kept with theirs),
 * linear alone and with the default crossing layer of 32 units (decision 031), and what one of its learning steps
 * costs with the layer. The sources are
 * of the size a request blends: 50 personal candidates, 5 recent items of 50 neighbours each, 60 popular items, over a
 * pool of 400 items, 20 of them excluded. Five rounds of 20,000 lists; the first rounds include the JIT's warm-up.
 *
 * <pre>
 * mvn -B -q -pl cluster-node -am test-compile && cd cluster-node
 * java -cp target/test-classes:target/classes:$(cat target/runtime.classpath) io.murmuration.node.recommend.BlendRankTiming
 * </pre>
 */
public final class BlendRankTiming {

    private static final int LISTS_PER_ROUND = 20_000;

    private BlendRankTiming() {}

    public static void main(String[] args) {
        Random random = new Random(1);
        List<ScoredItem> personal = new ArrayList<>();
        List<ScoredItem> popular = new ArrayList<>();
        for (int i = 0; i < 50; i++) personal.add(new ScoredItem("item-" + random.nextInt(400), random.nextDouble()));
        for (int i = 0; i < 60; i++) popular.add(new ScoredItem("item-" + random.nextInt(400), 100 - i));
        List<CandidateBlend.Neighbourhood> neighbourhoods = new ArrayList<>();
        for (int recent = 0; recent < 5; recent++) {
            List<ScoredItem> next = new ArrayList<>();
            for (int i = 0; i < 50; i++) next.add(new ScoredItem("item-" + random.nextInt(400), random.nextDouble()));
            neighbourhoods.add(new CandidateBlend.Neighbourhood("recent-" + recent, next));
        }
        CandidateBlend.Weights defaults = new CandidateBlend.Weights(0.15, 1, 0.1);
        List<CandidateBlend.Weights> sets =
                RecommendationSettings.blendGrid(defaults, List.of(0.0, 0.15, 0.5), List.of(0.1, 0.3, 1.0));
        Set<String> exclude = new HashSet<>();
        for (int i = 0; i < 20; i++) exclude.add("item-" + i);

        LearnedRanking learned = new LearnedRanking(3, 0.2, 50, defaults);
        LearnedRanking crossing = new LearnedRanking(3, 0.2, 50, defaults, 32, 0.02);
        float[] user = learned.userFeatures(1, 40);

        long kept = 0; // what the lists held, so that no ranking is optimised away
        for (int round = 1; round <= 5; round++) {
            long start = System.nanoTime();
            for (int n = 0; n < LISTS_PER_ROUND; n++) {
                kept += CandidateBlend.candidates(personal, neighbourhoods, popular, List.of(), 1)
                        .rank(defaults, exclude::contains, 50).size();
            }
            long served = System.nanoTime();
            for (int n = 0; n < LISTS_PER_ROUND; n++) {
                CandidateBlend.Candidates candidates =
                        CandidateBlend.candidates(personal, neighbourhoods, popular, List.of(), 1);
                kept += candidates.rank(defaults, exclude::contains, 50).size();
                for (CandidateBlend.Weights w : sets) kept += candidates.rank(w, exclude::contains, 10).size();
            }
            long withSets = System.nanoTime();
            for (int n = 0; n < LISTS_PER_ROUND; n++) {
                CandidateBlend.Candidates candidates =
                        CandidateBlend.candidates(personal, neighbourhoods, popular, List.of(), 1);
                kept += learned.rank(candidates, user, exclude::contains, 50).items().size();
            }
            long ranked = System.nanoTime();
            for (int n = 0; n < LISTS_PER_ROUND; n++) {
                CandidateBlend.Candidates candidates =
                        CandidateBlend.candidates(personal, neighbourhoods, popular, List.of(), 1);
                LearnedRanking.Ranking crossRanked = crossing.rank(candidates, user, exclude::contains, 50);
                kept += crossRanked.items().size();
            }
            long crossed = System.nanoTime();
            LearnedRanking.Ranking toLearn = crossing.rank(
                    CandidateBlend.candidates(personal, neighbourhoods, popular, List.of(), 1), user, exclude::contains, 50);
            for (int n = 0; n < LISTS_PER_ROUND; n++) {
                crossing.learn(toLearn.rankedFrom(), n % 10);
            }
            long learnt = System.nanoTime();
            System.out.printf("round %d: one set %.1f µs a list; with the %d sets' top 10 as well %.1f µs; learned ranking"
                    + " (decision 028) %.1f µs, with the crossing layer (decision 031) %.1f µs; a step with it %.1f µs%n",
                    round, (served - start) / 1e3 / LISTS_PER_ROUND, sets.size(),
                    (withSets - served) / 1e3 / LISTS_PER_ROUND, (ranked - withSets) / 1e3 / LISTS_PER_ROUND,
                    (crossed - ranked) / 1e3 / LISTS_PER_ROUND, (learnt - crossed) / 1e3 / LISTS_PER_ROUND);
        }
        System.out.println("items kept in all: " + kept);
    }
}
