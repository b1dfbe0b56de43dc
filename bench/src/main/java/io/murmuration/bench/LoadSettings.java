package io.murmuration.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Every knob of a {@link RecommendationLoad} run, each documented once here, and the command line that sets
 * them. A refused value is reported under its flag, before any request is sent.
 *
 * @param url         the node's base URL; requests go to {@code /v1/users/{user}/recommendations?k=K} on it
 * @param rate        requests per second, started at fixed intervals whatever the replies do
 * @param duration    how long the measured part of the schedule lasts
 * @param warmup      how long the schedule runs before that, unrecorded, so connections and JITs are warm
 * @param k           the list length asked for
 * @param seed        seed of the user draw: equal settings ask for the same users in the same order
 * @param users       how many users to draw from, {@code user-0} .. {@code user-(users-1)}, when there is no log
 * @param log         an interaction log whose users are drawn from instead, or null
 * @param zipf        Zipf exponent of the draw: the user of rank r weighs 1/r^zipf (0: uniform). Numbered users
 *                    rank in number order, a log's users by how many events they have in it
 * @param connections how many HTTP/1.1 keep-alive connections, one thread each, send the requests, hence the most
 *                    in flight at once; a request due while all are busy waits for one, and its latency still
 *                    counts from when it was due
 * @param timeout     how long a request may wait for a connection, and then how long for its reply once sent,
 *                    before it is given up and counted as a timeout
 * @param prime       if above 0, before the schedule every user of the draw is asked for once, this many at a
 *                    time, so the run measures resident users with their embeddings folded rather than each
 *                    user's first request (its entity's recovery from the journal); 0 skips this
 */
record LoadSettings(
        URI url,
        double rate,
        Duration duration,
        Duration warmup,
        int k,
        long seed,
        int users,
        Path log,
        double zipf,
        int connections,
        Duration timeout,
        int prime) {

    private static final Set<String> FLAGS = Set.of("--url", "--rate", "--duration", "--warmup", "--k", "--seed",
            "--users", "--log", "--zipf", "--connections", "--timeout", "--prime");

    LoadSettings {
        require(url != null && "http".equals(url.getScheme()) && url.getHost() != null,
                "--url must be an http:// URL with a host, got " + url);
        require(Double.isFinite(rate) && rate > 0, "--rate must be a number > 0, got " + rate);
        require(duration != null && duration.toNanos() > 0, "--duration must be longer than 0, got " + duration);
        require(warmup != null && !warmup.isNegative(), "--warmup must not be negative, got " + warmup);
        require(k >= 1, "--k must be at least 1, got " + k);
        require(users >= 1, "--users must be at least 1, got " + users);
        require(Double.isFinite(zipf) && zipf >= 0, "--zipf must be a number >= 0, got " + zipf);
        require(connections >= 1, "--connections must be at least 1, got " + connections);
        require(timeout != null && timeout.toNanos() > 0, "--timeout must be longer than 0, got " + timeout);
        require(prime >= 0, "--prime must be 0 or more, got " + prime);
    }

    /** The settings of {@code args} ({@code --flag value} or {@code --flag=value}), defaults for the rest. */
    static LoadSettings parse(String[] args) {
        CommandLineFlags given = CommandLineFlags.parse(args, FLAGS);
        String log = given.text("--log");
        return new LoadSettings(
                given.url("--url", "http://127.0.0.1:8080"),
                given.number("--rate", 1000),
                given.duration("--duration", "60"),
                given.duration("--warmup", "10"),
                given.whole("--k", 10),
                given.wholeLong("--seed", 1),
                given.whole("--users", 100_000),
                log == null ? null : Path.of(log),
                given.number("--zipf", 0),
                given.whole("--connections", 256),
                given.duration("--timeout", "2"),
                given.whole("--prime", 0));
    }

    static String usage() {
        return """
                usage: bench/bin/load [flags]

                Asks a node for recommendations at a constant rate (an open model: requests start on schedule,
                not when earlier ones return) and reports latency from each request's intended start, so a stall
                counts against every request it delayed. Defaults in parentheses; durations are seconds unless
                they end in ms or m.

                  --url URL            the node (http://127.0.0.1:8080)
                  --rate R             requests per second (1000)
                  --duration D         measured time (60)
                  --warmup W           unrecorded time before it (10)
                  --k K                list length asked for (10)
                  --users N            draw from user-0 .. user-(N-1) (100000)
                  --log FILE           draw from the users of this interaction log instead
                  --zipf S             Zipf exponent of the draw; 0 draws uniformly (0)
                  --seed N             seed of the draw (1)
                  --connections C      keep-alive connections, so most requests in flight; a request due
                                       while all are busy waits for one, timed from when it was due (256)
                  --timeout T          a request that waits T for a connection, or T for its reply once
                                       sent, is a timeout, recorded with its latency so far (2)
                  --prime P            first ask once for every user of the draw, P at a time, unrecorded,
                                       so every user is resident and warm; 0 skips it (0)
                """;
    }

    private static void require(boolean condition, String message) {
        CommandLineFlags.require(condition, message);
    }
}
