package io.murmuration.bench;

import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.InteractionType;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * A synthetic interaction log with structure planted in it, for load tests and for checking that the recommender
 * recovers what was hidden: users' genre tastes ({@link PlantedTastes}), Zipf item popularity, sessions of related
 * items, a realistic mix of interaction types, and a share of users whose taste shifts at a known instant.
 *
 * <p>Sessions start at sorted uniform instants over the span; a session belongs to one user, leans towards one
 * genre drawn from that user's taste, and has a geometric number of interactions separated by exponential gaps.
 * Sessions interleave, and events come out in time order. Everything derives from the seed, so equal
 * {@link GeneratorSettings} give byte-identical output; memory grows with users, items and concurrently open
 * sessions, never with the number of events.
 */
public final class SyntheticInteractions implements Iterable<InteractionEvent> {

    /** The interaction types drawn, with {@link #TYPE_SHARES}: a funnel of views down to purchases, plus skips. */
    static final InteractionType[] TYPES = {
            InteractionType.VIEW, InteractionType.CLICK, InteractionType.ADD_TO_CART,
            InteractionType.PURCHASE, InteractionType.RATING, InteractionType.SKIP};

    /** Share of each of {@link #TYPES} among all events. */
    static final double[] TYPE_SHARES = {0.55, 0.17, 0.06, 0.025, 0.045, 0.15};

    private static final double[] TYPE_CUMULATIVE = runningSums(TYPE_SHARES);

    private static final String CSV_HEADER = "userId,itemId,value,timestamp\n";

    // A session that ties on time with another keeps its place by start order, so the stream stays deterministic.
    private static final Comparator<Session> SESSION_ORDER =
            Comparator.comparingLong((Session s) -> s.nextMillis).thenComparingLong(s -> s.id);

    private final GeneratorSettings settings;
    private final PlantedTastes tastes;
    private final long eventsSeed;
    private final long lengthsSeed;
    private final String eventIdPrefix;
    private final long sessions;

    /** Plants the world for {@code settings}; events are drawn afresh, identically, by every iteration. */
    public SyntheticInteractions(GeneratorSettings settings) {
        this.settings = settings;
        SplittableRandom root = new SplittableRandom(settings.seed());
        this.tastes = new PlantedTastes(settings, new SplittableRandom(root.nextLong()));
        this.eventsSeed = root.nextLong();
        this.lengthsSeed = root.nextLong();
        // The seed in every eventId, so that logs generated with different seeds never dedupe each other.
        this.eventIdPrefix = "syn-" + Long.toHexString(settings.seed()) + "-";
        this.sessions = countSessions();
    }

    /** The settings this log was generated with. */
    public GeneratorSettings settings() {
        return settings;
    }

    /** The hidden structure: who likes which genre, and who shifts. */
    public PlantedTastes tastes() {
        return tastes;
    }

    /** The id of user number {@code index}. */
    public static String userId(int index) {
        return "user-" + index;
    }

    /** The id of item number {@code index}. */
    public static String itemId(int index) {
        return "item-" + index;
    }

    /** The number in a {@link #userId}. */
    public static int userIndex(String userId) {
        return Integer.parseInt(userId.substring("user-".length()));
    }

    /** The number in an {@link #itemId}. */
    public static int itemIndex(String itemId) {
        return Integer.parseInt(itemId.substring("item-".length()));
    }

    /** The weight a CSV row carries: the node's interest weight per type, the rating itself for a rating. */
    public static double csvValue(InteractionEvent event) {
        return switch (event.type()) {
            case VIEW -> 1;
            case CLICK -> 2;
            case ADD_TO_CART -> 4;
            case PURCHASE -> 8;
            case RATING -> event.value();
            case SKIP -> 0;
        };
    }

    /** All {@code settings.events()} events in time order, generated lazily. */
    @Override
    public Iterator<InteractionEvent> iterator() {
        return new EventStream();
    }

    /** Writes every event in {@code settings.format()}, without closing {@code out}. */
    public void write(OutputStream out) throws IOException {
        write(out, written -> { });
    }

    /**
     * Writes every event in {@code settings.format()}, without closing {@code out}, and tells {@code progress} the
     * number written after each tenth of them.
     */
    public void write(OutputStream out, LongConsumer progress) throws IOException {
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        boolean csv = settings.format() == GeneratorSettings.Format.CSV;
        InteractionEventCodec codec = new InteractionEventCodec();
        StringBuilder line = new StringBuilder(96);
        if (csv) {
            buffered.write(CSV_HEADER.getBytes(StandardCharsets.US_ASCII));
        }
        long total = settings.events();
        int tenth = 1;
        long written = 0;
        for (InteractionEvent event : this) {
            if (csv) {
                line.setLength(0);
                appendCsvRow(line, event);
                buffered.write(line.toString().getBytes(StandardCharsets.US_ASCII));
            } else {
                buffered.write(codec.encode(event));
                buffered.write('\n');
            }
            written++;
            while (tenth <= 10 && written * 10 >= total * tenth) {
                buffered.flush();
                progress.accept(written);
                tenth++;
            }
        }
        buffered.flush();
    }

