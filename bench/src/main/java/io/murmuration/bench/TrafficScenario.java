package io.murmuration.bench;

import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.RecommendationsResponse;
import io.murmuration.protocol.RecommendedItem;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * The load phases of {@code bench/bin/scenario}, against a node that holds a log and has just been restarted (no user
 * entity in memory), each phase repeated {@code --runs} times on users no earlier run touched:
 *
 * <ul>
 *   <li><b>returning</b>: every request is for a user not asked for since the restart, whose entity must first
 *       recover from the journal — what most real requests are;
 *   <li><b>active</b>: the same users again, each having acted since their last request (one event each, posted with
 *       {@code sync=true} before the phase, unrecorded), so the remembered search cannot be used;
 *   <li><b>repeat</b>: the same users again, without acting: the remembered search, the best case;
 *   <li><b>mixed</b>: reads of the same users while events for the same users arrive through Kafka
 *       ({@code POST /v1/events}, open loop at {@code --event-rate}), with <b>freshness</b> probed alongside: a probe
 *       posts an event for an item that is in the user's list, then asks again every {@link #PROBE_POLL_NANOS} until
 *       a reply leaves the item out; the time from the post to that reply is one freshness figure.
 * </ul>
 *
 * Latencies come from {@link RecommendationLoad} (from intended start: no coordinated omission). The node's CPU per
 * request is read from {@code /proc/PID/stat} around each phase, and so are the stores' and this load generator's own;
 * the machine's load average beside them. Prints each run as it ends, then one table of medians with min–max.
 */
public final class TrafficScenario {

    /** How often a freshness probe asks again while the consumed item is still in the list. */
    static final long PROBE_POLL_NANOS = 20_000_000L;
    /** A probe whose item is still listed after this counts as this late (and as stale). */
    private static final long PROBE_GIVE_UP_NANOS = 5_000_000_000L;
    private static final long REQUEST_TIMEOUT_NANOS = 10_000_000_000L;
    private static final int EVENT_CONNECTIONS = 32;
    private static final int FRESHNESS_PROBES = 2;
    private static final int PRE_ACT_THREADS = 16;
    /** Users set aside for warming the node's JVM up; no measured phase asks for them. */
    static final int WARM_UP_USERS = 4_000;
    /** A node below this share of one core is quiet: the previous phase's backlog is done. */
    private static final double QUIET_CORES = 0.3;
    private static final long QUIET_WAIT_LIMIT_NANOS = 180_000_000_000L;

    private final ScenarioSettings settings;
    private final List<String> users;
    private final List<String> items;
    private final PrintStream out;
    private final PrintStream progress;
    private final InetSocketAddress address;
    private final List<PhaseRun> results = new ArrayList<>();
    private int nextUser;

    TrafficScenario(ScenarioSettings settings, List<String> users, List<String> items, PrintStream out, PrintStream progress) {
        this.settings = settings;
        this.users = users;
        this.items = items;
        this.out = out;
        this.progress = progress;
        URI url = settings.url();
        this.address = new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
    }

    public static void main(String[] args) throws Exception {
        ScenarioSettings settings;
        try {
            settings = ScenarioSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("scenario: " + e.getMessage());
            System.err.print(ScenarioSettings.usage());
            System.exit(2);
            return;
        }
        List<InteractionEvent> log = InteractionLog.read(settings.log());
        Set<String> users = new LinkedHashSet<>();
        Set<String> items = new LinkedHashSet<>();
        for (InteractionEvent e : log) {
            users.add(e.userId());
            items.add(e.itemId());
        }
        // Shuffled with a fixed seed: a slice of users spreads over all shards and partitions, and reruns agree.
        List<String> shuffled = new ArrayList<>(users);
        Collections.shuffle(shuffled, new Random(settings.seed()));
        int needed = WARM_UP_USERS + settings.usersPerRun() * settings.runs();
        if (shuffled.size() < needed) {
            System.err.printf(Locale.ROOT, "scenario: the log has %,d users; %d runs of %s s at %s requests/s need %,d "
                    + "that no earlier run touched (generate more users, or lower --rate, --duration or --runs)%n",
                    shuffled.size(), settings.runs(), settings.measuredSeconds(), settings.rate(), needed);
            System.exit(2);
            return;
        }
        new TrafficScenario(settings, shuffled, List.copyOf(items), System.out, System.err).run();
    }

