package io.murmuration.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The event times an interaction may carry: not before {@code earliest}, and at most {@code maxAhead} past the
 * receiving node's clock (producer clock skew). Everything downstream — decay, fold-in, drift, popularity — is
 * exercised on this span, so a timestamp outside it is refused at the edge rather than met by the maths.
 *
 * @param earliest the first accepted instant; not before 1970-01-01T00:00:00Z
 * @param maxAhead how far ahead of the clock a timestamp may be; 0 to 7 days
 */
public record EventTimeWindow(Instant earliest, Duration maxAhead) {

    /** The longest {@link #maxAhead} a deployment may configure. */
    public static final Duration LONGEST_AHEAD = Duration.ofDays(7);

    /** Not before 1995-01-01, at most 24 hours ahead: older than any web shop's log, and a day of clock skew. */
    public static final EventTimeWindow DEFAULT =
            new EventTimeWindow(Instant.parse("1995-01-01T00:00:00Z"), Duration.ofHours(24));

    public EventTimeWindow {
        Objects.requireNonNull(earliest, "earliest");
        Objects.requireNonNull(maxAhead, "maxAhead");
        if (earliest.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("earliest must not be before " + Instant.EPOCH + ", was " + earliest);
        }
        if (maxAhead.isNegative() || maxAhead.compareTo(LONGEST_AHEAD) > 0) {
            throw new IllegalArgumentException("maxAhead must be 0 to 7 days, was " + maxAhead);
        }
    }

    /** The latest accepted instant for a node whose clock reads {@code now}. */
    public Instant latest(Instant now) {
        return now.plus(maxAhead);
    }

    /** {@link #maxAhead} in words for error messages: "24 hours", "90 minutes", "1500 ms". */
    public String maxAheadInWords() {
        if (maxAhead.equals(Duration.ofHours(maxAhead.toHours()))) {
            return maxAhead.toHours() == 1 ? "1 hour" : maxAhead.toHours() + " hours";
        }
        if (maxAhead.equals(Duration.ofMinutes(maxAhead.toMinutes()))) {
            return maxAhead.toMinutes() + " minutes";
        }
        return maxAhead.toMillis() + " ms";
    }
}