    /**
     * Writes the truth about the shift as JSON, without closing {@code out}: the window, and for every shifted
     * user the genre it left, the genre it moved to and when.
     */
    public void writeTruth(OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        String shiftAt = DateTimeFormatter.ISO_INSTANT.format(settings.shiftAt());
        w.write("{\n");
        w.write("  \"seed\": " + settings.seed() + ",\n");
        w.write("  \"users\": " + settings.users() + ",\n");
        w.write("  \"items\": " + settings.items() + ",\n");
        w.write("  \"events\": " + settings.events() + ",\n");
        w.write("  \"genres\": " + settings.genres() + ",\n");
        w.write("  \"start\": \"" + DateTimeFormatter.ISO_INSTANT.format(settings.start()) + "\",\n");
        w.write("  \"end\": \"" + DateTimeFormatter.ISO_INSTANT.format(settings.end()) + "\",\n");
        w.write("  \"shiftShare\": " + settings.shiftShare() + ",\n");
        w.write("  \"shiftAt\": \"" + shiftAt + "\",\n");
        w.write("  \"shifted\": [");
        int[] shifted = tastes.shiftedUsers();
        Instant before = settings.shiftAt().minusMillis(1);
        for (int i = 0; i < shifted.length; i++) {
            int user = shifted[i];
            w.write(i == 0 ? "\n" : ",\n");
            w.write("    {\"userId\": \"" + userId(user) + "\""
                    + ", \"fromGenre\": " + tastes.primaryGenreOfUser(user, before)
                    + ", \"toGenre\": " + tastes.primaryGenreOfUser(user, settings.shiftAt())
                    + ", \"at\": \"" + shiftAt + "\"}");
        }
        w.write(shifted.length == 0 ? "]\n" : "\n  ]\n");
        w.write("}\n");
        w.flush();
    }

    /** The catalog attribute that reflects an item's planted taste: its primary genre. */
    public static String categoryOf(int genre) {
        return "genre-" + genre;
    }

    /**
     * Writes the catalog, without closing {@code out}: one line per item in the format of the {@code catalog} topic,
     * {@code {"itemId":"item-3","attributes":{"category":"genre-5"}}}, in item order; a new item's attributes also
     * say when it is released ({@code "released":"2026-10-12T08:00:00Z"}), so a replay can publish it then.
     */
    public void writeCatalog(OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        for (int item = 0; item < settings.items(); item++) {
            w.write("{\"itemId\":\"" + itemId(item) + "\",\"attributes\":{\"category\":\""
                    + categoryOf(tastes.primaryGenreOfItem(item)) + "\"");
            if (tastes.isNew(item)) {
                w.write(",\"released\":\"" + DateTimeFormatter.ISO_INSTANT.format(tastes.releaseOf(item, settings.start()))
                        + "\"");
            }
            w.write("}}\n");
        }
        w.flush();
    }

