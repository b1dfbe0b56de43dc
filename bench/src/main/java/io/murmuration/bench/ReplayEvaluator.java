package io.murmuration.bench;

import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.InteractionType;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.RecommendationsResponse;
import io.murmuration.protocol.RecommendedItem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Replays an interaction log in time order against a running node over HTTP, prequentially: for each event
 * it first asks for the user's top-10, then posts the event with {@code sync=true}, so the next request
 * sees it. It prints hit rate and NDCG@10 of the node and of a popularity baseline computed on the same
 * stream, the node's coverage and fallback rate, and latency percentiles of the recommendation requests.
 *
 * <p>Usage: {@code ReplayEvaluator --log FILE [--url http://127.0.0.1:8080] [--limit N]}
 */
public final class ReplayEvaluator {

    private static final int K = 10;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final InteractionEventCodec codec = new InteractionEventCodec();

    private ReplayEvaluator(URI base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        String log = null;
        String url = "http://127.0.0.1:8080";
        int limit = Integer.MAX_VALUE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--log" -> log = args[++i];
                case "--url" -> url = args[++i];
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "\nusage: replay --log FILE [--url URL] [--limit N]");
                    System.exit(2);
                }
            }
        }
        if (log == null) {
            System.err.println("usage: replay --log FILE [--url URL] [--limit N]");
            System.exit(2);
        }
        List<InteractionEvent> events = InteractionLog.read(Path.of(log));
        new ReplayEvaluator(URI.create(url)).run(events.subList(0, Math.min(limit, events.size())));
    }

    private void run(List<InteractionEvent> events) throws IOException, InterruptedException {
        PrequentialScore system = new PrequentialScore(K);
        PrequentialScore popularity = new PrequentialScore(K);
        PopularityBaseline baseline = new PopularityBaseline();
        LatencyRecorder latency = new LatencyRecorder();
        Set<String> catalog = new HashSet<>();
        long fallbacks = 0;
        long started = System.nanoTime();
        long lastProgress = started;
        for (int i = 0; i < events.size(); i++) {
            InteractionEvent e = events.get(i);
            catalog.add(e.itemId());
            boolean positive = e.type() != InteractionType.SKIP;
            if (positive) {
                long before = System.nanoTime();
                RecommendationsResponse reply = recommendations(e.userId());
                latency.record(System.nanoTime() - before);
                if (reply.fallback()) {
                    fallbacks++;
                }
                system.record(reply.items().stream().map(RecommendedItem::itemId).toList(), e.itemId());
                popularity.record(baseline.recommend(e.userId(), K), e.itemId());
            }
            post(e);
            if (positive) {
                baseline.observe(e.userId(), e.itemId());
            }
            long now = System.nanoTime();
            if (now - lastProgress > 10_000_000_000L || i == events.size() - 1) {
                lastProgress = now;
                double seconds = (now - started) / 1e9;
                System.err.printf("replayed %,d / %,d events (%.0f%%, %.0f events/s) hr@10 %.4f vs popularity %.4f%n",
                        i + 1, events.size(), 100.0 * (i + 1) / events.size(), (i + 1) / seconds,
                        system.hitRate(), popularity.hitRate());
            }
        }
        System.out.printf("%nevents replayed        %,d (%,d scored)%n", events.size(), system.trials());
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

    private RecommendationsResponse recommendations(String userId) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(base.resolve("/v1/users/" + userId + "/recommendations?k=" + K))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("recommendations for " + userId + " answered " + response.statusCode()
                    + ": " + new String(response.body()));
        }
        return ProtocolJson.read(response.body(), RecommendationsResponse.class);
    }

    private void post(InteractionEvent e) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(base.resolve("/v1/events?sync=true"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(codec.encode(e)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("posting " + e.eventId() + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