    void run() throws InterruptedException {
        warmUp(users.subList(0, Math.min(WARM_UP_USERS, users.size())));
        nextUser = Math.min(WARM_UP_USERS, users.size());
        for (int r = 1; r <= settings.runs(); r++) {
            int run = r;
            // Fresh users for each run's returning phase; the same users then act, are asked again, and so on.
            List<String> phaseUsers = takeUsers();
            measure(run, "returning", settings.rate(), phaseUsers, () -> null);
            preAct(run, phaseUsers);
            measure(run, "active", settings.rate(), phaseUsers, () -> null);
            measure(run, "repeat", settings.repeatRate(), phaseUsers, () -> null);
            measure(run, "mixed", settings.rate(), phaseUsers, () -> new MixedWrites(run, phaseUsers));
        }
        out.print(ScenarioTable.render(results, settings));
    }

    private List<String> takeUsers() {
        List<String> slice = users.subList(nextUser, nextUser + settings.usersPerPhase());
        nextUser += settings.usersPerPhase();
        return slice;
    }

    /** One phase: reads of {@code phaseUsers} at {@code rate}, each once before any again, with {@code writes} alongside. */
    private void measure(int run, String phase, double rate, List<String> phaseUsers, Supplier<MixedWrites> writes)
            throws InterruptedException {
        progress.printf(Locale.ROOT, "scenario: run %d, %s: %s requests/s for %s s after %s s warm-up, %,d users%n",
                run, phase, plain(rate), plain(settings.measuredSeconds()), plain(settings.warmupSeconds()), phaseUsers.size());
        LoadSettings load = LoadSettings.parse(new String[] {
                "--url", settings.url().toString(), "--rate", plain(rate), "--duration", plain(settings.measuredSeconds()),
                "--warmup", plain(settings.warmupSeconds()), "--connections", Integer.toString(settings.connections())});
        awaitQuietNode();
        String recording = settings.profileDir() == null ? null : startRecording(run, phase);
        long cpuBefore = NodeCpu.millis(settings.nodePid());
        long storesCpuBefore = storesCpuMillis();
        long generatorCpuBefore = NodeCpu.millis(ProcessHandle.current().pid());
        MixedWrites mixed = writes.get();
        if (mixed != null) mixed.start();
        LoadReport report = new RecommendationLoad(load, UserSampler.inOrder(phaseUsers), progress).run();
        MixedWrites.Outcome written = mixed == null ? null : mixed.stop();
        long cpuAfter = NodeCpu.millis(settings.nodePid());
        long storesCpuAfter = storesCpuMillis();
        long generatorCpuAfter = NodeCpu.millis(ProcessHandle.current().pid());
        if (recording != null) stopRecording(recording);
        // The warm-up's requests cost CPU too; events and probes count as requests of their own.
        long requests = Math.round(rate * (settings.warmupSeconds() + settings.measuredSeconds()))
                + (written == null ? 0 : written.probeRequests() + written.posted() + written.failed());
        PhaseRun result = new PhaseRun(run, phase, rate, report, perRequest(cpuBefore, cpuAfter, requests),
                settings.storePids().isEmpty() ? Double.NaN : perRequest(storesCpuBefore, storesCpuAfter, requests),
                perRequest(generatorCpuBefore, generatorCpuAfter, requests), LoadAverage.oneMinute(), written);
        results.add(result);
        out.println(result.describe());
        out.flush();
    }

