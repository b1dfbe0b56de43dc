package io.murmuration.node.model.training;

import io.murmuration.node.interaction.InteractionRecorded;
import io.murmuration.node.item.InteractionWeights;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * What the trainer has counted of the interaction log towards its schedule: positive interactions in all, those past
 * the last training's data end, the first and latest event time, and the log position all of it covers. Checkpointed,
 * so a trainer that starts (after a restart, or on another node) follows the log from that position instead of reading
 * it from its start. Not thread-safe: the trainer owns it.
 */
final class ScheduleCounts {

    private static final int FORMAT = 1;

    private long positiveInteractions;
    private long newInteractions;
    private Instant firstEventTime;
    private Instant latestEventTime;
    private UUID offset;
    private boolean changedSinceCheckpoint;

    /** Counts one interaction at {@code offset}; a positive one after {@code lastDataEnd} (or with none) is new. */
    void count(InteractionRecorded interaction, UUID offset, Instant lastDataEnd) {
        Instant at = interaction.timestamp();
        firstEventTime = firstEventTime == null || at.isBefore(firstEventTime) ? at : firstEventTime;
        latestEventTime = latestEventTime == null || at.isAfter(latestEventTime) ? at : latestEventTime;
        if (InteractionWeights.of(interaction.type(), interaction.value()) > 0) {
            positiveInteractions++;
            // Interactions the last version was trained on are not new, whatever order the log holds them in.
            if (lastDataEnd == null || at.isAfter(lastDataEnd)) {
                newInteractions++;
            }
        }
        if (offset != null) {
            this.offset = offset;
        }
        changedSinceCheckpoint = true;
    }

    /** A training starts: what it trains on is no longer new. */
    void trainingStarted() {
        newInteractions = 0;
        changedSinceCheckpoint = true;
    }

    long positiveInteractions() {
        return positiveInteractions;
    }

    long newInteractions() {
        return newInteractions;
    }

    Instant firstEventTime() {
        return firstEventTime;
    }

    Instant latestEventTime() {
        return latestEventTime;
    }

    /** The position of the last interaction counted; null before any (the log is then followed from its start). */
    UUID offset() {
        return offset;
    }

    boolean changedSinceCheckpoint() {
        return changedSinceCheckpoint;
    }

    /**
     * The counts as checkpoint bytes, with the data end the new interactions were counted past; marks them saved
     * (a failed write marks them changed again, {@link #checkpointFailed}).
     */
    byte[] encode(Instant countedPast) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeLong(positiveInteractions);
            out.writeLong(newInteractions);
            writeInstant(out, firstEventTime);
            writeInstant(out, latestEventTime);
            writeInstant(out, countedPast);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: only a bug gets here
        }
        changedSinceCheckpoint = false;
        return bytes.toByteArray();
    }

    void checkpointFailed() {
        changedSinceCheckpoint = true;
    }

    /**
     * The counts a checkpoint holds, covering the log up to {@code offset}. When the last data end is no longer the
     * one the checkpoint counted past (a version was trained after it was taken), no interaction it counted is new: that
     * training started after them.
     */
    static ScheduleCounts decode(byte[] state, UUID offset, Instant lastDataEnd) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalStateException("training schedule checkpoint of format " + format + ", expected " + FORMAT);
            }
            ScheduleCounts counts = new ScheduleCounts();
            counts.positiveInteractions = in.readLong();
            counts.newInteractions = in.readLong();
            counts.firstEventTime = readInstant(in);
            counts.latestEventTime = readInstant(in);
            Instant countedPast = readInstant(in);
            if (counts.positiveInteractions < 0 || counts.newInteractions < 0
                    || counts.newInteractions > counts.positiveInteractions) {
                throw new IllegalStateException("training schedule checkpoint counts " + counts.newInteractions
                        + " new of " + counts.positiveInteractions + " positive interactions");
            }
            if (lastDataEnd != null && !lastDataEnd.equals(countedPast)) {
                counts.newInteractions = 0;
            }
            counts.offset = offset;
            return counts;
        } catch (IOException e) {
            throw new UncheckedIOException("training schedule checkpoint is truncated or corrupt", e);
        }
    }

    private static void writeInstant(DataOutputStream out, Instant at) throws IOException {
        out.writeBoolean(at != null);
        if (at != null) {
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
