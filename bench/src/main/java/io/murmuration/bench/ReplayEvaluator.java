package io.murmuration.bench;

import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.RecommendationsResponse;
import io.murmuration.protocol.RecommendedItem;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays an interaction log in time order, prequentially, against a running node over HTTP and the reference
 * baselines computed here on the same stream: for each event the scoring protocol decides, in log order, whether it
 * is scored; if so the node is asked for the user's top-10 and each baseline gives its own; then the event is posted
 * with {@code sync=true}, so the next request sees it, and every baseline learns it. The node and every baseline are
 * scored on exactly the same events. It prints hr@10, NDCG@10 and coverage of each, each hit rate as a multiple of
 * the best baseline's, the node's fallback rate (and the hit rates of its fallback lists and of the others apart), and
 * latency percentiles of the recommendation requests.
 * With {@code --offline} no node is asked: the baselines alone, in seconds.
 *
 * <p>With {@code --concurrency N} above 1, up to N events are in flight at once, never two of one user
 * ({@link UserOrderedWindow}): each user's events stay exactly prequential and in order, while events of other
 * users may start up to N positions out of log order. The baselines are computed here as each event starts, so
 * with N above 1 they see the same events in nearly the same order as the node.
 *
 * <p>Usage: see {@link ReplaySettings#USAGE}.
 */
public final class ReplayEvaluator {

    private static final int K = 10;
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ReplaySettings settings;
    private final InteractionEventCodec codec = new InteractionEventCodec();

    // Touched only on the replaying thread, as each event starts, in log order.
    private final ScoringProtocol protocol;
    private final BaselineReplay baselines;
    private final Set<String> catalog = new HashSet<>();
    private long started;
    private long lastProgress;

    // Filled as the node's replies come in, on the HTTP client's threads.
    private final PrequentialScore system = new PrequentialScore(K); // guarded by this
    private final LatencyRecorder latency = new LatencyRecorder(); // guarded by this
    private long fallbacks; // guarded by this
    /** Fallback lists (a user's first event, mostly) that held the consumed item: what the popular list scores alone. */
    private long fallbackHits; // guarded by this
    private final AtomicLong replayed = new AtomicLong();

    private ReplayEvaluator(ReplaySettings settings) {
        this.settings = settings;
        this.protocol = settings.protocol();
        this.baselines = new BaselineReplay(settings.newBaselines(), K);
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(ReplaySettings.USAGE);
            return;
        }
        ReplaySettings settings;
        try {
            settings = ReplaySettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("replay: " + e.getMessage() + "\n" + ReplaySettings.USAGE);
            System.exit(2);
            return;
        }
        long reading = System.nanoTime();
        List<InteractionEvent> events = InteractionLog.read(settings.log());
        events = events.subList(0, Math.min(settings.limit(), events.size()));
        ReplayEvaluator evaluator = new ReplayEvaluator(settings);
        evaluator.printConfiguration(events.size(), (System.nanoTime() - reading) / 1e9);
        try {
            evaluator.run(events);
        } catch (ExecutionException e) {
            System.err.println("replay: stopped: " + e.getCause());
            System.exit(1);
        }
    }

    private void printConfiguration(int events, double readSeconds) {
        System.out.printf(Locale.ROOT, "log                    %s (%,d events, read in %.1f s)%n",
                settings.log(), events, readSeconds);
        System.out.printf("recommenders           %s%n", settings.offline()
                ? "reference baselines only (--offline)"
                : "the node at " + settings.url() + ", concurrency " + settings.concurrency()
                        + " (events in flight, at most one per user), and the reference baselines");
        System.out.printf("protocol               %s%n", protocol.describe());
        for (BaselineReplay.Result r : baselines.results()) {
            System.out.printf("baseline               %s: %s%n", r.baseline().name(), r.baseline().parameters());
        }
        System.out.flush();
    }

    private void run(List<InteractionEvent> events) throws InterruptedException, ExecutionException {
        started = System.nanoTime();
        lastProgress = started;
        try {
            if (settings.offline()) {
                for (InteractionEvent e : events) {
                    startInLogOrder(e, events.size());
                    replayed.incrementAndGet();
                }
            } else {
                new UserOrderedWindow(settings.concurrency()).run(events, InteractionEvent::userId,
                        e -> start(e, events.size()));
            }
        } finally {
            printProgress(events.size(), System.nanoTime());
        }
        synchronized (this) {
            printSummary(events.size(), (System.nanoTime() - started) / 1e9);
        }
    }

    /** The log-order part of one event: the protocol's decision and the baselines; true when it is scored. */
    private boolean startInLogOrder(InteractionEvent e, int total) {
        catalog.add(e.itemId());
        boolean scored = protocol.scores(e);
        baselines.replay(e, scored);
        long now = System.nanoTime();
        if (now - lastProgress > PROGRESS_EVERY_NANOS) {
            lastProgress = now;
            printProgress(total, now);
        }
        return scored;
    }

    /** The log-order part of one event, then its requests: top-10 first (when scored), then the post. */
    private CompletableFuture<Void> start(InteractionEvent e, int total) {
        boolean scored = startInLogOrder(e, total);
        CompletableFuture<Void> asked = scored
                ? recommendations(e.userId()).thenAccept(reply -> score(reply, e.itemId()))
                : CompletableFuture.completedFuture(null);
        return asked.thenCompose(ignored -> post(e)).thenRun(replayed::incrementAndGet);
    }

    private synchronized void score(Timed<RecommendationsResponse> reply, String consumed) {
        latency.record(reply.nanos());
        boolean hit = system.record(reply.value().items().stream().map(RecommendedItem::itemId).toList(), consumed);
        if (reply.value().fallback()) {
            fallbacks++;
            if (hit) fallbackHits++;
        }
    }

    private void printProgress(int total, long now) {
        long done = replayed.get();
        double seconds = (now - started) / 1e9;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "replayed %,d / %,d events (%.0f%%, %.0f events/s, %,d scored)", done, total,
                total == 0 ? 100.0 : 100.0 * done / total, seconds > 0 ? done / seconds : 0.0, protocol.scored()));
        if (!settings.offline()) {
            synchronized (this) {
                line.append(String.format(Locale.ROOT, " hr@10 %.4f", system.hitRate()));
            }
        }
        baselines.best().ifPresent(best -> line.append(String.format(Locale.ROOT, " best baseline %s %.4f",
                best.baseline().name(), best.score().hitRate())));
        System.err.println(line);
    }

    private void printSummary(int events, double seconds) {
        System.out.printf(Locale.ROOT, "%nevents replayed        %,d in %.1f s (%,d scored)%n", events, seconds,
                protocol.scored());
        System.out.printf("protocol               %s%n", protocol.describe());
        SummaryTable table = new SummaryTable(catalog.size());
        if (!settings.offline()) {
            table.system("node", system);
        }
        for (BaselineReplay.Result r : baselines.results()) {
            table.baseline(r.baseline().name(), r.score(), r.seconds(), r.baseline().parameters());
        }
        System.out.printf("catalog                %,d items%n%n", catalog.size());
        System.out.print(table.format());
        if (baselines.results().size() > 1) {
            System.out.printf(Locale.ROOT, "%nany baseline hits      %.4f of the scored events (a ceiling for any choice"
                    + " between these baselines' lists, event by event)%n", baselines.hitRateOfAny());
        }
        if (!settings.offline()) {
            System.out.printf(Locale.ROOT, "%nfallback rate          %.4f (hr@10 of the fallback lists %.4f, of the others %.4f)%n",
                    system.trials() == 0 ? 0 : (double) fallbacks / system.trials(),
                    fallbacks == 0 ? 0 : (double) fallbackHits / fallbacks,
                    system.trials() == fallbacks ? 0 : (double) (system.hits() - fallbackHits) / (system.trials() - fallbacks));
            System.out.printf(Locale.ROOT, "latency ms p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  (%,d requests)%n",
                    latency.percentileMillis(50), latency.percentileMillis(90), latency.percentileMillis(99),
                    latency.percentileMillis(99.9), latency.count());
        }
    }

    /** A reply and how long it took from the send. */
    private record Timed<T>(T value, long nanos) {
    }

    private CompletableFuture<Timed<RecommendationsResponse>> recommendations(String userId) {
        long before = System.nanoTime();
        return http.sendAsync(
                        HttpRequest.newBuilder(settings.url().resolve("/v1/users/" + userId + "/recommendations?k=" + K))
                                .timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    long nanos = System.nanoTime() - before;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("recommendations for " + userId + " answered "
                                + response.statusCode() + ": " + new String(response.body()));
                    }
                    return new Timed<>(ProtocolJson.read(response.body(), RecommendationsResponse.class), nanos);
                });
    }

    private CompletableFuture<Void> post(InteractionEvent e) {
        return http.sendAsync(
                        HttpRequest.newBuilder(settings.url().resolve("/v1/events?sync=true"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.encode(e)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenAccept(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("posting " + e.eventId() + " answered "
                                + response.statusCode() + ": " + response.body());
                    }
                });
    }
}
