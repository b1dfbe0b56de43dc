package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.node.interaction.EarlierItem;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A view restored from its checkpoint ranks and goes on counting exactly like the view that wrote it; one it cannot
 * be restored from exactly is refused.
 */
class ViewCheckpointFormatTest {

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void popularityRestoredFromItsCheckpointRanksAndDecaysAsBefore() {
        DecayedPopularity written = new DecayedPopularity(Duration.ofHours(1));
        written.add("a", 8, T);
        written.add("b", 1, T.plusSeconds(600));
        written.add("c", 2, T.plusSeconds(7200));

        DecayedPopularity restored = PopularityCounter.decode(PopularityCounter.encode(written, Duration.ofHours(1)),
                Duration.ofHours(1));
        written.add("b", 4, T.plusSeconds(9000));
        restored.add("b", 4, T.plusSeconds(9000));

        assertEquals(written.top(10), restored.top(10));
        assertEquals(3, restored.itemCount());
    }

    @Test
    void popularityCountedWithAnotherHalfLifeOrOfTheFormatThatDoesNotSayIsRefused() throws Exception {
        DecayedPopularity written = new DecayedPopularity(Duration.ofDays(1));
        written.add("a", 8, T);

        IllegalStateException other = assertThrows(IllegalStateException.class,
                () -> PopularityCounter.decode(PopularityCounter.encode(written, Duration.ofDays(1)), Duration.ofDays(2)));
        assertTrue(other.getMessage().contains("PT24H") && other.getMessage().contains("PT48H"), other.getMessage());

        ByteArrayOutputStream formatOne = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(formatOne)) {
            out.writeInt(1);
            written.writeTo(out);
        }
        IllegalStateException unsaid = assertThrows(IllegalStateException.class,
                () -> PopularityCounter.decode(formatOne.toByteArray(), Duration.ofDays(1)));
        assertTrue(unsaid.getMessage().contains("format 1"), unsaid.getMessage());
    }

    private static final ItemShard.CoVisitSettings SETTINGS = new ItemShard.CoVisitSettings(5, 1, 0.5, Duration.ofDays(1), 3);
    /** As {@link #SETTINGS} with the half-life the versions writing formats 2 to 5 counted with by default. */
    private static final ItemShard.CoVisitSettings SEVEN_DAYS = new ItemShard.CoVisitSettings(5, 1, 0.5, Duration.ofDays(7), 3);

    private static ColdItems cold() {
        return ItemShard.ColdSettings.DEFAULTS.empty(item -> true);
    }

    @Test
    void theColdItemsVisitCountsTravelWithTheCoVisitations() {
        CoVisitations written = SETTINGS.empty(item -> true);
        ColdItems cold = cold();
        for (int i = 0; i < 5; i++) {
            cold.visit("warm");
        }
        cold.visit("lukewarm");

        ColdItems restored = cold();
        restored.catalogue("warm", Map.of("category", "x"));
        restored.catalogue("lukewarm", Map.of("category", "x"));
        CoVisitCheckpoint.decode(CoVisitCheckpoint.encode(written, cold, new ItemActivity(item -> true), List.of()), SETTINGS, item -> true, restored);

        assertEquals(List.of(new ScoredItem("lukewarm", 2.0)), restored.like(List.of("category=x"), 10, item -> false));
    }

    /**
     * A checkpoint as formats 2 and 3 laid it out, every id written where it is used: decay times at {@code T}, "b"
     * with popularity 2, "a" with neighbour "b" at 1.5, recent event id "e1", then (format 3 only) no cold visits.
     */
    private static byte[] idsInlineCheckpoint(int format) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(format);
            for (int time = 0; time < 2; time++) { // the decay's reference and latest event time
                out.writeBoolean(true);
                out.writeLong(T.getEpochSecond());
                out.writeInt(T.getNano());
            }
            out.writeInt(1);
            out.writeUTF("b");
            out.writeDouble(2.0);
            out.writeInt(1);
            out.writeUTF("a");
            out.writeInt(1);
            out.writeUTF("b");
            out.writeDouble(1.5);
            out.writeInt(1);
            out.writeUTF("e1");
            if (format == 3) {
                out.writeInt(0);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void readsAFormatTwoCheckpointWrittenBeforeColdItemsItsVisitCountsStartingFromZero() throws Exception {
        ColdItems cold = cold();
        cold.catalogue("new", Map.of("category", "x"));

        CoVisitCheckpoint.Decoded restored = CoVisitCheckpoint.decode(idsInlineCheckpoint(2), SEVEN_DAYS, item -> true, cold);

        assertEquals(List.of(new ScoredItem("b", 1.5)), restored.coVisits().neighbours("a", 5));
        assertEquals(2.0, restored.coVisits().popularity("b"));
        assertEquals(Set.of("e1"), restored.recentEventIds());
        assertEquals(List.of(new ScoredItem("new", 1.0)), cold.like(List.of("category=x"), 10, item -> false));
    }

    @Test
    void readsAFormatThreeCheckpointWrittenBeforeTheIdTable() throws Exception {
        CoVisitCheckpoint.Decoded restored = CoVisitCheckpoint.decode(idsInlineCheckpoint(3), SEVEN_DAYS, item -> true, cold());

        assertEquals(List.of(new ScoredItem("b", 1.5)), restored.coVisits().neighbours("a", 5));
        assertEquals(2.0, restored.coVisits().popularity("b"));
        assertEquals(Set.of("e1"), restored.recentEventIds());
    }

    /**
     * A checkpoint as format 4 laid it out: the same content as {@link #idsInlineCheckpoint}, the ids in a table ("b",
     * "a"), places and counts as ints, sums as doubles.
     */
    private static byte[] idTableCheckpoint() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(4);
            for (int time = 0; time < 2; time++) {
                out.writeBoolean(true);
                out.writeLong(T.getEpochSecond());
                out.writeInt(T.getNano());
            }
            out.writeInt(2);
            out.writeUTF("b");
            out.writeUTF("a");
            out.writeInt(1); // popularity: "b", 2
            out.writeInt(0);
            out.writeDouble(2.0);
            out.writeInt(1); // neighbours: "a" has "b" at 1.5
            out.writeInt(1);
            out.writeInt(1);
            out.writeInt(0);
            out.writeDouble(1.5);
            out.writeInt(1);
            out.writeUTF("e1");
            out.writeInt(0); // no cold visits
        }
        return bytes.toByteArray();
    }

    @Test
    void readsAFormatFourCheckpointWrittenBeforeCompactNumbers() throws Exception {
        CoVisitCheckpoint.Decoded restored = CoVisitCheckpoint.decode(idTableCheckpoint(), SEVEN_DAYS, item -> true, cold());

        assertEquals(List.of(new ScoredItem("b", 1.5)), restored.coVisits().neighbours("a", 5));
        assertEquals(2.0, restored.coVisits().popularity("b"));
        assertEquals(Set.of("e1"), restored.recentEventIds());
    }

    @Test
    void readsAFormatFiveCheckpointWrittenBeforeItNamedItsHalfLifeAsOfTheSevenDaysItWasCountedWith() throws Exception {
        CoVisitations written = SEVEN_DAYS.empty(item -> true);
        written.observe(visit("b", 2, T, "a"));
        written.observe(visit("c", 1, T.plusSeconds(1), "b", "a"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(5);
            written.writeTo(out);
            out.writeInt(1);
            out.writeUTF("e1");
            out.writeInt(0); // no cold visits
        }

        CoVisitCheckpoint.Decoded restored = CoVisitCheckpoint.decode(bytes.toByteArray(), SEVEN_DAYS, item -> true, cold());

        assertEquals(written.neighbours("a", 5), restored.coVisits().neighbours("a", 5));
        assertEquals(written.neighbours("b", 5), restored.coVisits().neighbours("b", 5));
        assertEquals(written.popularity("c"), restored.coVisits().popularity("c"));
        assertEquals(Set.of("e1"), restored.recentEventIds());
    }

    @Test
    void refusesACheckpointThatDoesNotNameItsHalfLifeUnderAnyButTheSevenDaysItsVersionsCountedWith() throws Exception {
        for (ItemShard.CoVisitSettings other : List.of(SETTINGS, new ItemShard.CoVisitSettings(5, 1, 0.5,
                Duration.ofDays(365), 3))) {
            for (byte[] old : List.of(idsInlineCheckpoint(2), idsInlineCheckpoint(3), idTableCheckpoint())) {
                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        () -> CoVisitCheckpoint.decode(old, other, item -> true, cold()));
                assertTrue(refused.getMessage().contains("does not name its half-life"), refused.getMessage());
            }
        }
    }

    @Test
    void refusesACheckpointCountedWithAnotherHalfLife() {
        CoVisitations written = SETTINGS.empty(item -> true);
        written.observe(visit("b", 2, T, "a"));
        byte[] state = CoVisitCheckpoint.encode(written, cold(), new ItemActivity(item -> true), List.of("e1"));
        ItemShard.CoVisitSettings longer = new ItemShard.CoVisitSettings(SETTINGS.window(), SETTINGS.distanceExponent(),
                SETTINGS.backwardWeight(), Duration.ofDays(7), SETTINGS.maxNeighbours());

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> CoVisitCheckpoint.decode(state, longer, item -> true, cold()));
        assertTrue(refused.getMessage().contains("PT24H") && refused.getMessage().contains("PT168H"), refused.getMessage());
        // every other setting may change between the writer and the reader: only the half-life gives the sums meaning
        ItemShard.CoVisitSettings otherwise = new ItemShard.CoVisitSettings(20, 0, 1, SETTINGS.halfLife(), 50);
        assertEquals(written.neighbours("a", 5),
                CoVisitCheckpoint.decode(state, otherwise, item -> true, cold()).coVisits().neighbours("a", 5));
    }

    @Test
    void refusesACheckpointOfAnUnknownFormat() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(8);
        }

        assertThrows(IllegalStateException.class,
                () -> CoVisitCheckpoint.decode(bytes.toByteArray(), SETTINGS, item -> true, cold()));
    }

    @Test
    void theItemsActivityComesBackAndACheckpointOfTheVersionBeforeIsReadWithNone() {
        CoVisitations written = SETTINGS.empty(item -> true);
        written.observe(visit("b", 2, T, "a"));
        ItemActivity activity = new ItemActivity(item -> true);
        activity.observe("a", 1, T.minusSeconds(86_400));
        activity.observe("b", 2, T);
        byte[] state = CoVisitCheckpoint.encode(written, cold(), activity, List.of("e1"));

        CoVisitCheckpoint.Decoded restored = CoVisitCheckpoint.decode(state, SETTINGS, item -> true, cold());
        assertEquals(activity.of("a"), restored.activity().of("a"));
        assertEquals(activity.of("b"), restored.activity().of("b"));
        assertEquals(T, restored.activity().latest());

        // Format 6 is format 7 without the activity at its end (an empty one: its latest time and no items, 12 bytes).
        byte[] empty = CoVisitCheckpoint.encode(written, cold(), new ItemActivity(item -> true), List.of("e1"));
        byte[] before = Arrays.copyOf(empty, empty.length - 12);
        ByteBuffer.wrap(before).putInt(0, 6);
        CoVisitCheckpoint.Decoded read = CoVisitCheckpoint.decode(before, SETTINGS, item -> true, cold());
        assertEquals(written.neighbours("a", 5), read.coVisits().neighbours("a", 5));
        assertEquals(Set.of("e1"), read.recentEventIds());
        assertEquals(0, read.activity().itemCount());
        assertEquals(null, read.activity().latest());
    }

    private static CoVisitations.Visit visit(String item, double weight, Instant at, String... before) {
        return new CoVisitations.Visit(item, weight,
                Arrays.stream(before).map(b -> new EarlierItem(b, 1)).toList(), at);
    }

    @Test
    void coVisitationsRestoredFromTheirCheckpointKeepNeighboursPopularityAndTheRecentEventIds() {
        CoVisitations written = SETTINGS.empty(item -> true);
        written.observe(visit("b", 2, T, "a"));
        written.observe(visit("c", 1, T.plusSeconds(1), "b", "a"));
        written.observe(visit("c", 4, T.plusSeconds(2), "b"));

        CoVisitCheckpoint.Decoded restored = CoVisitCheckpoint.decode(
                CoVisitCheckpoint.encode(written, cold(), new ItemActivity(item -> true), List.of("e2", "e3")), SETTINGS, item -> true, cold());
        written.observe(visit("a", 1, T.plusSeconds(3), "c"));
        restored.coVisits().observe(visit("a", 1, T.plusSeconds(3), "c"));

        for (String item : List.of("a", "b", "c")) {
            assertEquals(written.neighbours(item, 5), restored.coVisits().neighbours(item, 5));
            assertEquals(written.popularity(item), restored.coVisits().popularity(item));
        }
        assertEquals(Set.of("e2", "e3"), restored.recentEventIds());
    }

    @Test
    void aSmallerNeighbourBoundKeepsTheStrongestNeighbours() {
        CoVisitations written = SETTINGS.empty(item -> true);
        written.observe(visit("b", 4, T, "a"));
        written.observe(visit("c", 1, T, "a"));
        written.observe(visit("d", 16, T, "a"));

        CoVisitations restored = CoVisitCheckpoint.decode(CoVisitCheckpoint.encode(written, cold(), new ItemActivity(item -> true), List.of()),
                new ItemShard.CoVisitSettings(5, 1, 0.5, Duration.ofDays(1), 2), item -> true, cold()).coVisits();

        assertEquals(List.of("d", "b"), restored.neighbours("a", 5).stream().map(ScoredItem::itemId).toList());
    }

    @Test
    void refusesATruncatedCheckpoint() {
        CoVisitations written = SETTINGS.empty(item -> true);
        written.observe(visit("b", 2, T, "a"));
        byte[] state = CoVisitCheckpoint.encode(written, cold(), new ItemActivity(item -> true), List.of("e1"));

        assertThrows(RuntimeException.class,
                () -> CoVisitCheckpoint.decode(Arrays.copyOf(state, state.length - 3), SETTINGS, item -> true, cold()));
    }

    @Test
    void remembersOnlyTheEventIdsAppliedWithinTheMargin() {
        CoVisitCheckpoint.RecentlyApplied recent = new CoVisitCheckpoint.RecentlyApplied(Duration.ofSeconds(10));
        recent.add("e1", 1_000);
        recent.add("e2", 5_000);
        recent.add("e3", 12_000);

        assertEquals(List.of("e2", "e3"), recent.within(14_000));
        assertEquals(List.of("e3"), recent.within(16_000));
    }
}
