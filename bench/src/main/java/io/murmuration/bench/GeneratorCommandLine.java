package io.murmuration.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The command line of {@link SyntheticInteractions}: flags to {@link GeneratorSettings}, then the events file and
 * its truth sidecar, with the configuration stated first and a progress line every tenth on stderr.
 */
final class GeneratorCommandLine {

    /** Each flag and the settings component it sets, so that a refused value is reported under its flag. */
    private static final Map<String, String> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("--seed", "seed");
        FLAGS.put("--users", "users");
        FLAGS.put("--items", "items");
        FLAGS.put("--events", "events");
        FLAGS.put("--genres", "genres");
        FLAGS.put("--popularity-exponent", "popularityExponent");
        FLAGS.put("--user-activity-exponent", "userActivityExponent");
        FLAGS.put("--temperature", "temperature");
        FLAGS.put("--taste-spread", "tasteSpread");
        FLAGS.put("--session-focus", "sessionFocus");
        FLAGS.put("--session-length", "meanSessionLength");
        FLAGS.put("--session-gap-seconds", "meanSessionGap");
        FLAGS.put("--start", "start");
        FLAGS.put("--span-days", "span");
        FLAGS.put("--shift-share", "shiftShare");
        FLAGS.put("--shift-at", "shiftAt");
        FLAGS.put("--format", "format");
        FLAGS.put("--new-item-share", "newItemShare");
        FLAGS.put("--out", null);
        FLAGS.put("--truth", null);
        FLAGS.put("--catalog", null);
    }

    private GeneratorCommandLine() {
    }

    /** Runs with {@code args}, reporting on {@code err}; returns the process exit status. */
    static int run(String[] args, PrintStream err) {
        Map<String, String> given;
        GeneratorSettings settings;
        try {
            given = flags(args);
            if (given.containsKey("--help")) {
                err.print(usage());
                return 0;
            }
            settings = settings(given);
        } catch (IllegalArgumentException e) {
            err.println("generate: " + e.getMessage());
            err.println("generate: --help lists the flags");
            return 2;
        }
        String out = given.get("--out");
        if (out == null) {
            err.println("generate: --out is required (the events file)");
            return 2;
        }
        Path events = Path.of(out);
        Path truth = Path.of(given.getOrDefault("--truth", truthPathFor(events)));
        Path catalog = Path.of(given.getOrDefault("--catalog", catalogPathFor(events)));
        try {
            generate(settings, events, truth, catalog, err);
            return 0;
        } catch (IOException e) {
            err.println("generate: cannot write: " + e);
            return 1;
        }
    }

    private static void generate(GeneratorSettings s, Path events, Path truth, Path catalog, PrintStream err)
            throws IOException {
        err.printf(Locale.ROOT, "generate: %d events as %s for %d users and %d items in %d genres, seed %d%n",
                s.events(), s.format().name().toLowerCase(Locale.ROOT), s.users(), s.items(), s.genres(), s.seed());
        err.printf(Locale.ROOT, "generate: %s to %s, %.0f%% of users shift taste at %s%n",
                s.start(), s.end(), s.shiftShare() * 100, s.shiftAt());
        err.printf(Locale.ROOT, "generate: popularity exponent %s, user activity exponent %s, temperature %s, "
                        + "taste spread %s, session focus %s, sessions of %s events %s apart on average%n",
                s.popularityExponent(), s.userActivityExponent(), s.temperature(), s.tasteSpread(),
                s.sessionFocus(), s.meanSessionLength(), s.meanSessionGap());
        err.printf(Locale.ROOT, "generate: %.0f%% of items are new, released from %s to %s%n",
                s.newItemShare() * 100, s.firstRelease(), s.lastRelease());
        err.printf("generate: events to %s, truth to %s, catalog to %s%n", events.toAbsolutePath(),
                truth.toAbsolutePath(), catalog.toAbsolutePath());
        Instant refusedAfter = Instant.now().plus(Duration.ofHours(24));
        if (s.end().isAfter(refusedAfter)) {
            err.println("generate: warning: events after " + refusedAfter
                    + " are more than 24 h ahead of now and the node will refuse them");
        }

        long began = System.nanoTime();
        SyntheticInteractions log = new SyntheticInteractions(s);
        err.printf(Locale.ROOT, "generate: planted tastes in %.1f s%n", seconds(began));
        createParent(events);
        createParent(truth);
        try (OutputStream out = Files.newOutputStream(truth)) {
            log.writeTruth(out);
        }
        createParent(catalog);
        try (OutputStream out = Files.newOutputStream(catalog)) {
            log.writeCatalog(out);
        }
        long writing = System.nanoTime();
        try (OutputStream out = Files.newOutputStream(events)) {
            log.write(out, written -> err.printf(Locale.ROOT, "generate: %3d%% %,d events, %.1f s%n",
                    s.events() == 0 ? 100 : written * 100 / s.events(), written, seconds(writing)));
        }
        double took = seconds(writing);
        err.printf(Locale.ROOT, "generate: done, %,d events (%,d bytes) in %.1f s, %,.0f events/s%n",
                s.events(), Files.size(events), took, took > 0 ? s.events() / took : 0.0);
    }

    /** {@code events.jsonl} → {@code events.truth.json}, beside it. */
    static String truthPathFor(Path events) {
        return beside(events, ".truth.json");
    }

    /** {@code events.jsonl} → {@code events.catalog.jsonl}, beside it. */
    static String catalogPathFor(Path events) {
        return beside(events, ".catalog.jsonl");
    }

    /** The file beside {@code events} named as it is, up to its last dot, then {@code suffix}. */
    private static String beside(Path events, String suffix) {
        String name = events.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Path parent = events.getParent();
        return parent == null ? stem + suffix : parent.resolve(stem + suffix).toString();
    }

    /** Flag to value; {@code --flag value} and {@code --flag=value} both work. */
    static Map<String, String> flags(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                given.put("--help", "");
                continue;
            }
            String flag = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                value = null;
            }
            if (!FLAGS.containsKey(flag)) {
                throw new IllegalArgumentException("unknown flag '" + flag + "'");
            }
            if (value == null) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            given.put(flag, value);
        }
        return given;
    }

    /** The defaults with every given flag applied; a refused value is reported under its flag. */
    static GeneratorSettings settings(Map<String, String> given) {
        try {
            GeneratorSettings s = GeneratorSettings.defaults();
            Instant defaultShiftAt = null;
            for (Map.Entry<String, String> entry : given.entrySet()) {
                String value = entry.getValue();
                s = switch (entry.getKey()) {
                    case "--seed" -> s.withSeed(parseLong(entry));
                    case "--users" -> s.withUsers(parseInt(entry));
                    case "--items" -> s.withItems(parseInt(entry));
                    case "--events" -> s.withEvents(parseLong(entry));
                    case "--genres" -> s.withGenres(parseInt(entry));
                    case "--popularity-exponent" -> s.withPopularityExponent(parseDouble(entry));
                    case "--user-activity-exponent" -> s.withUserActivityExponent(parseDouble(entry));
                    case "--temperature" -> s.withTemperature(parseDouble(entry));
                    case "--taste-spread" -> s.withTasteSpread(parseDouble(entry));
                    case "--session-focus" -> s.withSessionFocus(parseDouble(entry));
                    case "--session-length" -> s.withMeanSessionLength(parseDouble(entry));
                    case "--session-gap-seconds" -> s.withMeanSessionGap(millis(parseDouble(entry) * 1_000, entry));
                    case "--start" -> s.withStart(parseInstant(entry));
                    case "--span-days" -> s.withSpan(millis(parseDouble(entry) * 86_400_000, entry));
                    case "--shift-share" -> s.withShiftShare(parseDouble(entry));
                    case "--shift-at" -> s.withShiftAt(parseInstant(entry));
                    case "--format" -> s.withFormat(parseFormat(entry));
                    case "--new-item-share" -> s.withNewItemShare(parseDouble(entry));
                    default -> s;
                };
            }
            // Without --shift-at the shift sits half-way through whatever window was asked for.
            if (!given.containsKey("--shift-at")) {
                s = s.withShiftAt(s.start().plus(s.span().dividedBy(2)));
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(underFlag(e.getMessage()), e);
        }
    }

    /** Rewrites "component must ..." as "--flag must ...". */
    private static String underFlag(String message) {
        for (Map.Entry<String, String> entry : FLAGS.entrySet()) {
            String component = entry.getValue();
            if (component != null && message.startsWith(component + " ")) {
                return entry.getKey() + message.substring(component.length());
            }
        }
        return message;
    }

    private static long parseLong(Map.Entry<String, String> entry) {
        try {
            return Long.parseLong(entry.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    entry.getKey() + " must be a whole number, got '" + entry.getValue() + "'");
        }
    }

    private static int parseInt(Map.Entry<String, String> entry) {
        long value = parseLong(entry);
        if (value != (int) value) {
            throw new IllegalArgumentException(entry.getKey() + " is too large, got " + value);
        }
        return (int) value;
    }

    private static double parseDouble(Map.Entry<String, String> entry) {
        try {
            return Double.parseDouble(entry.getValue());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(entry.getKey() + " must be a number, got '" + entry.getValue() + "'");
        }
    }

    private static Instant parseInstant(Map.Entry<String, String> entry) {
        try {
            return Instant.parse(entry.getValue());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(entry.getKey()
                    + " must be an ISO-8601 instant such as 2026-10-01T00:00:00Z, got '" + entry.getValue() + "'");
        }
    }

    private static GeneratorSettings.Format parseFormat(Map.Entry<String, String> entry) {
        return switch (entry.getValue().toLowerCase(Locale.ROOT)) {
            case "csv" -> GeneratorSettings.Format.CSV;
            case "jsonl" -> GeneratorSettings.Format.JSONL;
            default -> throw new IllegalArgumentException(
                    entry.getKey() + " must be csv or jsonl, got '" + entry.getValue() + "'");
        };
    }

    private static Duration millis(double millis, Map.Entry<String, String> entry) {
        if (!Double.isFinite(millis) || millis < 0 || millis > Long.MAX_VALUE / 2.0) {
            throw new IllegalArgumentException(entry.getKey() + " is out of range, got '" + entry.getValue() + "'");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static String usage() {
        GeneratorSettings d = GeneratorSettings.defaults();
        return String.format(Locale.ROOT, """
                usage: bench/bin/generate --out FILE [flags]

                Writes a synthetic interaction log with planted tastes, in time order, a truth sidecar
                naming the users whose taste shifts, and the items' catalog (category = primary genre). The same flags always give the same bytes. Defaults in parentheses.

                  --out FILE                    the events file (required)
                  --truth FILE                  the truth sidecar (default: FILE's name with .truth.json)
                  --catalog FILE                the catalog, one item a line (default: FILE's name with .catalog.jsonl)
                  --format csv|jsonl            csv: userId,itemId,value,timestamp; jsonl: one event per line (%s)
                  --seed N                      seed of everything random (%d)
                  --users N                     number of users (%d)
                  --items N                     number of items (%d)
                  --events N                    number of events, exactly (%d)
                  --genres N                    latent genres (%d)
                  --popularity-exponent S       Zipf exponent of item popularity (%s)
                  --user-activity-exponent A    Zipf exponent of how often users come back (%s)
                  --temperature T               lower: choices stick closer to taste (%s)
                  --taste-spread X              loading on genres besides the primary one, up to X (%s)
                  --session-focus F             extra taste for the session's genre (%s)
                  --session-length L            mean events per session (%s)
                  --session-gap-seconds G       mean seconds between events of a session (%s)
                  --start ISO                   start of the window (%s)
                  --span-days D                 length of the window in days (%s)
                  --shift-share P               share of users whose taste shifts (%s)
                  --shift-at ISO                when they shift (half-way through the window)
                  --new-item-share P            share of items released part-way, from 1/3 to 5/6 of the window (%s)
                """,
                d.format().name().toLowerCase(Locale.ROOT), d.seed(), d.users(), d.items(), d.events(), d.genres(),
                d.popularityExponent(), d.userActivityExponent(), d.temperature(), d.tasteSpread(),
                d.sessionFocus(), d.meanSessionLength(), d.meanSessionGap().toMillis() / 1000.0, d.start(),
                d.span().toMillis() / 86_400_000.0, d.shiftShare(), d.newItemShare());
    }
}
