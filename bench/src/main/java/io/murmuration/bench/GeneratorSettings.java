package io.murmuration.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Every knob of {@link SyntheticInteractions}, each documented once here. Two runs with equal settings write
 * byte-identical files. The compact constructor refuses a bad value with a message that names the component.
 *
 * @param seed                 the only source of randomness: the planted world and the event stream derive from it
 * @param users                how many users ({@code user-0} .. {@code user-(users-1)})
 * @param items                how many items ({@code item-0} .. {@code item-(items-1)})
 * @param events               exactly how many interactions to write
 * @param genres               how many latent genres; every user and item loads 1 on one primary genre
 * @param popularityExponent   Zipf exponent s of item popularity: the item of popularity rank r weighs 1/r^s
 *                             (0 makes every item equally popular)
 * @param userActivityExponent Zipf exponent of how often each user starts a session (0: all users alike)
 * @param temperature          softmax temperature of a choice, drawn ∝ exp(taste·item/temperature) × popularity;
 *                             lower means users stick closer to their taste
 * @param tasteSpread          the largest loading of a user or item vector on a genre other than its primary one;
 *                             loadings there are uniform in [0, tasteSpread]
 * @param sessionFocus         added to the user's taste on the session's genre for the whole session, so that a
 *                             session's items are related
 * @param meanSessionLength    mean number of interactions in a session (geometric, at least 1)
 * @param meanSessionGap       mean time between consecutive interactions inside a session (exponential)
 * @param start                the instant the first session may start (inclusive; kept to the millisecond)
 * @param span                 how long after {@code start} interactions may happen (end exclusive)
 * @param shiftShare           share of users, in [0, 1], whose taste moves to a different primary genre
 * @param shiftAt              when the shift happens: sessions starting at or after it use the new taste
 * @param format               how the events are written
 * @param newItemShare         share of items, in [0, 1], that are new: each is released at an instant drawn uniformly
 *                             between a third and five sixths of the span, and nobody interacts with it before
 */
