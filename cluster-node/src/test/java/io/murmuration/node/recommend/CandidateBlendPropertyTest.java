package io.murmuration.node.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.recommend.CandidateBlend.Blended;
import io.murmuration.node.recommend.CandidateBlend.Neighbourhood;
import io.murmuration.node.recommend.CandidateBlend.Weights;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * One user's sources scaled once and ranked under several weight sets (what the recommender does for the competing
 * sets) give, for every set and length, the ranking the blend's formula defines: recomputed here from scratch for
 * that set alone, by sorting every candidate.
 */
class CandidateBlendPropertyTest {

    private static final double RECENCY_EXPONENT = 1;

    @Property(tries = 500)
    void rankingOnceScaledSourcesUnderEachSetIsTheBlendOfThatSet(
            @ForAll("scored") List<ScoredItem> personal,
            @ForAll("neighbourhoods") List<Neighbourhood> neighbourhoods,
            @ForAll("scored") List<ScoredItem> popular,
            @ForAll("neighbourhoods") List<Neighbourhood> alike,
            @ForAll("weightSets") List<Weights> sets,
            @ForAll("excluded") Set<String> exclude,
            @ForAll @IntRange(min = 0, max = 16) int limit) {
        CandidateBlend.Candidates candidates =
                CandidateBlend.candidates(personal, neighbourhoods, popular, alike, RECENCY_EXPONENT);
        for (Weights w : sets) {
            List<Blended> ranked = candidates.rank(w, exclude::contains, limit);
            List<Map.Entry<String, Double>> expected = reference(personal, neighbourhoods, popular, alike, w, exclude, limit);

            assertEquals(expected.stream().map(Map.Entry::getKey).toList(), ranked.stream().map(Blended::itemId).toList(),
                    () -> "under " + w);
            for (int i = 0; i < ranked.size(); i++) {
                assertEquals(expected.get(i).getValue(), ranked.get(i).score(), 1e-12);
            }
        }
    }

    /** The documented formula, for one weight set: each source scaled by its best, weighted, summed. */
    private static List<Map.Entry<String, Double>> reference(List<ScoredItem> personal, List<Neighbourhood> neighbourhoods,
            List<ScoredItem> popular, List<Neighbourhood> alike, Weights w, Set<String> exclude, int limit) {
        Set<String> brought = new HashSet<>();
        if (w.personal() > 0) personal.forEach(c -> brought.add(c.itemId()));
        if (w.popularity() > 0) popular.forEach(c -> brought.add(c.itemId()));
        Map<String, Double> p = byBest(personal);
        Map<String, Double> q = byBest(popular);
        Map<String, Double> co = byRecency(neighbourhoods, w.coOccurrence() > 0 ? brought : new HashSet<>());
        Map<String, Double> fresh = byRecency(alike, w.newItems() > 0 ? brought : new HashSet<>());
        List<Map.Entry<String, Double>> scored = new ArrayList<>();
        for (String item : brought) {
            if (exclude.contains(item)) continue;
            double score = w.personal() * p.getOrDefault(item, 0.0) + w.coOccurrence() * co.getOrDefault(item, 0.0)
                    + w.popularity() * q.getOrDefault(item, 0.0) + w.newItems() * fresh.getOrDefault(item, 0.0);
            scored.add(Map.entry(item, score));
        }
        scored.sort(Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey));
        return scored.subList(0, Math.min(limit, scored.size()));
    }

    private static Map<String, Double> byBest(List<ScoredItem> source) {
        double best = source.stream().mapToDouble(ScoredItem::score).max().orElse(0);
        Map<String, Double> parts = new HashMap<>();
        for (ScoredItem c : source) {
            double part = best > 0 && c.score() > 0 ? c.score() / best : 0;
            parts.merge(c.itemId(), part, Double::sum);
        }
        return parts;
    }

    private static Map<String, Double> byRecency(List<Neighbourhood> source, Set<String> brought) {
        Map<String, Double> sums = new HashMap<>();
        for (int age = 0; age < source.size(); age++) {
            double recency = 1.0 / Math.pow(1 + age, RECENCY_EXPONENT);
            for (ScoredItem c : source.get(age).neighbours()) {
                if (c.score() > 0) {
                    sums.merge(c.itemId(), recency * c.score(), Double::sum);
                    brought.add(c.itemId());
                }
            }
        }
        double best = sums.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        sums.replaceAll((item, sum) -> best > 0 ? sum / best : 0);
        return sums;
    }

    private static Arbitrary<String> itemIds() {
        return Arbitraries.integers().between(0, 14).map(i -> "item-" + i);
    }

    @Provide
    Arbitrary<List<ScoredItem>> scored() {
        Arbitrary<Double> scores = Arbitraries.oneOf(Arbitraries.doubles().between(-2, 10), Arbitraries.just(0.0));
        return Combinators.combine(itemIds(), scores).as(ScoredItem::new).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Neighbourhood>> neighbourhoods() {
        return Combinators.combine(itemIds(), scored()).as(Neighbourhood::new).list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<Weights>> weightSets() {
        Arbitrary<Double> weight = Arbitraries.of(0.0, 0.1, 0.15, 0.5, 1.0);
        return Combinators.combine(weight, weight, weight, weight).as((p, c, q, n) -> new double[] {p, c, q, n})
                .filter(w -> w[0] + w[1] + w[2] + w[3] > 0)
                .map(w -> new Weights(w[0], w[1], w[2], w[3]))
                .list().ofMinSize(1).ofMaxSize(9);
    }

    @Provide
    Arbitrary<Set<String>> excluded() {
        return itemIds().set().ofMaxSize(4);
    }
}
