package io.murmuration.node.item;

import java.time.Duration;
import java.time.Instant;

/**
 * Event-time arithmetic that holds for any two instants, however far apart: spans are seconds in a double, so
 * nothing overflows (a span in milliseconds as a long does, past 292 million years), and decay factors underflow
 * to 0 instead of failing. The decaying sums of popularity, co-occurrence and the user's fold-in all rest on it.
 */
public final class EventTime {

    private EventTime() {}

    /** Seconds from {@code from} to {@code to}; negative when {@code to} is earlier. Never throws. */
    public static double secondsBetween(Instant from, Instant to) {
        Duration span = Duration.between(from, to);
        return span.getSeconds() + span.getNano() / 1e9;
    }

    /** ln 2 over the half-life in seconds: a weight decays by exp(−rate · seconds). */
    public static double decayRatePerSecond(Duration halfLife) {
        if (halfLife.isZero() || halfLife.isNegative()) {
            throw new IllegalArgumentException("halfLife must be positive, was " + halfLife);
        }
        return Math.log(2) / (halfLife.getSeconds() + halfLife.getNano() / 1e9);
    }
}
