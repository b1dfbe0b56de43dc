package io.murmuration.bench;

import io.murmuration.bench.baseline.CoOccurrenceBaseline;
import io.murmuration.bench.baseline.DecayedPopularityBaseline;
import io.murmuration.bench.baseline.ImplicitAlsBaseline;
import io.murmuration.bench.baseline.PopularityBaseline;
import io.murmuration.bench.baseline.ReferenceBaseline;
import io.murmuration.node.model.training.AlsParameters;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of {@link ReplayEvaluator}: the log, the node (or {@code --offline} for the baselines alone), which
 * events are scored, and which reference baselines run with which parameters. A baseline parameter may list several
 * values separated by commas ({@code --co-recent 10,20,50}): each combination runs as a baseline of its own, on the
 * same stream. A bad value is refused here, naming its flag.
 *
 * @param log          the interaction log (JSONL or CSV, optionally gzipped)
 * @param url          the node's public API; null with {@code --offline}
 * @param limit        replay only the first this many events of the log (in time order)
 * @param concurrency  events in flight at once, never two of one user
 * @param score        which positive events are eligible for scoring
 * @param every        score every this-many-th eligible event
 * @param baselines    which baselines run: {@value #BASELINE_NAMES}
 * @param halfLives    decayed popularity: half-lives in event time
 * @param coRecent     co-occurrence: how many of the user's most recent distinct items lend their co-occurrences
 * @param coExponents  co-occurrence: candidates are divided by their number of users to this power
 * @param alsEvery     iALS: positive events between two trainings
 * @param alsFactors   iALS: dimension d
 * @param alsLambda    iALS: regularisation λ
 * @param alsAlpha     iALS: confidence slope α
 * @param alsIterations iALS: alternations per training
 */
record ReplaySettings(
        Path log,
        URI url,
        int limit,
        int concurrency,
        ScoringProtocol.Kind score,
        int every,
        Set<String> baselines,
        List<Duration> halfLives,
        List<Integer> coRecent,
        List<Double> coExponents,
        List<Integer> alsEvery,
        List<Integer> alsFactors,
        List<Double> alsLambda,
        List<Double> alsAlpha,
        List<Integer> alsIterations) {

    static final String BASELINE_NAMES = "popularity,decayed-popularity,co-occurrence,ials";
    /** The training seed: with it every iALS run of a log is reproducible. */
    static final long ALS_SEED = 42;
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    private static final Set<String> VALUE_FLAGS = Set.of("--log", "--url", "--limit", "--concurrency", "--score",
            "--every", "--baselines", "--half-life", "--co-recent", "--co-exponent", "--als-every", "--als-factors",
            "--als-lambda", "--als-alpha", "--als-iterations");

    static final String USAGE = """
            usage: replay --log FILE [--url URL | --offline] [--limit N] [--concurrency N]
                          [--score all|returning] [--every N] [--baselines NAMES]
                          [--half-life DURATION] [--co-recent N] [--co-exponent X]
                          [--als-every M] [--als-factors D] [--als-lambda X] [--als-alpha X] [--als-iterations N]

              --log FILE           JSONL or CSV interaction log, optionally gzipped (.jsonl.gz)
              --url URL            the node's public API [http://127.0.0.1:8080]
              --offline            no node: compute and print the reference baselines only
              --limit N            replay only the first N events [all]
              --concurrency N      events in flight at once, never two of one user [1]; not with --offline
              --score all          score every positive event, users' first events included [default]
              --score returning    score only events of users who already have an earlier event
              --every N            score every N-th eligible event [1 with all, 5 with returning]
              --baselines NAMES    comma-separated, of popularity,decayed-popularity,co-occurrence,ials [all four]
              --half-life D        decayed popularity: half-life in event time, e.g. 30d, 12h, P7D [30d]
              --co-recent N        co-occurrence: the user's most recent distinct items that count [20]
              --co-exponent X      co-occurrence: divide by the candidate's users to this power [0.5]
              --als-every M        iALS: retrain every M positive events [20000]
              --als-factors D      iALS: dimension [32]
              --als-lambda X       iALS: regularisation [1.0]
              --als-alpha X        iALS: confidence slope [10.0]
              --als-iterations N   iALS: alternations per training [10]
            A baseline parameter may list values separated by commas: each combination runs as its own baseline.
            """;

    /** The settings {@code args} ask for; IllegalArgumentException naming the flag when one is missing or bad. */
    static ReplaySettings parse(String... args) {
        Path log = null;
        String url = null;
        boolean offline = false;
        int limit = Integer.MAX_VALUE;
        Integer concurrency = null;
        ScoringProtocol.Kind score = ScoringProtocol.Kind.ALL;
        Integer every = null;
        Set<String> baselines = new LinkedHashSet<>(List.of(BASELINE_NAMES.split(",")));
        List<Duration> halfLives = List.of(Duration.ofDays(30));
        List<Integer> coRecent = List.of(20);
        List<Double> coExponents = List.of(0.5);
        List<Integer> alsEvery = List.of(20_000);
        List<Integer> alsFactors = List.of(32);
        List<Double> alsLambda = List.of(1.0);
        List<Double> alsAlpha = List.of(10.0);
        List<Integer> alsIterations = List.of(10);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--offline")) {
                offline = true;
                continue;
            }
            if (!VALUE_FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown option " + flag);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--log" -> log = Path.of(value);
                case "--url" -> url = value;
                case "--limit" -> limit = atLeast(flag, value, 0);
                case "--concurrency" -> concurrency = atLeast(flag, value, 1);
                case "--score" -> score = ScoringProtocol.Kind.ofFlag(value);
                case "--every" -> every = atLeast(flag, value, 1);
                case "--baselines" -> baselines = baselineNames(value);
                case "--half-life" -> halfLives = list(flag, value, ReplaySettings::duration);
                case "--co-recent" -> coRecent = list(flag, value, v -> atLeast(flag, v, 1));
                case "--co-exponent" -> coExponents = list(flag, value, v -> notNegative(flag, v));
                case "--als-every" -> alsEvery = list(flag, value, v -> atLeast(flag, v, 1));
                case "--als-factors" -> alsFactors = list(flag, value, v -> atLeast(flag, v, 1));
                case "--als-lambda" -> alsLambda = list(flag, value, v -> positive(flag, v));
                case "--als-alpha" -> alsAlpha = list(flag, value, v -> notNegative(flag, v));
                case "--als-iterations" -> alsIterations = list(flag, value, v -> atLeast(flag, v, 1));
                default -> throw new IllegalStateException(flag + " is in VALUE_FLAGS but not parsed");
            }
        }
        if (log == null) {
            throw new IllegalArgumentException("--log is required");
        }
        if (offline && (url != null || concurrency != null)) {
            throw new IllegalArgumentException((url != null ? "--url" : "--concurrency")
                    + " means nothing with --offline (no node is asked)");
        }
        if (offline && baselines.isEmpty()) {
            throw new IllegalArgumentException("--baselines must name at least one baseline with --offline");
        }
        return new ReplaySettings(log, offline ? null : URI.create(url == null ? DEFAULT_URL : url), limit,
                concurrency == null ? 1 : concurrency, score,
                every != null ? every : score == ScoringProtocol.Kind.RETURNING ? 5 : 1, baselines,
                halfLives, coRecent, coExponents, alsEvery, alsFactors, alsLambda, alsAlpha, alsIterations);
    }

    ReplaySettings {
        Set<String> named = baselines;
        baselines = Collections.unmodifiableSet(new LinkedHashSet<>(
                Arrays.stream(BASELINE_NAMES.split(",")).filter(named::contains).toList())); // always in one order
    }

    boolean offline() {
        return url == null;
    }

    ScoringProtocol protocol() {
        return new ScoringProtocol(score, every);
    }

    /** New baselines, one for each named baseline and each combination of its parameters, in a fixed order. */
    List<ReferenceBaseline> newBaselines() {
        List<ReferenceBaseline> list = new ArrayList<>();
        if (baselines.contains("popularity")) {
            list.add(new PopularityBaseline());
        }
        if (baselines.contains("decayed-popularity")) {
            halfLives.forEach(h -> list.add(new DecayedPopularityBaseline(h)));
        }
        if (baselines.contains("co-occurrence")) {
            for (int recent : coRecent) {
                coExponents.forEach(exponent -> list.add(new CoOccurrenceBaseline(recent, exponent)));
            }
        }
        if (baselines.contains("ials")) {
            int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
            for (int m : alsEvery) {
                for (int d : alsFactors) {
                    for (double lambda : alsLambda) {
                        for (double alpha : alsAlpha) {
                            for (int iterations : alsIterations) {
                                list.add(new ImplicitAlsBaseline(
                                        new AlsParameters(d, iterations, lambda, alpha, ALS_SEED, threads), m));
                            }
                        }
                    }
                }
            }
        }
        return list;
    }

    private static Set<String> baselineNames(String value) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : value.split(",")) {
            String trimmed = name.trim().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!List.of(BASELINE_NAMES.split(",")).contains(trimmed)) {
                throw new IllegalArgumentException("--baselines: unknown baseline " + trimmed + ", expected some of "
                        + BASELINE_NAMES);
            }
            names.add(trimmed);
        }
        return names;
    }

    private static <T> List<T> list(String flag, String value, Function<String, T> parse) {
        List<T> values = new ArrayList<>();
        for (String one : value.split(",")) {
            values.add(parse.apply(one.trim()));
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs at least one value");
        }
        return List.copyOf(values);
    }

    private static int atLeast(String flag, String value, int min) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, got " + value);
        }
        if (n < min) {
            throw new IllegalArgumentException(flag + " must be at least " + min + ", got " + value);
        }
        return n;
    }

    private static double number(String flag, String value) {
        try {
            double x = Double.parseDouble(value);
            if (Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the flag
        }
        throw new IllegalArgumentException(flag + " must be a finite number, got " + value);
    }

    private static double notNegative(String flag, String value) {
        double x = number(flag, value);
        if (x < 0) {
            throw new IllegalArgumentException(flag + " must not be negative, got " + value);
        }
        return x;
    }

    private static double positive(String flag, String value) {
        double x = number(flag, value);
        if (x <= 0) {
            throw new IllegalArgumentException(flag + " must be positive, got " + value);
        }
        return x;
    }

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)([dhms])");

    /** {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s} or ISO-8601 ({@code P30D}, {@code PT12H}); positive. */
    static Duration duration(String value) {
        Duration d;
        Matcher m = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            double seconds = Double.parseDouble(m.group(1)) * switch (m.group(2)) {
                case "d" -> 86_400;
                case "h" -> 3_600;
                case "m" -> 60;
                default -> 1;
            };
            d = Duration.ofMillis(Math.round(seconds * 1000));
        } else {
            try {
                d = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--half-life must be a duration such as 30d, 12h or P7D, got "
                        + value);
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("--half-life must be positive, got " + value);
        }
        return d;
    }
}
