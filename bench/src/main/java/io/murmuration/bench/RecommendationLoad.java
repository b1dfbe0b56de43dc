package io.murmuration.bench;

import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.RecommendationsResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A constant-rate load on a node's recommendation endpoint, measured without coordinated omission. Requests
 * are due at fixed intervals of 1/rate and queued when due, whatever earlier ones are doing (an open model,
 * like users arriving); {@code connections} threads, each with its own HTTP/1.1 keep-alive connection
 * ({@link KeepAliveConnection}), take them in order and send them. Each request is timed from when it was due,
 * not from when a connection could send it. After a warm-up that is not recorded, the measured window runs for
 * the given duration; then the run waits for the stragglers and reports a {@link LoadReport}. A progress line
 * goes to stderr every 5 s.
 *
 * <p>Usage: {@code RecommendationLoad [--url URL] [--rate R] [--duration D] [--warmup W] [--users N | --log FILE]
 * [--zipf S] [--k K] [--seed N] [--connections C] [--timeout T] [--prime P]}; {@code --help} explains each.
 */
public final class RecommendationLoad {

    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;
    /** Scheduling starts a little after set-up, so that the first request is not already late. */
    private static final long START_DELAY_NANOS = 50_000_000L;
    /** A priming request is a user's first: its entity may have to recover from the journal first. */
    private static final long PRIMING_TIMEOUT_NANOS = 30_000_000_000L;
    /** Queued once per connection thread after the last request: that thread's cue to close and end. */
    private static final Due END = new Due("", 0);

    private final LoadSettings settings;
    private final UserSampler users;
    private final PrintStream progressOut;
    private final InetSocketAddress address;
    private final long timeoutNanos;
    private final BlockingQueue<Due> queue = new LinkedBlockingQueue<>();

    // Set once as the run starts, before the first request is queued; read by the connection threads.
    private volatile OpenLoopMeasurement measurement;

    /** One scheduled request: its path and query, and when it was due. */
    private record Due(String target, long intendedNanos) {
    }