public record GeneratorSettings(
        long seed,
        int users,
        int items,
        long events,
        int genres,
        double popularityExponent,
        double userActivityExponent,
        double temperature,
        double tasteSpread,
        double sessionFocus,
        double meanSessionLength,
        Duration meanSessionGap,
        Instant start,
        Duration span,
        double shiftShare,
        Instant shiftAt,
        Format format,
        double newItemShare) {

    /** How the event stream is written. */
    public enum Format {
        /** {@code userId,itemId,value,timestamp} with a header; value is the interaction weight or the rating. */
        CSV,
        /** One {@code InteractionEvent} per line, in the protocol's canonical JSON. */
        JSONL
    }

    public GeneratorSettings {
        require(users >= 1, "users must be at least 1, got " + users);
        require(items >= 1, "items must be at least 1, got " + items);
        require(events >= 0, "events must not be negative, got " + events);
        require(genres >= 2, "genres must be at least 2 (a shift needs somewhere to go), got " + genres);
        require(finiteAtLeast(popularityExponent, 0),
                "popularityExponent must be a number >= 0, got " + popularityExponent);
        require(finiteAtLeast(userActivityExponent, 0),
                "userActivityExponent must be a number >= 0, got " + userActivityExponent);
        require(Double.isFinite(temperature) && temperature > 0,
                "temperature must be a number > 0, got " + temperature);
        require(Double.isFinite(tasteSpread) && tasteSpread >= 0 && tasteSpread < 1,
                "tasteSpread must be in [0, 1), got " + tasteSpread);
        require(finiteAtLeast(sessionFocus, 0), "sessionFocus must be a number >= 0, got " + sessionFocus);
        require(finiteAtLeast(meanSessionLength, 1),
                "meanSessionLength must be a number >= 1, got " + meanSessionLength);
        Objects.requireNonNull(meanSessionGap, "meanSessionGap");
        require(!meanSessionGap.isNegative(), "meanSessionGap must not be negative, got " + meanSessionGap);
        Objects.requireNonNull(start, "start");
        // Events carry millisecond timestamps; a finer start could put the first one before it.
        start = start.truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(span, "span");
        require(span.toMillis() >= 1, "span must be at least 1 ms, got " + span);
        require(Double.isFinite(shiftShare) && shiftShare >= 0 && shiftShare <= 1,
                "shiftShare must be in [0, 1], got " + shiftShare);
        Objects.requireNonNull(shiftAt, "shiftAt");
        Objects.requireNonNull(format, "format");
        require(Double.isFinite(newItemShare) && newItemShare >= 0 && newItemShare <= 1,
                "newItemShare must be in [0, 1], got " + newItemShare);
    }

    /** Without new items. */
    public GeneratorSettings(long seed, int users, int items, long events, int genres, double popularityExponent,
            double userActivityExponent, double temperature, double tasteSpread, double sessionFocus,
            double meanSessionLength, Duration meanSessionGap, Instant start, Duration span, double shiftShare,
            Instant shiftAt, Format format) {
        this(seed, users, items, events, genres, popularityExponent, userActivityExponent, temperature, tasteSpread,
                sessionFocus, meanSessionLength, meanSessionGap, start, span, shiftShare, shiftAt, format, 0);
    }

    /** A month of interactions: 10,000 users, 5,000 items, 100,000 events, a fifth of users shifting half-way. */
    public static GeneratorSettings defaults() {
        Instant start = Instant.parse("2026-10-01T00:00:00Z");
        Duration span = Duration.ofDays(30);
        return new GeneratorSettings(42L, 10_000, 5_000, 100_000L, 8, 1.0, 0.5, 0.3, 0.3, 1.0, 6.0,
                Duration.ofSeconds(40), start, span, 0.2, start.plus(span.dividedBy(2)), Format.JSONL);
    }

    /** The exclusive end of the span. */
    public Instant end() {
        return start.plus(span);
    }

    public GeneratorSettings withSeed(long v) {
        return new GeneratorSettings(v, users, items, events, genres, popularityExponent, userActivityExponent,
                temperature, tasteSpread, sessionFocus, meanSessionLength, meanSessionGap, start, span, shiftShare,
                shiftAt, format, newItemShare);
    }

    public GeneratorSettings withUsers(int v) {
        return new GeneratorSettings(seed, v, items, events, genres, popularityExponent, userActivityExponent,
                temperature, tasteSpread, sessionFocus, meanSessionLength, meanSessionGap, start, span, shiftShare,
                shiftAt, format, newItemShare);
    }

    public GeneratorSettings withItems(int v) {
        return new GeneratorSettings(seed, users, v, events, genres, popularityExponent, userActivityExponent,
                temperature, tasteSpread, sessionFocus, meanSessionLength, meanSessionGap, start, span, shiftShare,
                shiftAt, format, newItemShare);
    }

    public GeneratorSettings withEvents(long v) {
        return new GeneratorSettings(seed, users, items, v, genres, popularityExponent, userActivityExponent,
                temperature, tasteSpread, sessionFocus, meanSessionLength, meanSessionGap, start, span, shiftShare,
                shiftAt, format, newItemShare);
    }

    public GeneratorSettings withGenres(int v) {
        return new GeneratorSettings(seed, users, items, events, v, popularityExponent, userActivityExponent,
                temperature, tasteSpread, sessionFocus, meanSessionLength, meanSessionGap, start, span, shiftShare,
                shiftAt, format, newItemShare);
    }

    public GeneratorSettings withPopularityExponent(double v) {
        return new GeneratorSettings(seed, users, items, events, genres, v, userActivityExponent,
                temperature, tasteSpread, sessionFocus, meanSessionLength, meanSessionGap, start, span, shiftShare,
                shiftAt, format, newItemShare);
    }

    public GeneratorSettings withUserActivityExponent(double v) {
        return new GeneratorSettings(seed, users, items, events, genres, popularityExponent, v,
                temperature, tasteSpread, sessionFocus, meanSessionLength, meanSessionGap, start, span, shiftShare,
                shiftAt, format, newItemShare);
    }

    public GeneratorSettings withTemperature(double v) {
        return new GeneratorSettings(seed, users, items, events, genres, popularityExponent, userActivityExponent,
                v, tasteSpread, sessionFocus, meanSessionLength, meanSessionGap, start, span, shiftShare,
                shiftAt, format, newItemShare);
    }

    public GeneratorSettings withTasteSpread(double v) {
        return new GeneratorSettings(seed, users, items, events, genres, popularityExponent, userActivityExponent,
                temperature, v, sessionFocus, meanSessionLength, meanSessionGap, start, span, shiftShare,
                shiftAt, format, newItemShare);
    }

    public GeneratorSettings withSessionFocus(double v) {
        return new GeneratorSettings(seed, users, items, events, genres, popularityExponent, userActivityExponent,
                temperature, tasteSpread, v, meanSessionLength, meanSessionGap, start, span, shiftShare,
                shiftAt, format, newItemShare);
    }

    public GeneratorSettings withMeanSessionLength(double v) {
        return new GeneratorSettings(seed, users, items, events, genres, popularityExponent, userActivityExponent,
                temperature, tasteSpread, sessionFocus, v, meanSessionGap, start, span, shiftShare,
                shiftAt, format, newItemShare);
    }

    public GeneratorSettings withMeanSessionGap(Duration v) {
        return new GeneratorSettings(seed, users, items, events, genres, popularityExponent, userActivityExponent,
                temperature, tasteSpread, sessionFocus, meanSessionLength, v, start, span, shiftShare,
                shiftAt, format, newItemShare);
    }

    /** Moves the window to {@code v}; {@code shiftAt} stays where it was. */
    public GeneratorSettings withStart(Instant v) {
        return new GeneratorSettings(seed, users, items, events, genres, popularityExponent, userActivityExponent,
                temperature, tasteSpread, sessionFocus, meanSessionLength, meanSessionGap, v, span, shiftShare,
                shiftAt, format, newItemShare);
    }

    /** Changes the window's length; {@code shiftAt} stays where it was. */
    public GeneratorSettings withSpan(Duration v) {
        return new GeneratorSettings(seed, users, items, events, genres, popularityExponent, userActivityExponent,
                temperature, tasteSpread, sessionFocus, meanSessionLength, meanSessionGap, start, v, shiftShare,
                shiftAt, format, newItemShare);
    }

    public GeneratorSettings withShiftShare(double v) {
        return new GeneratorSettings(seed, users, items, events, genres, popularityExponent, userActivityExponent,
                temperature, tasteSpread, sessionFocus, meanSessionLength, meanSessionGap, start, span, v,
                shiftAt, format, newItemShare);
    }

    public GeneratorSettings withShiftAt(Instant v) {
        return new GeneratorSettings(seed, users, items, events, genres, popularityExponent, userActivityExponent,
                temperature, tasteSpread, sessionFocus, meanSessionLength, meanSessionGap, start, span, shiftShare,
                v, format, newItemShare);
    }

    public GeneratorSettings withFormat(Format v) {
        return new GeneratorSettings(seed, users, items, events, genres, popularityExponent, userActivityExponent,
                temperature, tasteSpread, sessionFocus, meanSessionLength, meanSessionGap, start, span, shiftShare,
                shiftAt, v, newItemShare);
    }

    public GeneratorSettings withNewItemShare(double v) {
        return new GeneratorSettings(seed, users, items, events, genres, popularityExponent, userActivityExponent,
                temperature, tasteSpread, sessionFocus, meanSessionLength, meanSessionGap, start, span, shiftShare,
                shiftAt, format, v);
    }

    /** From when new items are released (inclusive). */
    public Instant firstRelease() {
        return start.plus(span.dividedBy(3));
    }

    /** Until when new items are released (exclusive). */
    public Instant lastRelease() {
        return start.plus(span.multipliedBy(5).dividedBy(6));
    }

    private static boolean finiteAtLeast(double value, double min) {
        return Double.isFinite(value) && value >= min;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
