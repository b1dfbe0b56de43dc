package io.murmuration.bench;

import io.murmuration.bench.baseline.PopularityBaseline;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.InteractionType;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.RecommendationsResponse;
import io.murmuration.protocol.RecommendedItem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays an interaction log in time order against a running node over HTTP, prequentially: for each event
 * it first asks for the user's top-10, then posts the event with {@code sync=true}, so the next request
 * sees it. It prints hit rate and NDCG@10 of the node and of a popularity baseline computed on the same
 * stream, the node's coverage and fallback rate, and latency percentiles of the recommendation requests.
 *
 * <p>With {@code --concurrency N} above 1, up to N events are in flight at once, never two of one user
 * ({@link UserOrderedWindow}): each user's events stay exactly prequential and in order, while events of other
 * users may start up to N positions out of log order. The baseline is computed here as each event starts, so
 * with N above 1 it sees the same events in nearly the same order as the node.
 *
 * <p>Usage: {@code ReplayEvaluator --log FILE [--url http://127.0.0.1:8080] [--limit N] [--concurrency N]}
 */
public final class ReplayEvaluator {

    private static final int K = 10;
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;
    private static final String USAGE = "usage: replay --log FILE [--url URL] [--limit N] [--concurrency N]";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;
    private final int concurrency;
    private final InteractionEventCodec codec = new InteractionEventCodec();

    // Touched only on the replaying thread, as each event starts, in log order.
    private final PrequentialScore popularity = new PrequentialScore(K);
    private final PopularityBaseline baseline = new PopularityBaseline();
    private final Set<String> catalog = new HashSet<>();
    private long started;
    private long lastProgress;

    // Filled as the node's replies come in, on the HTTP client's threads.
    private final PrequentialScore system = new PrequentialScore(K); // guarded by this
    private final LatencyRecorder latency = new LatencyRecorder(); // guarded by this
    private long fallbacks; // guarded by this
    private final AtomicLong replayed = new AtomicLong();

    private ReplayEvaluator(URI base, int concurrency) {
        this.base = base;
        this.concurrency = concurrency;
    }

    public static void main(String[] args) throws Exception {
        String log = null;
        String url = "http://127.0.0.1:8080";
        int limit = Integer.MAX_VALUE;
        int concurrency = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--log" -> log = args[++i];
                case "--url" -> url = args[++i];
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        if (log == null || concurrency < 1) {
            System.err.println(log == null ? USAGE : "--concurrency must be at least 1, got " + concurrency);
            System.exit(2);
        }
        List<InteractionEvent> events = InteractionLog.read(Path.of(log));
        try {
            new ReplayEvaluator(URI.create(url), concurrency).run(events.subList(0, Math.min(limit, events.size())));
        } catch (ExecutionException e) {
            System.err.println("replay: stopped: " + e.getCause());
            System.exit(1);
        }
    }

    private void run(List<InteractionEvent> events) throws InterruptedException, ExecutionException {
        started = System.nanoTime();
        lastProgress = started;
        try {
            new UserOrderedWindow(concurrency).run(events, InteractionEvent::userId, e -> start(e, events.size()));
        } finally {
            printProgress(events.size(), System.nanoTime());
        }
        synchronized (this) {
            printSummary(events.size());
        }
    }

    /** The log-order part of one event, then its requests: top-10 first (unless a skip), then the post. */
    private CompletableFuture<Void> start(InteractionEvent e, int total) {
        catalog.add(e.itemId());
        boolean positive = e.type() != InteractionType.SKIP;
        if (positive) {
            popularity.record(baseline.recommend(e.userId(), K), e.itemId());
            baseline.observe(e.userId(), e.itemId());
        }
        long now = System.nanoTime();
        if (now - lastProgress > PROGRESS_EVERY_NANOS) {
            lastProgress = now;
            printProgress(total, now);
        }
        CompletableFuture<Void> asked = positive
                ? recommendations(e.userId()).thenAccept(reply -> score(reply, e.itemId()))
                : CompletableFuture.completedFuture(null);
        return asked.thenCompose(ignored -> post(e)).thenRun(replayed::incrementAndGet);
    }

    private synchronized void score(Timed<RecommendationsResponse> reply, String consumed) {
        latency.record(reply.nanos());
        if (reply.value().fallback()) {
            fallbacks++;
        }
        system.record(reply.value().items().stream().map(RecommendedItem::itemId).toList(), consumed);
    }

    private void printProgress(int total, long now) {
        long done = replayed.get();
        double seconds = (now - started) / 1e9;
        double hitRate;
        synchronized (this) {
            hitRate = system.hitRate();
        }
        System.err.printf("replayed %,d / %,d events (%.0f%%, %.0f events/s) hr@10 %.4f vs popularity %.4f%n",
                done, total, total == 0 ? 100.0 : 100.0 * done / total, seconds > 0 ? done / seconds : 0.0,
                hitRate, popularity.hitRate());
    }

    private void printSummary(int events) {
        System.out.printf("%nevents replayed        %,d (%,d scored)%n", events, system.trials());
        System.out.printf("concurrency            %d (events in flight, at most one per user)%n", concurrency);
        System.out.printf("hr@10                  %.4f   popularity %.4f   ratio %.2f%n",
                system.hitRate(), popularity.hitRate(), ratio(system.hitRate(), popularity.hitRate()));
        System.out.printf("ndcg@10                %.4f   popularity %.4f   ratio %.2f%n",
                system.ndcg(), popularity.ndcg(), ratio(system.ndcg(), popularity.ndcg()));
        System.out.printf("coverage               %.4f   popularity %.4f%n",
                system.coverage(catalog.size()), popularity.coverage(catalog.size()));
        System.out.printf("fallback rate          %.4f%n", system.trials() == 0 ? 0 : (double) fallbacks / system.trials());
        System.out.printf("latency ms p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  (%,d requests)%n",
                latency.percentileMillis(50), latency.percentileMillis(90), latency.percentileMillis(99),
                latency.percentileMillis(99.9), latency.count());
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    /** A reply and how long it took from the send. */
    private record Timed<T>(T value, long nanos) {
    }

    private CompletableFuture<Timed<RecommendationsResponse>> recommendations(String userId) {
        long before = System.nanoTime();
        return http.sendAsync(
                        HttpRequest.newBuilder(base.resolve("/v1/users/" + userId + "/recommendations?k=" + K))
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
                        HttpRequest.newBuilder(base.resolve("/v1/events?sync=true"))
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