    /**
     * Before anything is measured, the node's JVM compiles its hot paths: just after a restart the JIT takes more
     * CPU than the requests do, and a returning user's cost would be mostly the compiler's. For
     * {@code --jvm-warmup} seconds, set-aside users are asked for, act, and are asked for again, 16 at a time.
     */
    private void warmUp(List<String> warmUsers) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + (long) (settings.jvmWarmupSeconds() * 1e9);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Thread[] threads = new Thread[PRE_ACT_THREADS];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = started("scenario-warm-up-" + t, () -> {
                Random random = new Random(settings.seed() * 53 + next.get());
                try (KeepAliveConnection connection = new KeepAliveConnection(address)) {
                    while (System.nanoTime() < end) {
                        String user = warmUsers.get(next.getAndIncrement() % warmUsers.size());
                        listFor(connection, user);
                        accepted(connection, "/v1/events?sync=true",
                                event("warm-" + UUID.randomUUID(), user, items.get(random.nextInt(items.size()))));
                        listFor(connection, user);
                        done.incrementAndGet();
                    }
                }
            });
        }
        for (Thread t : threads) t.join();
        progress.printf(Locale.ROOT, "scenario: JVM warm-up: %,d users asked, acted and asked again in %.0f s%n",
                done.get(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * Starts a JFR recording of the node (the JDK's profiling settings) for one phase; {@code jcmd} runs outside the
     * phase's CPU window. Its name is also the file's, under {@code --profile}.
     */
    private String startRecording(int run, String phase) {
        String name = "run-" + run + "-" + phase;
        // The threads' and the process's CPU every second instead of the profile's 10 s: a phase lasts seconds.
        jcmd("JFR.start", "name=" + name, "settings=profile", "jdk.ThreadCPULoad#period=1s", "jdk.CPULoad#period=1s");
        return name;
    }

    private void stopRecording(String name) {
        Path file = settings.profileDir().resolve(name + ".jfr").toAbsolutePath();
        jcmd("JFR.stop", "name=" + name, "filename=" + file);
        progress.printf(Locale.ROOT, "scenario: the node's profile of %s is in %s%n", name, file);
    }

    /** Runs the JDK's jcmd on the node; a profile that cannot be taken is said, and the phase goes on without it. */
    private void jcmd(String... command) {
        List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(settings.nodePid())));
        line.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) progress.printf(Locale.ROOT, "scenario: %s failed: %s%n", line, said.strip());
        } catch (IOException e) {
            progress.printf(Locale.ROOT, "scenario: %s failed: %s%n", line, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU milliseconds between two readings, per request; NaN when either reading failed (-1). */
    private static double perRequest(long before, long after, long requests) {
        return before < 0 || after < 0 ? Double.NaN : (double) (after - before) / Math.max(1, requests);
    }

    /** CPU milliseconds of the stores (Cassandra, Kafka) so far, or -1 when one of them cannot be read. */
    private long storesCpuMillis() {
        long sum = 0;
        for (long pid : settings.storePids()) {
            long millis = NodeCpu.millis(pid);
            if (millis < 0) return -1;
            sum += millis;
        }
        return sum;
    }

    /**
     * Waits until the node is quiet (below {@link #QUIET_CORES} of a core for two seconds in a row), so that a phase
     * does not pay for the backlog of the one before it; gives up after three minutes and says so.
     */
    private void awaitQuietNode() throws InterruptedException {
        if (settings.nodePid() <= 0) return;
        long start = System.nanoTime();
        int quietSeconds = 0;
        long before = NodeCpu.millis(settings.nodePid());
        while (quietSeconds < 2) {
            if (System.nanoTime() - start > QUIET_WAIT_LIMIT_NANOS) {
                progress.println("scenario: the node is still busy after 180 s; measuring anyway");
                return;
            }
            Thread.sleep(1000);
            long now = NodeCpu.millis(settings.nodePid());
            if (now < 0) return;
            quietSeconds = now - before < QUIET_CORES * 1000 ? quietSeconds + 1 : 0;
            before = now;
        }
        progress.printf(Locale.ROOT, "scenario: node quiet after %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** Each user acts once (a view of an item they may not have seen), recorded before the phase asks for them. */
    private void preAct(int run, List<String> phaseUsers) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        Thread[] threads = new Thread[PRE_ACT_THREADS];
        for (int t = 0; t < threads.length; t++) {
            int seed = t;
            threads[t] = new Thread(() -> {
                Random random = new Random(settings.seed() * 31 + run * 17 + seed);
                try (KeepAliveConnection connection = new KeepAliveConnection(address)) {
                    for (int i = next.getAndIncrement(); i < phaseUsers.size(); i = next.getAndIncrement()) {
                        String user = phaseUsers.get(i);
                        byte[] event = event("act-" + run + "-" + user, user, items.get(random.nextInt(items.size())));
                        if (!accepted(connection, "/v1/events?sync=true", event)) failed.incrementAndGet();
                    }
                }
            }, "scenario-act-" + t);
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        progress.printf(Locale.ROOT, "scenario: run %d: %,d users acted in %.1f s (sync=true), %,d refused or failed%n",
                run, phaseUsers.size(), (System.nanoTime() - start) / 1e9, failed.get());
    }

    private static boolean accepted(KeepAliveConnection connection, String target, byte[] event) {
        try {
            return connection.postJson(target, event, System.nanoTime() + REQUEST_TIMEOUT_NANOS).status() / 100 == 2;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static byte[] event(String eventId, String user, String item) {
        return ProtocolJson.write(new InteractionEvent(eventId, user, item, InteractionType.VIEW, null, Instant.now(), Map.of()));
    }

    static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** One phase of one run: what the reads measured, the node's CPU per request, and the writes beside them. */
    /**
     * One phase of one run. {@code cpuMillisPerRequest} is the node's CPU, {@code storesCpuMillisPerRequest} that of the
     * stores on this machine (NaN when they were not given), {@code generatorCpuMillisPerRequest} this load generator's
     * own, each over the phase's requests.
     */
    record PhaseRun(int run, String phase, double rate, LoadReport reads, double cpuMillisPerRequest,
            double storesCpuMillisPerRequest, double generatorCpuMillisPerRequest, double loadAverage,
            MixedWrites.Outcome writes) {

        String describe() {
            LoadReport.Percentiles l = reads.latency();
            String line = String.format(Locale.ROOT,
                    "run %d %-9s %s/s: answered %,.0f/s, p50 %.1f p90 %.1f p99 %.1f p99.9 %.1f ms (node's own p99 %.1f, sent late "
                            + "p99 %.1f), fallbacks %.4f, partial %.4f, "
                            + "failed %,d, node CPU %.2f ms/request, stores CPU %.2f ms/request, load generator CPU %.2f "
                            + "ms/request, load %.1f",
                    run, phase, plain(rate), reads.throughput(), l.p50(), l.p90(), l.p99(), l.p999(),
                    reads.nodeP99(), reads.sendLag().p99(),
                    reads.fallbackShare(), reads.partialShare(),
                    reads.non2xx() + reads.timeouts() + reads.errors(), cpuMillisPerRequest, storesCpuMillisPerRequest,
                    generatorCpuMillisPerRequest, loadAverage);
            if (writes != null) {
                line += String.format(Locale.ROOT,
                        "; events %,.0f/s (%,d refused or failed); freshness p50 %.0f p99 %.0f ms over %,d probes (%,d stale)",
                        writes.eventsPerSecond(), writes.failed(), writes.freshness().p50(), writes.freshness().p99(),
                        writes.freshness().count(), writes.stale());
            }
            return line;
        }
    }

    /**
     * The writes of the mixed phase: events for the phase's users at {@code --event-rate}, open loop over
     * {@link #EVENT_CONNECTIONS} connections, and {@link #FRESHNESS_PROBES} freshness probes.
     */
    final class MixedWrites {

        /** What the writes did: events posted per second, failures, and the freshness of the probed events. */
        record Outcome(long posted, double eventsPerSecond, long failed, LoadReport.Percentiles freshness, long stale,
                long probeRequests) {}

        private final int run;
        private final List<String> phaseUsers;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicLong posted = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong stale = new AtomicLong();
        private final AtomicLong probeRequests = new AtomicLong();
        private final Histogram freshnessMicros = new Histogram(3);
        private volatile boolean stopping;
        private long startNanos;

        MixedWrites(int run, List<String> phaseUsers) {
            this.run = run;
            this.phaseUsers = phaseUsers;
        }

        void start() {
            startNanos = System.nanoTime();
            double nanosBetween = 1e9 / settings.eventRate();
            AtomicLong sequence = new AtomicLong();
            for (int c = 0; c < EVENT_CONNECTIONS; c++) {
                int connectionIndex = c;
                threads.add(started("scenario-events-" + c, () -> {
                    // Connection c sends events c, c + C, c + 2C, …, each at its own due time.
                    Random random = new Random(settings.seed() * 7919 + run * 104729L + connectionIndex);
                    try (KeepAliveConnection connection = new KeepAliveConnection(address)) {
                        for (long n = connectionIndex; !stopping; n += EVENT_CONNECTIONS) {
                            waitUntil(startNanos + (long) (n * nanosBetween));
                            if (stopping) break;
                            String user = phaseUsers.get(random.nextInt(phaseUsers.size()));
                            byte[] event = event("mix-" + run + "-" + sequence.incrementAndGet(), user,
                                    items.get(random.nextInt(items.size())));
                            if (accepted(connection, "/v1/events", event)) posted.incrementAndGet();
                            else failed.incrementAndGet();
                        }
                    }
                }));
            }
            for (int p = 0; p < FRESHNESS_PROBES; p++) {
                int probeIndex = p;
                threads.add(started("scenario-freshness-" + p, () -> probe(probeIndex)));
            }
        }

        Outcome stop() throws InterruptedException {
            stopping = true;
            for (Thread t : threads) t.join();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            synchronized (freshnessMicros) {
                return new Outcome(posted.get(), posted.get() / seconds, failed.get(), percentiles(freshnessMicros),
                        stale.get(), probeRequests.get());
            }
        }

        /** Probes until stopped: an event for an item the user's list shows, then the wait until a reply leaves it out. */
        private void probe(int probeIndex) {
            Random random = new Random(settings.seed() * 13 + run * 101 + probeIndex);
            try (KeepAliveConnection connection = new KeepAliveConnection(address)) {
                for (int n = 0; !stopping; n++) {
                    String user = phaseUsers.get(random.nextInt(phaseUsers.size()));
                    List<String> listed = listFor(connection, user);
                    if (listed.isEmpty()) continue;
                    String item = listed.get(0);
                    long postedAt = System.nanoTime();
                    if (!accepted(connection, "/v1/events", event("probe-" + run + "-" + probeIndex + "-" + n, user, item))) {
                        failed.incrementAndGet();
                        continue;
                    }
                    long fresh;
                    while (true) {
                        LockSupport.parkNanos(PROBE_POLL_NANOS);
                        List<String> now = listFor(connection, user);
                        long at = System.nanoTime();
                        if (!now.isEmpty() && !now.contains(item)) {
                            fresh = at - postedAt;
                            break;
                        }
                        if (at - postedAt > PROBE_GIVE_UP_NANOS) {
                            fresh = at - postedAt;
                            stale.incrementAndGet();
                            break;
                        }
                    }
                    synchronized (freshnessMicros) {
                        freshnessMicros.recordValue(fresh / 1000);
                    }
                }
            }
        }

        private List<String> listFor(KeepAliveConnection connection, String user) {
            probeRequests.incrementAndGet();
            return TrafficScenario.listFor(connection, user);
        }
    }

    /** The user's list as the node answers it now; empty on any failure or a fallback. */
    private static List<String> listFor(KeepAliveConnection connection, String user) {
        try {
            String target = "/v1/users/" + URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20")
                    + "/recommendations?k=10";
            KeepAliveConnection.Reply reply = connection.get(target, System.nanoTime() + REQUEST_TIMEOUT_NANOS);
            if (reply.status() != 200) return List.of();
            RecommendationsResponse r = ProtocolJson.read(reply.body(), RecommendationsResponse.class);
            return r.fallback() ? List.of() : r.items().stream().map(RecommendedItem::itemId).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    static LoadReport.Percentiles percentiles(Histogram micros) {
        if (micros.getTotalCount() == 0) return new LoadReport.Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        return new LoadReport.Percentiles(micros.getTotalCount(), micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(90) / 1000.0, micros.getValueAtPercentile(99) / 1000.0,
                micros.getValueAtPercentile(99.9) / 1000.0, micros.getMaxValue() / 1000.0);
    }

    private static Thread started(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void waitUntil(long nanos) {
        for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
