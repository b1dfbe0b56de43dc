package io.murmuration.node.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.recommend.CandidateBlend.Blended;
import io.murmuration.node.recommend.CandidateBlend.Neighbourhood;
import io.murmuration.node.recommend.CandidateBlend.Weights;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CandidateBlendTest {

    private static final List<ScoredItem> PERSONAL = List.of(new ScoredItem("p1", 4.0), new ScoredItem("shared", 2.0));
    private static final List<Neighbourhood> NEIGHBOURS = List.of(
            new Neighbourhood("newest", List.of(new ScoredItem("n1", 10.0), new ScoredItem("shared", 5.0))),
            new Neighbourhood("older", List.of(new ScoredItem("n2", 3.0))));
    private static final List<ScoredItem> POPULAR = List.of(new ScoredItem("top", 100.0), new ScoredItem("p1", 50.0));

    @Test
    void eachSourceCountsRelativeToItsBestCandidateTimesItsWeight() {
        List<Blended> ranked = CandidateBlend.blend(PERSONAL, NEIGHBOURS, POPULAR, new Weights(1, 1, 1), id -> false, 10);

        assertEquals(1.0 + 0.5, score(ranked, "p1"), 1e-12, "best personal, half as popular as the top");
        assertEquals(0.5 + 0.5, score(ranked, "shared"), 1e-12);
        assertEquals(1.0, score(ranked, "n1"), 1e-12);
        assertEquals(0.15, score(ranked, "n2"), 1e-12, "the older item's neighbours count half, against the best sum");
        assertEquals(List.of("p1", "n1", "shared", "top", "n2"), ranked.stream().map(Blended::itemId).toList());
    }

    @Test
    void theCandidatesAreWhatSomeSourceBroughtWhateverTheirScore() {
        CandidateBlend.Candidates candidates = CandidateBlend.candidates(PERSONAL, NEIGHBOURS, POPULAR, List.of(), 1);

        for (String item : List.of("p1", "shared", "n1", "n2", "top")) {
            assertTrue(candidates.contains(item), item);
        }
        assertFalse(candidates.contains("newest"), "a recent item lends neighbours, it is not one");
        assertFalse(candidates.contains("elsewhere"));
    }

    @Test
    void aNeighbourOfSeveralRecentItemsSumsItsScoresWeightedByTheirRecency() {
        List<Neighbourhood> both = List.of(
                new Neighbourhood("newest", List.of(new ScoredItem("solo", 4.0), new ScoredItem("both", 2.0))),
                new Neighbourhood("older", List.of(new ScoredItem("both", 2.0))));

        List<Blended> linear = CandidateBlend.blend(List.of(), both, List.of(), new Weights(0, 1, 0), 1, id -> false, 10);
        List<Blended> steep = CandidateBlend.blend(List.of(), both, List.of(), new Weights(0, 1, 0), 2, id -> false, 10);

        // 2 + 2/2 = 3 against 4; with the steeper fall 2 + 2/4 = 2.5 against 4
        assertEquals(0.75, score(linear, "both"), 1e-12);
        assertEquals(0.625, score(steep, "both"), 1e-12);
        assertEquals("similar to newest", reason(linear, "both"), "the recent item that lent it most");
    }

    @Test
    void eachCandidateTellsWhatTheNewestRecentItemLendsItOnThatItemsOwnScale() {
        List<Neighbourhood> three = List.of(
                new Neighbourhood("newest", List.of(new ScoredItem("solo", 4.0), new ScoredItem("both", 2.0))),
                new Neighbourhood("second", List.of(new ScoredItem("both", 3.0), new ScoredItem("later", 1.5))),
                new Neighbourhood("third", List.of(new ScoredItem("solo", 8.0))));

        java.util.Map<String, CandidateBlend.Parts> parts = new java.util.HashMap<>();
        CandidateBlend.candidates(List.of(), three, List.of(), List.of(), 1).parts(id -> false)
                .forEach(p -> parts.put(p.itemId(), p));

        // the newest item's part on its own scale (its best neighbour counts 1) and the place there, 0 when not lent
        assertEquals(1.0, parts.get("solo").newestNeighbour(), 1e-12);
        assertEquals(1, parts.get("solo").newestPlace());
        assertEquals(0.5, parts.get("both").newestNeighbour(), 1e-12);
        assertEquals(2, parts.get("both").newestPlace());
        assertEquals(0.0, parts.get("later").newestNeighbour(), 1e-12);
        assertEquals(0, parts.get("later").newestPlace());
        // while the sum over every recent item is scaled by the best sum: solo's 4 + 8/3 is the best
        assertEquals(1.0, parts.get("solo").coOccurrence(), 1e-12);
        assertEquals((2 + 3 / 2.0) / (4 + 8 / 3.0), parts.get("both").coOccurrence(), 1e-12);
    }

    @Test
    void theReasonNamesTheSourceThatContributedMost() {
        List<Blended> ranked = CandidateBlend.blend(PERSONAL, NEIGHBOURS, POPULAR, new Weights(1, 1, 1), id -> false, 10);

        assertEquals("for you", reason(ranked, "p1"));
        assertEquals("similar to newest", reason(ranked, "n1"));
        assertEquals("similar to older", reason(ranked, "n2"));
        assertEquals("popular", reason(ranked, "top"));
    }

    @Test
    void excludedItemsNeverAppearAndTheLimitHolds() {
        List<Blended> ranked =
                CandidateBlend.blend(PERSONAL, NEIGHBOURS, POPULAR, new Weights(1, 1, 1), Set.of("p1", "n1")::contains, 2);

        assertEquals(List.of("shared", "top"), ranked.stream().map(Blended::itemId).toList());
    }

    @Test
    void aZeroWeightSilencesItsSource() {
        List<Blended> ranked = CandidateBlend.blend(PERSONAL, NEIGHBOURS, POPULAR, new Weights(0, 0, 1), id -> false, 10);

        assertEquals(List.of("top", "p1"), ranked.stream().map(Blended::itemId).toList());
        assertThrows(IllegalArgumentException.class, () -> new Weights(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Weights(-1, 1, 1));
    }

    private static double score(List<Blended> ranked, String item) {
        return ranked.stream().filter(b -> b.itemId().equals(item)).findFirst().orElseThrow().score();
    }

    @Test
    void newItemsAreAFourthSourceWeightedByRecencyWithTheirOwnReason() {
        List<Neighbourhood> alike = List.of(
                new Neighbourhood("newest", List.of(new ScoredItem("fresh1", 1.0))),
                new Neighbourhood("older", List.of(new ScoredItem("fresh2", 1.0), new ScoredItem("fresh1", 1.0))));

        List<Blended> ranked = CandidateBlend.blend(PERSONAL, NEIGHBOURS, POPULAR, alike, new Weights(1, 1, 1, 0.5), 1,
                id -> false, 10);

        assertEquals(0.5, score(ranked, "fresh1"), 1e-12, "1 + 1/2, the best new-item sum, times the weight");
        assertEquals(0.5 * 0.5 / 1.5, score(ranked, "fresh2"), 1e-12);
        assertEquals("new, like newest", reason(ranked, "fresh1"));
        assertEquals("new, like older", reason(ranked, "fresh2"));
        assertEquals(1.5, score(ranked, "p1"), 1e-12, "the other sources are unchanged");
    }

    @Test
    void withoutTheNewItemsWeightTheyAreIgnored() {
        List<Neighbourhood> alike = List.of(new Neighbourhood("newest", List.of(new ScoredItem("fresh", 1.0))));

        List<Blended> ranked = CandidateBlend.blend(PERSONAL, NEIGHBOURS, POPULAR, alike, new Weights(1, 1, 1), 1,
                id -> false, 10);

        assertEquals(0, ranked.stream().filter(b -> b.itemId().equals("fresh")).count());
    }

    private static String reason(List<Blended> ranked, String item) {
        return ranked.stream().filter(b -> b.itemId().equals(item)).findFirst().orElseThrow().reason();
    }
}