    RecommendationLoad(LoadSettings settings, UserSampler users, PrintStream progressOut) {
        this.settings = settings;
        this.users = users;
        this.progressOut = progressOut;
        URI url = settings.url();
        // Resolved once, here, so that a name lookup is never timed as part of a request.
        this.address = new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("--url names a host that does not resolve: " + url.getHost());
        }
        this.timeoutNanos = settings.timeout().toNanos();
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.err.print(LoadSettings.usage());
                return;
            }
        }
        LoadSettings settings;
        UserSampler users;
        RecommendationLoad load;
        try {
            settings = LoadSettings.parse(args);
            users = settings.log() == null
                    ? UserSampler.numbered(settings.users(), settings.zipf(), settings.seed())
                    : UserSampler.fromLog(InteractionLog.read(settings.log()), settings.zipf(), settings.seed());
            load = new RecommendationLoad(settings, users, System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            System.err.println("load: --help lists the flags");
            System.exit(2);
            return;
        }
        describe(settings, users, System.err);
        LoadReport report = load.run();
        System.out.print(report.describe());
    }

    private static void describe(LoadSettings s, UserSampler users, PrintStream out) {
        out.printf(Locale.ROOT, "load: GET %s/v1/users/{user}/recommendations?k=%d at %s req/s for %s s after a %s s warm-up%n",
                trimSlash(s.url()), s.k(), plain(s.rate()), plain(seconds(s.duration())), plain(seconds(s.warmup())));
        Path log = s.log();
        out.printf(Locale.ROOT, "load: %,d users %s, drawn %s with seed %d%n", users.size(),
                log == null ? "user-0 .. user-" + (users.size() - 1) : "of " + log.toAbsolutePath(),
                s.zipf() == 0 ? "uniformly" : "Zipf with exponent " + plain(s.zipf()), s.seed());
        out.printf(Locale.ROOT, "load: %,d keep-alive connections, timeout %s s waiting for one and %s s for a reply%n",
                s.connections(), plain(seconds(s.timeout())), plain(seconds(s.timeout())));
    }

    /** Runs the schedule, waits for every request to end, and reports the measured window. Once per instance. */
    LoadReport run() throws InterruptedException {
        if (settings.prime() > 0) {
            prime();
        }
        double nanosBetween = 1e9 / settings.rate();
        long warmupRequests = Math.round(seconds(settings.warmup()) * settings.rate());
        long total = warmupRequests + Math.max(1, Math.round(seconds(settings.duration()) * settings.rate()));
        startConnections();
        long start = System.nanoTime() + START_DELAY_NANOS;
        measurement = new OpenLoopMeasurement(start + offset(warmupRequests, nanosBetween),
                start + offset(total, nanosBetween));
        try {
            long nextProgress = start + PROGRESS_EVERY_NANOS;
            for (long i = 0; i < total; i++) {
                long intended = start + offset(i, nanosBetween);
                String target = recommendationsTarget(users.next()); // before the wait, so it costs no lag
                waitUntil(intended);
                queue.add(new Due(target, intended));
                if (System.nanoTime() - nextProgress >= 0) {
                    printProgress(i < warmupRequests ? "warm-up" : "measuring", start);
                    nextProgress += PROGRESS_EVERY_NANOS;
                }
            }
            awaitStragglers(total, start + offset(total, nanosBetween), nextProgress, start);
        } finally {
            queue.clear();
            for (int i = 0; i < settings.connections(); i++) {
                queue.add(END);
            }
        }
        return measurement.report();
    }

    /**
     * Asks once for every user of the draw, {@code prime} requests at a time, closed-loop and unrecorded: after
     * it each user's entity is resident with its embedding folded, so the schedule measures serving, not recovery.
     */
    private void prime() throws InterruptedException {
        int users = this.users.size();
        AtomicInteger nextRank = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        Thread[] threads = new Thread[settings.prime()];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                // A failed request closes the connection; the next one opens a new one.
                try (KeepAliveConnection connection = new KeepAliveConnection(address)) {
                    for (int rank = nextRank.getAndIncrement(); rank < users; rank = nextRank.getAndIncrement()) {
                        try {
                            int status = connection.get(recommendationsTarget(this.users.atRank(rank)),
                                    System.nanoTime() + PRIMING_TIMEOUT_NANOS).status();
                            if (status / 100 != 2) {
                                failed.incrementAndGet();
                            }
                        } catch (IOException | UncheckedIOException e) {
                            failed.incrementAndGet();
                        }
                        done.incrementAndGet();
                    }
                }
            }, "load-prime-" + (t + 1));
            threads[t].setDaemon(true);
            threads[t].start();
        }
        long nextProgress = start + PROGRESS_EVERY_NANOS;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                thread.join(100);
                if (System.nanoTime() - nextProgress >= 0) {
                    progressOut.printf(Locale.ROOT, "load: %5.1f s priming   %,d of %,d users%n",
                            (System.nanoTime() - start) / 1e9, done.get(), users);
                    nextProgress += PROGRESS_EVERY_NANOS;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progressOut.printf(Locale.ROOT, "load: primed %,d users in %.1f s (%,.0f/s), %,d failed%n",
                users, seconds, users / seconds, failed.get());
    }

    private void startConnections() {
        for (int i = 1; i <= settings.connections(); i++) {
            Thread thread = new Thread(this::sendUntilTheEnd, "load-connection-" + i);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** A connection thread: sends whatever is due, oldest first, over its own connection. */
    private void sendUntilTheEnd() {
        try (KeepAliveConnection connection = new KeepAliveConnection(address)) {
            for (Due due = queue.take(); due != END; due = queue.take()) {
                send(connection, due);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends with the whole timeout for the reply, even after a wait for the connection: a request sent with only
     * what was left of it could time out at once and close its connection, and the next would fare worse still.
     * A request that already waited a whole timeout is not sent: its user would have given up.
     */
    private void send(KeepAliveConnection connection, Due due) {
        long sentAt = System.nanoTime();
        if (sentAt - due.intendedNanos() >= timeoutNanos) {
            measurement.timedOut(due.intendedNanos(), OpenLoopMeasurement.NOT_SENT, sentAt);
            return;
        }
        measurement.sent(due.intendedNanos(), sentAt);
        try {
            KeepAliveConnection.Reply reply = connection.get(due.target(), sentAt + timeoutNanos);
            long end = System.nanoTime();
            boolean ok = reply.status() / 100 == 2;
            RecommendationsResponse list = ok ? ProtocolJson.read(reply.body(), RecommendationsResponse.class) : null;
            measurement.answered(reply.status(), ok && list.fallback(), ok && list.partial(), due.intendedNanos(), sentAt,
                    end, reply.serverMillis());
        } catch (SocketTimeoutException e) {
            measurement.timedOut(due.intendedNanos(), sentAt, System.nanoTime());
        } catch (IOException e) {
            measurement.failed(due.intendedNanos(), e.toString());
        } catch (UncheckedIOException e) {
            measurement.failed(due.intendedNanos(), "unreadable reply: " + e.getMessage());
        }
    }

    private static long offset(long index, double nanosBetween) {
        return (long) (index * nanosBetween);
    }

    private static void waitUntil(long nanos) {
        for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private void awaitStragglers(long total, long lastIntended, long nextProgress, long start)
            throws InterruptedException {
        // A request ends at the latest a timeout after it was due (waiting) plus one after it was sent (reply);
        // the margin covers a reply being read as the timeout passes.
        long giveUp = lastIntended + 2 * timeoutNanos + TimeUnit.SECONDS.toNanos(5);
        while (measurement.ended() < total && System.nanoTime() - giveUp < 0) {
            Thread.sleep(5);
            if (System.nanoTime() - nextProgress >= 0) {
                printProgress("finishing", start);
                nextProgress += PROGRESS_EVERY_NANOS;
            }
        }
        long unfinished = total - measurement.ended();
        if (unfinished > 0) {
            progressOut.printf(Locale.ROOT, "load: %,d requests had not ended well after their timeout and are left out%n",
                    unfinished);
        }
    }

    private void printProgress(String phase, long start) {
        OpenLoopMeasurement.Progress p = measurement.progress();
        progressOut.printf(Locale.ROOT, "load: %5.1f s %-9s sent %,d, ended %,d, p99 of the last 5 s %.2f ms%n",
                (System.nanoTime() - start) / 1e9, phase, p.sent(), p.ended(), p.recentP99Millis());
    }

    private String recommendationsTarget(String userId) {
        String user = URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20");
        return "/v1/users/" + user + "/recommendations?k=" + settings.k();
    }

    private static String trimSlash(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** 1000.0 as "1000", 0.25 as "0.25". */
    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
