package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
import org.junit.jupiter.api.Test;

/**
 * An item's activity is what a plain list of its positive interactions says — how many, the earliest and the latest —
 * whatever order they arrive in and whatever weights (zero, negative, NaN, infinite) come with them; and a
 * checkpoint gives it back whole.
 */
class ItemActivityTest {

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    private static final List<String> ITEMS = List.of("a", "b", "c", "d", "e", "f");

    record Taking(String item, double weight, long seconds) {
        Instant at() {
            return T.plusSeconds(seconds);
        }
    }

    @Property(tries = 500)
    void itCountsWhatAPlainListOfPositiveInteractionsSays(@ForAll("takings") List<Taking> takings,
            @ForAll @IntRange(min = 1, max = 3) int ownedEvery) throws IOException {
        Predicate<String> owns = item -> ITEMS.indexOf(item) % ownedEvery == 0;
        ItemActivity activity = new ItemActivity(owns);
        takings.forEach(t -> activity.observe(t.item(), t.weight(), t.at()));

        Map<String, ItemActivity.Facts> expected = new HashMap<>();
        Instant latest = null;
        for (Taking t : takings) {
            if (!(t.weight() > 0)) {
                continue;
            }
            latest = latest == null || t.at().isAfter(latest) ? t.at() : latest;
            if (owns.test(t.item())) {
                ItemActivity.Facts before = expected.get(t.item());
                expected.put(t.item(), before == null
                        ? new ItemActivity.Facts(1, t.at(), t.at())
                        : new ItemActivity.Facts(before.taken() + 1,
                                t.at().isBefore(before.first()) ? t.at() : before.first(),
                                t.at().isAfter(before.last()) ? t.at() : before.last()));
            }
        }
        assertEquals(latest, activity.latest());
        for (String item : ITEMS) {
            assertEquals(expected.get(item), activity.of(item), item);
        }

        ItemActivity restored = ItemActivity.readFrom(read(write(activity)), owns);
        assertEquals(activity.latest(), restored.latest());
        assertEquals(activity.itemCount(), restored.itemCount());
        for (String item : ITEMS) {
            assertEquals(activity.of(item), restored.of(item), item);
        }
    }

    @Test
    void anItemNeverTakenHasNoFactsAndNothingHasNoLatestTime() {
        ItemActivity activity = new ItemActivity(item -> true);
        activity.observe("a", 0, T);
        activity.observe("a", -1, T);
        activity.observe("a", Double.NaN, T);
        assertNull(activity.of("a"));
        assertNull(activity.latest());
    }

    @Test
    void aCheckpointWithAnImpossibleSpanIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(T.getEpochSecond());
            out.writeInt(1);
            out.writeUTF("a");
            out.writeLong(2);
            out.writeLong(T.getEpochSecond());
            out.writeLong(T.getEpochSecond() - 1); // last before first
        }
        assertThrows(IOException.class, () -> ItemActivity.readFrom(read(bytes.toByteArray()), item -> true));
    }

    private static byte[] write(ItemActivity activity) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            activity.writeTo(out);
        }
        return bytes.toByteArray();
    }

    private static DataInputStream read(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    @Provide
    Arbitrary<List<Taking>> takings() {
        Arbitrary<Double> weight = Arbitraries.oneOf(Arbitraries.doubles().between(-2, 8),
                Arbitraries.of(0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE));
        return Combinators.combine(Arbitraries.of(ITEMS), weight, Arbitraries.longs().between(-400L * 86_400, 400L * 86_400))
                .as(Taking::new).list().ofMaxSize(80);
    }
}
