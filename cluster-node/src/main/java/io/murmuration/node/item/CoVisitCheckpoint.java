package io.murmuration.node.item;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What an item shard's co-visitation checkpoint holds: every neighbour and popularity sum, each item's activity, and the ids of the events applied in the
 * last moments before it was taken. The checkpoint is said to cover the log up to a little before it was taken
 * ({@code margin}), because a shard learns of an event from its user's entity shortly after the journal has it; the
 * shard reads the log back from there and skips the events whose ids the checkpoint lists, so none counts twice.
 */
final class CoVisitCheckpoint {

    // 3 adds the cold items' visit counts; a checkpoint of format 2 is read with none (they count again from there).
    // 4 names items through an id table (CoVisitations.Layout.ID_TABLE) instead of at every use.
    // 5 writes places and counts as variable-length numbers and neighbour sums as floats (CoVisitations.Layout.COMPACT).
    // 6 names the half-life the sums decayed with, first: the sums grow with event time at a rate set by the half-life,
    // so read under another they would weigh the past wrongly for good. One of another half-life is refused (the shard
    // reads the whole log once); formats 2 to 5 do not say and are read as of the shard's half-life, as the versions
    // that wrote them read them, so an upgrade alone reads no log again.
    // 7 adds each item's activity (ItemActivity) at the end; one of format 2 to 6 is read with none: items count their
    // activity from there, and an item not taken since has none (the ranking reads it as never taken; decision 029).
    // Since the default half-life moved from 7 days to 365 (decision 030), formats 2 to 5 are read only by a shard
    // counting with the 7 days their versions counted with by default; under any other they are refused as a checkpoint
    // of another half-life is (one read of the whole log), rather than read as of a half-life they were not counted with.
    private static final int FORMAT = 7;
    private static final int FORMAT_WITHOUT_ACTIVITY = 6;
    private static final int FORMAT_WITHOUT_HALF_LIFE = 5;
    private static final int FORMAT_ID_TABLE = 4;
    private static final int FORMAT_IDS_INLINE = 3;
    private static final int FORMAT_WITHOUT_COLD = 2;
    /** The half-life of the versions that wrote formats 2 to 5 unless a deployment set another. */
    static final Duration HALF_LIFE_BEFORE_FORMAT_6 = Duration.ofDays(7);

    /** A decoded checkpoint: the co-visitations, the items' activity, and the ids of events it already counts near its end. */
    record Decoded(CoVisitations coVisits, ItemActivity activity, Set<String> recentEventIds) {}

    private CoVisitCheckpoint() {}

    static byte[] encode(CoVisitations coVisits, ColdItems cold, ItemActivity activity, Collection<String> recentEventIds) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            EventTimeDecay.writeHalfLife(out, coVisits.halfLife());
            coVisits.writeTo(out);
            out.writeInt(recentEventIds.size());
            for (String id : recentEventIds) {
                out.writeUTF(id);
            }
            cold.writeVisitsTo(out);
            activity.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: only a bug gets here
        }
        return bytes.toByteArray();
    }

    /**
     * The checkpoint's co-visitations; its cold items' visit counts go into {@code cold}.
     *
     * @throws IllegalStateException when it is of a format this version does not read, or its sums decayed with
     *                               another half-life than {@code settings}'
     */
    static Decoded decode(byte[] state, ItemShard.CoVisitSettings settings, Predicate<String> owns, ColdItems cold) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int format = in.readInt();
            if (format < FORMAT_WITHOUT_COLD || format > FORMAT) {
                throw new IllegalStateException("co-visitation checkpoint of format " + format + ", expected "
                        + FORMAT_WITHOUT_COLD + " to " + FORMAT);
            }
            if (format >= FORMAT_WITHOUT_ACTIVITY) {
                EventTimeDecay.requireHalfLife(in, settings.halfLife(), "co-visitation");
            } else if (!settings.halfLife().equals(HALF_LIFE_BEFORE_FORMAT_6)) {
                throw new IllegalStateException("co-visitation checkpoint of format " + format + " does not name its"
                        + " half-life; read only as of " + HALF_LIFE_BEFORE_FORMAT_6 + " (the default of the versions that"
                        + " wrote it), the reader's is " + settings.halfLife());
            }
            CoVisitations.Layout layout = switch (format) {
                case FORMAT, FORMAT_WITHOUT_ACTIVITY, FORMAT_WITHOUT_HALF_LIFE -> CoVisitations.Layout.COMPACT;
                case FORMAT_ID_TABLE -> CoVisitations.Layout.ID_TABLE;
                default -> CoVisitations.Layout.IDS_INLINE;
            };
            CoVisitations coVisits = CoVisitations.readFrom(in, layout, settings.maxNeighbours(), settings.halfLife(),
                    settings.distanceExponent(), settings.backwardWeight(), owns);
            int ids = in.readInt();
            Set<String> recent = new HashSet<>(Math.max(16, ids * 2));
            for (int i = 0; i < ids; i++) {
                recent.add(in.readUTF());
            }
            if (format >= FORMAT_IDS_INLINE) {
                cold.readVisitsFrom(in);
            }
            ItemActivity activity = format >= FORMAT ? ItemActivity.readFrom(in, owns) : new ItemActivity(owns);
            return new Decoded(coVisits, activity, recent);
        } catch (IOException e) {
            throw new UncheckedIOException("co-visitation checkpoint is truncated or corrupt", e);
        }
    }

    /** The ids of the events applied within the last {@code margin} (wall clock), oldest first. Not thread-safe. */
    static final class RecentlyApplied {

        private record Applied(String eventId, long atMillis) {}

        private final long marginMillis;
        private final ArrayDeque<Applied> applied = new ArrayDeque<>();

        RecentlyApplied(Duration margin) {
            this.marginMillis = margin.toMillis();
        }

        void add(String eventId, long nowMillis) {
            applied.addLast(new Applied(eventId, nowMillis));
            forgetBefore(nowMillis - marginMillis);
        }

        /** The ids applied since {@code nowMillis − margin}. */
        List<String> within(long nowMillis) {
            forgetBefore(nowMillis - marginMillis);
            List<String> ids = new ArrayList<>(applied.size());
            applied.forEach(a -> ids.add(a.eventId()));
            return ids;
        }

        private void forgetBefore(long millis) {
            while (!applied.isEmpty() && applied.peekFirst().atMillis() < millis) {
                applied.pollFirst();
            }
        }
    }
}