    /** Runs the generator from the command line; {@code --help} lists the flags. */
    public static void main(String[] args) {
        int status = GeneratorCommandLine.run(args, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    private static void appendCsvRow(StringBuilder line, InteractionEvent event) {
        double value = csvValue(event);
        line.append(event.userId()).append(',').append(event.itemId()).append(',');
        if (value == Math.rint(value)) {
            line.append((long) value);
        } else {
            line.append(value);
        }
        line.append(',');
        DateTimeFormatter.ISO_INSTANT.formatTo(event.timestamp(), line);
        line.append('\n');
    }

    /** How many sessions it takes to use up the event budget, drawing lengths exactly as {@link EventStream} will. */
    private long countSessions() {
        SplittableRandom lengths = new SplittableRandom(lengthsSeed);
        long assigned = 0;
        long count = 0;
        while (assigned < settings.events()) {
            assigned += sessionLength(lengths);
            count++;
        }
        return count;
    }

    /** A geometric length with mean {@code meanSessionLength}, at least 1. */
    private long sessionLength(SplittableRandom lengths) {
        double mean = settings.meanSessionLength();
        if (mean <= 1) {
            return 1;
        }
        double u = 1 - lengths.nextDouble();
        return 1 + (long) StrictMath.floor(StrictMath.log(u) / StrictMath.log1p(-1 / mean));
    }

    private static double[] runningSums(double[] shares) {
        double[] sums = new double[shares.length];
        double running = 0;
        for (int i = 0; i < shares.length; i++) {
            running += shares[i];
            sums[i] = running;
        }
        return sums;
    }

    /** One user's run of related interactions: a taste leaning towards one genre, and how many events remain. */
    private static final class Session {
        final long id;
        final int user;
        final String tag;
        final double[] taste;
        final double[] focused;
        final double[] bound;
        final double[] genreCumulative;
        long remaining;
        long nextMillis;

        Session(long id, int user, double[] taste, double[] focused, double[] bound, double[] genreCumulative,
                long remaining, long nextMillis) {
            this.id = id;
            this.user = user;
            this.tag = Long.toString(id);
            this.taste = taste;
            this.focused = focused;
            this.bound = bound;
            this.genreCumulative = genreCumulative;
            this.remaining = remaining;
            this.nextMillis = nextMillis;
        }
    }

    /** The merge of all sessions in time order; draws every random number in a fixed order. */
    private final class EventStream implements Iterator<InteractionEvent> {
        private final SplittableRandom rng = new SplittableRandom(eventsSeed);
        private final SplittableRandom lengths = new SplittableRandom(lengthsSeed);
        private final PriorityQueue<Session> open = new PriorityQueue<>(SESSION_ORDER);
        private final long startMillis = settings.start().toEpochMilli();
        private final long spanMillis = settings.span().toMillis();
        private final long lastMillis = startMillis + spanMillis - 1;
        private final double meanGapMillis = settings.meanSessionGap().toMillis();
        private final int genres = settings.genres();
        private long budget = settings.events();
        private long started;
        private double startFraction;
        private long nextStartMillis;
        private long emitted;

        EventStream() {
            advanceStart();
        }

        @Override
        public boolean hasNext() {
            return emitted < settings.events();
        }

        @Override
        public InteractionEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            while (started < sessions && (open.isEmpty() || nextStartMillis <= open.peek().nextMillis)) {
                open.add(startSession(nextStartMillis));
                advanceStart();
            }
            Session session = open.poll();
            InteractionEvent event = interact(session);
            if (session.remaining > 0) {
                open.add(session);
            }
            return event;
        }

        /** The next of {@code sessions} sorted uniform start instants, drawn one at a time in O(1) memory. */
        private void advanceStart() {
            long left = sessions - started;
            if (left <= 0) {
                return;
            }
            double u = 1 - rng.nextDouble();
            // The minimum of `left` uniforms on [startFraction, 1) is the next order statistic.
            startFraction += (1 - startFraction) * (1 - StrictMath.pow(u, 1.0 / left));
            nextStartMillis = startMillis + Math.min(spanMillis - 1, (long) (startFraction * spanMillis));
        }

        private Session startSession(long at) {
            int user = tastes.drawUser(rng);
            double[] taste = new double[genres];
            tastes.tasteInto(user, at, taste);
            double[] bound = new double[genres];
            double[] genreCumulative = new double[genres];
            tastes.prepareChoice(taste, bound, genreCumulative);
            int genre = tastes.drawGenre(genreCumulative, rng);
            double[] focused = taste.clone();
            focused[genre] += settings.sessionFocus();
            tastes.prepareChoice(focused, bound, genreCumulative);
            long length = Math.min(sessionLength(lengths), budget);
            budget -= length;
            return new Session(started++, user, taste, focused, bound, genreCumulative, length, at);
        }

        private InteractionEvent interact(Session session) {
            InteractionType type = TYPES[pick(TYPE_CUMULATIVE, rng.nextDouble())];
            // A skip is something shown and passed over, so it follows popularity rather than taste.
            int item = type == InteractionType.SKIP
                    ? tastes.drawByPopularity(session.nextMillis, rng)
                    : tastes.drawItem(session.focused, session.bound, session.genreCumulative, session.nextMillis, rng);
            Double value = type == InteractionType.RATING ? rating(tastes.score(session.taste, item)) : null;
            InteractionEvent event = new InteractionEvent(eventIdPrefix + emitted, userId(session.user),
                    itemId(item), type, value, Instant.ofEpochMilli(session.nextMillis),
                    Map.of("session", session.tag));
            emitted++;
            session.remaining--;
            if (session.remaining > 0) {
                double gap = -meanGapMillis * StrictMath.log(1 - rng.nextDouble());
                session.nextMillis = Math.min(lastMillis, session.nextMillis + Math.max(1, (long) gap));
            }
            return event;
        }

        /** 1 to 5 stars, higher for items closer to the user's own taste, with a little noise. */
        private double rating(double affinity) {
            double noise = rng.nextDouble() - rng.nextDouble();
            return Math.max(1, Math.min(5, StrictMath.rint(1.5 + 2.5 * affinity + noise)));
        }

        private int pick(double[] cumulative, double u) {
            for (int i = 0; i < cumulative.length - 1; i++) {
                if (u < cumulative[i]) {
                    return i;
                }
            }
            return cumulative.length - 1;
        }
    }
}
