package io.murmuration.bench;

import io.murmuration.protocol.ClusterResponse;
import io.murmuration.protocol.EntityTypeShards;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.ProtocolJson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many bytes of the node's heap one resident user costs: the figure that sizes a node's heap for its users and
 * sets the user entities' passivation limit ({@code murmuration.user.resident.bytes-per-user}). Against a running
 * node: asks for recommendations for a few users first (so one-off caches are filled), takes the live heap and the
 * resident user count, asks for {@code --users} more users of the log that are not yet resident, and takes both
 * again. The growth of the live heap divided by the growth of the resident count is the answer; the classes that
 * grew most say what it is made of. Each measured user is asked once, so their entities recover from the journal
 * and fold their embedding in, as a returning user's do.
 */
public final class ResidentFootprint {

    private static final Set<String> FLAGS =
            Set.of("--log", "--users", "--url", "--admin-url", "--token-file", "--node-pid", "--threads", "--order", "--seed");
    private static final int WARM_UP_USERS = 200;
    private static final long REQUEST_TIMEOUT_NANOS = 30_000_000_000L;
    private static final int CLASSES_SHOWN = 12;

    private ResidentFootprint() {}

    public static void main(String[] args) throws Exception {
        CommandLineFlags flags;
        try {
            flags = CommandLineFlags.parse(args, FLAGS);
            CommandLineFlags.require(flags.has("--log"), "--log FILE is required");
            CommandLineFlags.require(flags.has("--token-file"), "--token-file FILE (an admin token) is required");
            CommandLineFlags.require(flags.wholeLong("--node-pid", 0) > 0, "--node-pid PID is required");
            CommandLineFlags.require(Set.of("shuffled", "most-active").contains(flags.text("--order", "shuffled")),
                    "--order must be shuffled or most-active");
            CommandLineFlags.require(flags.whole("--users", 10_000) >= 1, "--users must be at least 1");
            CommandLineFlags.require(flags.whole("--threads", 8) >= 1, "--threads must be at least 1");
        } catch (IllegalArgumentException e) {
            System.err.println("footprint: " + e.getMessage());
            System.err.print(usage());
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        long pid = flags.wholeLong("--node-pid", 0);
        int measured = flags.whole("--users", 10_000);
        URI url = flags.url("--url", "http://127.0.0.1:8080");
        URI admin = flags.url("--admin-url", "http://127.0.0.1:8081");
        String token = Files.readString(Path.of(flags.text("--token-file"))).strip();

        Map<String, Integer> eventsByUser = new LinkedHashMap<>();
        for (InteractionEvent e : InteractionLog.read(Path.of(flags.text("--log")))) {
            eventsByUser.merge(e.userId(), 1, Integer::sum);
        }
        List<String> users = new ArrayList<>(eventsByUser.keySet());
        if (flags.text("--order", "shuffled").equals("most-active")) {
            users.sort(Comparator.comparing(eventsByUser::get, Comparator.reverseOrder()));
        } else {
            Collections.shuffle(users, new Random(flags.wholeLong("--seed", 1)));
        }
        if (users.size() < WARM_UP_USERS + measured) {
            System.err.printf(Locale.ROOT, "footprint: the log has %,d users; %d to warm up and %,d to measure need more%n",
                    users.size(), WARM_UP_USERS, measured);
            System.exit(2);
            return;
        }
        InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
        int threads = flags.whole("--threads", 8);

        ask(address, users.subList(0, WARM_UP_USERS), threads);
        int residentBefore = residentUsers(admin, token);
        HeapHistogram before = HeapHistogram.of(pid);
        List<String> measuredUsers = users.subList(WARM_UP_USERS, WARM_UP_USERS + measured);
        long started = System.nanoTime();
        int failed = ask(address, measuredUsers, threads);
        double seconds = (System.nanoTime() - started) / 1e9;
        int residentAfter = residentUsers(admin, token);
        HeapHistogram after = HeapHistogram.of(pid);

        long events = measuredUsers.stream().mapToLong(eventsByUser::get).sum();
        int grown = residentAfter - residentBefore;
        out.printf(Locale.ROOT, "asked for %,d users (%d failed) in %.1f s; they have %.1f events each in the log%n",
                measured, failed, seconds, (double) events / measured);
        out.printf(Locale.ROOT, "resident users: %,d -> %,d; live heap: %,.1f MB -> %,.1f MB%n",
                residentBefore, residentAfter, before.totalBytes() / 1e6, after.totalBytes() / 1e6);
        if (grown <= 0) {
            out.println("the resident count did not grow (were these users resident already, or passivated at once?): no figure");
            System.exit(1);
            return;
        }
        out.printf(Locale.ROOT, "bytes per resident user: %,d%n", (after.totalBytes() - before.totalBytes()) / grown);
        out.println("classes that grew most, bytes per resident user:");
        for (Map.Entry<String, Long> e : after.largestGrowth(before, CLASSES_SHOWN)) {
            out.printf(Locale.ROOT, "  %,10d  %s%n", e.getValue() / grown, e.getKey());
        }
    }

    /** Asks once for each user's recommendations, {@code threads} at a time; returns how many requests failed. */
    private static int ask(InetSocketAddress address, List<String> users, int threads) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try (KeepAliveConnection connection = new KeepAliveConnection(address)) {
                    for (int i = next.getAndIncrement(); i < users.size(); i = next.getAndIncrement()) {
                        String target = "/v1/users/" + URLEncoder.encode(users.get(i), StandardCharsets.UTF_8).replace("+", "%20")
                                + "/recommendations?k=10";
                        try {
                            if (connection.get(target, System.nanoTime() + REQUEST_TIMEOUT_NANOS).status() != 200) {
                                failed.incrementAndGet();
                            }
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        }
                    }
                }
            }, "footprint-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) worker.join();
        return failed.get();
    }

    /** The user entities running on the cluster now, from {@code GET /admin/cluster}. */
    private static int residentUsers(URI admin, String token) throws IOException, InterruptedException {
        HttpResponse<byte[]> reply = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(admin.resolve("/admin/cluster")).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (reply.statusCode() != 200) {
            throw new IOException("GET /admin/cluster answered " + reply.statusCode() + ": " + new String(reply.body(), StandardCharsets.UTF_8));
        }
        return ProtocolJson.read(reply.body(), ClusterResponse.class).entityTypes().stream()
                .filter(t -> t.entityType().equals("user"))
                .mapToInt(EntityTypeShards::entities)
                .sum();
    }

    static String usage() {
        return """
                usage: bench/bin/footprint [--users 10000] [--order shuffled|most-active] [--log FILE]

                Measures the heap one resident user costs on a running dev stack (live heap after a full
                collection, before and after that many users of the log become resident).
                  --log FILE         the log the node holds (.dev/scenario/log.jsonl after bench/bin/scenario)
                  --users N          users to make resident and measure (10000)
                  --order O          shuffled: a random sample of the log's users; most-active: the users with
                                     the most events first (shuffled)
                  --threads T        requests in flight at once (8)
                  --url, --admin-url, --token-file, --node-pid   the node (bench/bin/footprint fills them in)
                """;
    }
}
