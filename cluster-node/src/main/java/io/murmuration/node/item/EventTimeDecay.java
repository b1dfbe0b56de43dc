package io.murmuration.node.item;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Exponential decay in event time, for sums that keep growing: an event at time t adds
 * {@code weight × growth(t)}, and a sum is read at the latest event time by multiplying with
 * {@link #toLatest()}. Storing growth-weighted sums makes an update O(1) however old the other events
 * are; when growth gets too large the owner rebases its sums by {@link #rebase}. Replaying a log in any
 * order gives the same values, because only the events' own timestamps count. Total over every pair of instants:
 * an event far older than the others grows by 0 (it has decayed away), one far newer rebases the sums to 0.
 */
final class EventTimeDecay {

    /**
     * Writes the half-life a checkpoint's sums decayed with. Sums of one half-life cannot be turned into another's
     * (each mixes its events' times), and read under another they weigh the past wrongly for good, so a checkpoint
     * names it and {@link #requireHalfLife} refuses one that is not the reader's.
     */
    static void writeHalfLife(DataOutput out, Duration halfLife) throws IOException {
        out.writeLong(halfLife.getSeconds());
        out.writeInt(halfLife.getNano());
    }

    /**
     * Reads the half-life {@link #writeHalfLife} wrote.
     *
     * @throws IllegalStateException when it is not {@code expected}: the {@code view}'s checkpoint cannot be used
     */
    static void requireHalfLife(DataInput in, Duration expected, String view) throws IOException {
        Duration counted = Duration.ofSeconds(in.readLong(), in.readInt());
        if (!counted.equals(expected)) {
            throw new IllegalStateException(view + " checkpoint counted with a half-life of " + counted
                    + ", the reader's is " + expected);
        }
    }

    /** Past this exponent the stored sums are rebased so they never overflow a double. */
    private static final double REBASE_EXPONENT = 50.0;

    private final double decayPerSecond;
    private Instant reference;
    private Instant latest;

    EventTimeDecay(Duration halfLife) {
        this.decayPerSecond = EventTime.decayRatePerSecond(halfLife);
    }

    /** Notes an event at {@code at}; true when the owner must call {@link #rebase} before {@link #growth}. */
    boolean observe(Instant at) {
        if (reference == null) {
            reference = at;
            latest = at;
        }
        if (at.isAfter(latest)) {
            latest = at;
        }
        return exponent(at) > REBASE_EXPONENT;
    }

    /** Moves the reference to {@code at}; returns the factor every stored sum must be multiplied by. */
    double rebase(Instant at) {
        double factor = Math.exp(-exponent(at));
        reference = at;
        return factor;
    }

    /** The multiplier of an event at {@code at} in the stored sums. */
    double growth(Instant at) {
        return Math.exp(exponent(at));
    }

    /** The multiplier turning a stored sum into its value at the latest event time seen (1 when empty). */
    double toLatest() {
        return reference == null ? 1.0 : Math.exp(-exponent(latest));
    }

    /** The latest event time seen, at which sums are read; null before the first event. */
    Instant latest() {
        return latest;
    }

    /** Writes the reference and the latest time seen, for a checkpoint; {@link #readFrom} restores them. */
    void writeTo(DataOutput out) throws IOException {
        writeInstant(out, reference);
        writeInstant(out, latest);
    }

    /** Restores what {@link #writeTo} wrote, replacing this decay's times. */
    void readFrom(DataInput in) throws IOException {
        reference = readInstant(in);
        latest = readInstant(in);
    }

    private static void writeInstant(DataOutput out, Instant at) throws IOException {
        out.writeBoolean(at != null);
        if (at != null) {
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
        }
    }

    private static Instant readInstant(DataInput in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    private double exponent(Instant at) {
        return decayPerSecond * EventTime.secondsBetween(reference, at);
    }
}
