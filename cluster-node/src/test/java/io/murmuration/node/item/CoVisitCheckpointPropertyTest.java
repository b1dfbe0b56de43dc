package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.murmuration.node.interaction.EarlierItem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever a shard has counted, its checkpoint gives back the same neighbours, sums and popularity, and the restored
 * view goes on counting as the one that wrote it; and an item's neighbour list keeps what a plain map of sums with
 * the same bound would keep.
 */
class CoVisitCheckpointPropertyTest {

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    private static final List<String> ITEMS = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l");

    record Step(String item, double weight, List<String> before, long seconds) {
        CoVisitations.Visit visit() {
            return new CoVisitations.Visit(item, weight, before.stream().map(b -> new EarlierItem(b, 1.5)).toList(),
                    T.plusSeconds(seconds));
        }
    }

    @Property(tries = 300)
    void aRestoredViewRanksAndGoesOnCountingAsTheOneThatWroteIt(@ForAll("logs") List<Step> log,
            @ForAll @IntRange(min = 1, max = 6) int bound, @ForAll @IntRange(min = 1, max = 4) int ownedEvery,
            @ForAll("logs") List<Step> after) {
        Predicate<String> owns = item -> ITEMS.indexOf(item) % ownedEvery == 0;
        ItemShard.CoVisitSettings settings = new ItemShard.CoVisitSettings(5, 1, 0.5, Duration.ofDays(1), bound);
        CoVisitations written = settings.empty(owns);
        ItemActivity writtenActivity = new ItemActivity(owns);
        log.forEach(step -> {
            written.observe(step.visit());
            writtenActivity.observe(step.item(), step.weight(), step.visit().at());
        });

        CoVisitCheckpoint.Decoded decoded = CoVisitCheckpoint.decode(
                CoVisitCheckpoint.encode(written, cold(), writtenActivity, List.of()), settings, owns, cold());
        CoVisitations restored = decoded.coVisits();
        ItemActivity restoredActivity = decoded.activity();
        assertSame(written, restored);
        assertSameActivity(writtenActivity, restoredActivity);

        after.forEach(step -> {
            written.observe(step.visit());
            restored.observe(step.visit());
            writtenActivity.observe(step.item(), step.weight(), step.visit().at());
            restoredActivity.observe(step.item(), step.weight(), step.visit().at());
        });
        assertSame(written, restored);
        assertSameActivity(writtenActivity, restoredActivity);
    }

    private static void assertSameActivity(ItemActivity expected, ItemActivity actual) {
        assertEquals(expected.latest(), actual.latest());
        assertEquals(expected.itemCount(), actual.itemCount());
        for (String item : ITEMS) {
            assertEquals(expected.of(item), actual.of(item), item);
        }
    }

    @Property(tries = 500)
    void aNeighbourListKeepsWhatABoundedMapOfSumsKeeps(@ForAll("additions") List<Map.Entry<String, Double>> additions,
            @ForAll @IntRange(min = 1, max = 6) int bound) {
        NeighbourSums list = NeighbourSums.empty(bound);
        Map<String, Double> model = new HashMap<>();
        for (Map.Entry<String, Double> addition : additions) {
            list.add(addition.getKey(), addition.getValue(), bound);
            addToBoundedMap(model, addition.getKey(), addition.getValue(), bound);
        }

        Map<String, Double> kept = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            kept.put(list.id(i), list.sum(i));
        }
        assertEquals(model, kept);
    }

    /**
     * The rule as a map states it: a known id adds up; a new one enters while there is room, or displaces a weaker.
     * Every sum is held in single precision, as the list holds it.
     */
    private static void addToBoundedMap(Map<String, Double> sums, String id, double added, int bound) {
        double value = (float) added;
        if (sums.containsKey(id)) {
            sums.merge(id, added, (sum, more) -> (double) (float) (sum + more));
        } else if (sums.size() < bound) {
            sums.put(id, value);
        } else {
            Map.Entry<String, Double> weakest = sums.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
            if (value > weakest.getValue()) {
                sums.remove(weakest.getKey());
                sums.put(id, value);
            }
        }
    }

    @Property(tries = 500)
    void aVariableLengthNumberReadsBackAsWritten(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int value,
            @ForAll @IntRange(min = 0, max = 127) int next) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            CoVisitations.writeVarint(out, value);
            CoVisitations.writeVarint(out, next);
        }
        int expectedLength = value < (1 << 7) ? 1 : value < (1 << 14) ? 2 : value < (1 << 21) ? 3 : value < (1 << 28) ? 4 : 5;

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(expectedLength + 1, bytes.size());
        assertEquals(value, CoVisitations.readVarint(in));
        assertEquals(next, CoVisitations.readVarint(in), "the next number starts where the first ends");
    }

    private static void assertSame(CoVisitations expected, CoVisitations actual) {
        assertEquals(expected.pairCount(), actual.pairCount());
        for (String item : ITEMS) {
            assertEquals(expected.neighbours(item, ITEMS.size()), actual.neighbours(item, ITEMS.size()), item);
            assertEquals(expected.popularity(item), actual.popularity(item), item);
        }
    }

    private static ColdItems cold() {
        return ItemShard.ColdSettings.DEFAULTS.empty(item -> true);
    }

    @Provide
    Arbitrary<List<Step>> logs() {
        Arbitrary<String> item = Arbitraries.of(ITEMS);
        return Combinators.combine(item, Arbitraries.doubles().between(0.1, 8), item.list().ofMaxSize(4),
                        Arbitraries.longs().between(0, 10L * 86_400))
                .as(Step::new).list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Map.Entry<String, Double>>> additions() {
        // Distinct amounts in single precision, so "the weakest" is one id in the map and in the list alike (which of
        // two equal sums makes way is not part of the rule).
        return Combinators.combine(Arbitraries.of(ITEMS), Arbitraries.doubles().between(0.001, 100).ofScale(6))
                .as(Map::entry).list().ofMaxSize(80).uniqueElements(e -> (float) (double) e.getValue());
    }
}
