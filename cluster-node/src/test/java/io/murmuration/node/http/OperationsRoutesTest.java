package io.murmuration.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.cluster.typed.Cluster;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.OneNodeCluster;
import io.murmuration.node.Settings;
import io.murmuration.node.audit.ChangeLog;
import io.murmuration.node.audit.ChangeRecorder;
import io.murmuration.node.model.ModelControl;
import io.murmuration.node.model.training.Trainer;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.node.model.versions.ModelVersion;
import io.murmuration.node.ops.NodeStats;
import io.murmuration.node.ops.Operations;
import io.murmuration.protocol.ClusterMember;
import io.murmuration.protocol.ClusterResponse;
import io.murmuration.protocol.EntityTypeShards;
import io.murmuration.protocol.ErrorResponse;
import io.murmuration.protocol.ModelRegistryEvent;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.StatsResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operations endpoints on a real admin server, on a node that forms its own one-member cluster and runs a small
 * sharded entity type of the test's own: the cluster and its shards, the stats, the Prometheus text and the event
 * stream. Kafka is a port nobody listens on, so the consumer lag is reported as unknown.
 */
class OperationsRoutesTest {

    private static final String OPERATOR_TOKEN = "operator-token-for-operations-tests";
    private static final String VIEWER_TOKEN = "viewer-token-for-operations-tests";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    /** A sharded entity that only answers, so that the test can start a known number of entities. */
    record Ping(ActorRef<String> replyTo) {}

    private static final EntityTypeKey<Ping> ECHO = EntityTypeKey.create(Ping.class, "test-echo");

    private static ActorTestKit testKit;
    private static ActorRef<ModelRegistry.Command> registry;
    private static ServerBinding binding;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startANodeWithShardsAndTheAdminServer() throws Exception {
        Config config = ConfigFactory.parseString("""
                        murmuration.admin.tokens = [
                          { name = "ops-alice", role = operator, sha256 = "%s" },
                          { name = "dashboard", role = viewer, sha256 = "%s" }
                        ]
                        murmuration.kafka.bootstrap-servers = "127.0.0.1:%d"
                        murmuration.operations.kafka-timeout = 500ms
                        murmuration.operations.region-timeout = 2s
                        murmuration.operations.model-poll-interval = 100ms
                        # One stats event at once, then only keep-alives: the test sees both soon.
                        murmuration.operations.stream-stats-interval = 1h
                        murmuration.operations.stream-keep-alive = 300ms
                        akka.cluster.app-version = "1.2.3"
                        akka.remote.artery.canonical.hostname = "127.0.0.1"
                        akka.remote.artery.canonical.port = 0
                        """.formatted(AdminTokens.sha256Hex(OPERATOR_TOKEN), AdminTokens.sha256Hex(VIEWER_TOKEN), unusedPort()))
                .withFallback(EventSourcedBehaviorTestKit.config())
                .withFallback(ConfigFactory.load())
                .resolve();
        testKit = ActorTestKit.create("operations-routes", config);
        OneNodeCluster.joinItself(testKit.system());

        ClusterSharding.get(testKit.system()).init(Entity.of(ECHO, ctx -> echo()));
        for (String id : List.of("a", "b", "c")) {
            ClusterSharding.get(testKit.system()).entityRefFor(ECHO, id).<String>ask(Ping::new, TIMEOUT)
                    .toCompletableFuture().get(20, TimeUnit.SECONDS);
        }

        Settings settings = Settings.from(config);
        registry = testKit.spawn(ModelRegistry.create(), "model-registry");
        Operations.get(testKit.system()).followModels(registry);
        TestProbe<Trainer.Command> trainer = testKit.createTestProbe(Trainer.Command.class);
        ModelControl models = new ModelControl(testKit.system(), registry, trainer.ref(), 0, TIMEOUT);
        ActorRef<ChangeLog.Command> changeLog = testKit.spawn(ChangeLog.create(100, 10), "change-log");
        ChangeRecorder changes = new ChangeRecorder(changeLog, testKit.system().scheduler(), TIMEOUT);
        binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0)
                // No user audit and no drift monitor: these tests read no user's history and no alarm.
                .bind(new AdminRoutes(testKit.system(), settings, models, changes, null, null).routes())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopServer() {
        if (binding != null) binding.unbind();
        if (testKit != null) testKit.shutdownTestKit();
    }

    // ---- GET /admin/cluster ----

    @Test
    void listsTheMembersWithStatusRolesVersionAndUpSince() throws Exception {
        HttpResponse<String> r = send("GET", "/admin/cluster", VIEWER_TOKEN, null);

        assertEquals(200, r.statusCode(), r.body());
        ClusterResponse cluster = read(r, ClusterResponse.class);
        String self = Cluster.get(testKit.system()).selfMember().address().toString();
        assertEquals(self, cluster.self());
        assertEquals(self, cluster.leader());
        assertEquals(1, cluster.members().size());
        ClusterMember member = cluster.members().get(0);
        assertEquals(self, member.address());
        assertEquals("up", member.status());
        assertEquals("1.2.3", member.appVersion());
        assertTrue(member.roles().contains("dc-default"), member.roles().toString());
        assertEquals(Instant.ofEpochMilli(testKit.system().startTime()), member.upSince(), "this node: its start time");
        assertTrue(member.reachable());
    }

    @Test
    void countsTheShardsAndEntitiesOfEverySortOfShardedEntityPerNode() throws Exception {
        ClusterResponse cluster = read(send("GET", "/admin/cluster", VIEWER_TOKEN, null), ClusterResponse.class);

        EntityTypeShards echo = cluster.entityTypes().stream().filter(t -> t.entityType().equals("test-echo")).findFirst()
                .orElseThrow(() -> new AssertionError("no test-echo in " + cluster.entityTypes()));
        assertEquals(3, echo.entities());
        assertTrue(echo.shards() >= 1 && echo.shards() <= 3, "shards: " + echo.shards());
        assertEquals(1, echo.nodes().size());
        assertTrue(echo.nodes().get(0).answered());
        assertEquals(3, echo.nodes().get(0).entities());
        assertEquals(cluster.self(), echo.nodes().get(0).address());
    }

    @Test
    void needsAToken() throws Exception {
        assertEquals(401, send("GET", "/admin/cluster", null, null).statusCode());
        assertEquals(401, send("GET", "/admin/stats", null, null).statusCode());
        assertEquals(401, send("GET", "/admin/stream", null, null).statusCode());
        assertEquals(401, send("GET", "/metrics", null, null).statusCode());
    }

    // ---- GET /admin/stats ----

    @Test
    void reportsTheWindowsFiguresAndTheHitRateAndMeanSurpriseOnlyOnceRecorded() throws Exception {
        StatsResponse before = stats();
        assertNull(before.consumptions().hitRate());
        assertEquals(0, before.consumptions().consumptions());
        assertNull(before.surprise().meanSurprise());
        assertEquals(0, before.surprise().surprises());

        NodeStats stats = Operations.get(testKit.system()).stats();
        for (int i = 0; i < 4; i++) stats.recordRecommendation(TimeUnit.MILLISECONDS.toNanos(20), i == 0);
        stats.ingested("persisted", false);
        stats.deadLettered("dead letter");
        stats.recordConsumption(true);
        stats.recordConsumption(false);
        stats.recordSurprise(0.2);
        stats.recordSurprise(0.6);
        StatsResponse after = stats();

        assertEquals(Cluster.get(testKit.system()).selfMember().address().toString(), after.node());
        assertTrue(after.windowSeconds() > 0 && after.windowSeconds() <= 60, "window: " + after.windowSeconds());
        assertEquals(4, after.recommendations().count());
        assertEquals(0.25, after.recommendations().fallbackRate(), 1e-9);
        assertEquals(20.0, after.recommendations().p99Millis(), 0.5);
        assertEquals(1, after.ingest().persisted());
        assertEquals(1, after.ingest().deadLettered());
        assertTrue(after.ingest().persistedPerSecond() > 0);
        assertEquals(0.5, after.consumptions().hitRate(), 1e-9);
        assertEquals(2, after.surprise().surprises());
        assertEquals(0.4, after.surprise().meanSurprise(), 1e-6);
    }

    @Test
    void reportsAConsumerLagKafkaDoesNotGiveAsUnknownWithTheReason() throws Exception {
        StatsResponse stats = stats();

        assertEquals(Settings.from(testKit.system().settings().config()).interactionsTopic(), stats.kafkaLag().topic());
        assertNull(stats.kafkaLag().totalLag());
        assertTrue(stats.kafkaLag().partitions().isEmpty());
        assertNotNull(stats.kafkaLag().error());
        assertTrue(stats.kafkaLag().error().startsWith("Kafka"), stats.kafkaLag().error());
    }

    // ---- GET /metrics ----

    @Test
    void servesThePrometheusTextToAViewer() throws Exception {
        // GC pauses are reported from the first collection after the binder registered, announced asynchronously.
        System.gc();
        HttpResponse<String> r = send("GET", "/metrics", VIEWER_TOKEN, null);
        for (int i = 0; i < 50 && !r.body().contains("jvm_gc_pause_seconds"); i++) {
            Thread.sleep(100);
            r = send("GET", "/metrics", VIEWER_TOKEN, null);
        }

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
        for (String name : List.of(
                "murmuration_ingest_events_total{outcome=\"persisted\"}",
                "murmuration_ingest_events_total{outcome=\"dead_lettered\"}",
                "murmuration_recommendations_total{fallback=\"false\"}",
                "murmuration_recommendation_latency_seconds{quantile=\"0.99\"}",
                "murmuration_recommendation_latency_seconds_count",
                "murmuration_consumptions_total{hit=\"true\"}",
                "murmuration_online_hit_rate",
                "murmuration_surprises_total",
                "murmuration_online_mean_surprise",
                "murmuration_cluster_members{status=\"up\"} 1",
                "murmuration_cluster_unreachable_members 0",
                "jvm_memory_used_bytes",
                "jvm_gc_pause_seconds",
                "process_uptime_seconds")) {
            assertTrue(r.body().contains(name), name + " missing from:\n" + r.body());
        }
    }

    // ---- GET /admin/stream ----

    @Test
    void streamsAStatsEventKeepAlivesPublishedEventsAndModelChanges() throws Exception {
        try (EventStream stream = EventStream.open(VIEWER_TOKEN)) {
            assertEquals(200, stream.status());
            assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());

            // The first stats event waits for Kafka's answer about the lag; keep-alives may come before it.
            assertEquals("event: stats", stream.nextLineAfterKeepAlives());
            String data = stream.nextLine();
            assertTrue(data.startsWith("data: {"), data);
            StatsResponse stats = ProtocolJson.read(data.substring(6).getBytes(StandardCharsets.UTF_8), StatsResponse.class);
            assertNotNull(stats.recommendations());
            assertEquals("", stream.nextLine());

            assertEquals(": keep-alive", stream.nextLine(), "silence brings a comment");

            // The stream joins the hub asynchronously: publish until the first one comes through.
            AtomicInteger published = new AtomicInteger();
            String alarm = stream.awaitLine("event: test-alarm", () -> {
                published.incrementAndGet();
                Operations.get(testKit.system()).events().publish("test-alarm", new ErrorResponse("drill", null));
            });
            assertEquals("event: test-alarm", alarm);
            assertEquals("data: {\"error\":\"drill\"}", stream.nextLine());

            register("v-stream");
            stream.awaitLine("event: model", () -> {});
            ModelRegistryEvent registered = stream.nextData(ModelRegistryEvent.class);
            assertEquals("registered", registered.kind());
            assertEquals("v-stream", registered.versionId());

            HttpResponse<String> activation = send("POST", "/admin/models/v-stream/activate", OPERATOR_TOKEN, "{\"reason\": \"watched\"}");
            assertEquals(200, activation.statusCode(), activation.body());
            stream.awaitLine("event: model", () -> {});
            ModelRegistryEvent activated = stream.nextData(ModelRegistryEvent.class);
            assertEquals("activated", activated.kind());
            assertEquals("v-stream", activated.versionId());
            assertEquals("ops-alice", activated.who());
            assertEquals("watched", activated.reason());
        }
    }

    // ---- helpers ----

    /** One client of the event stream, reading its lines on a thread of its own. */
    private static final class EventStream implements AutoCloseable {
        private final HttpResponse<InputStream> response;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Thread reader;

        private EventStream(HttpResponse<InputStream> response) {
            this.response = response;
            this.reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) lines.add(line);
                } catch (IOException closed) {
                    // the test closed the stream
                }
            }, "event-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static EventStream open(String token) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(uri("/admin/stream"))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build();
            return new EventStream(http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).get(30, TimeUnit.SECONDS));
        }

        int status() {
            return response.statusCode();
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        String nextLine() throws InterruptedException {
            String line = lines.poll(10, TimeUnit.SECONDS);
            if (line == null) throw new AssertionError("no line within 10 s");
            return line;
        }

        /** The next line that is not part of a keep-alive comment. */
        String nextLineAfterKeepAlives() throws InterruptedException {
            String line = nextLine();
            while (line.equals(": keep-alive")) {
                assertEquals("", nextLine(), "a comment ends with a blank line");
                line = nextLine();
            }
            return line;
        }

        /** Skips lines until {@code wanted}, running {@code meanwhile} every 300 ms without it. */
        String awaitLine(String wanted, Runnable meanwhile) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            List<String> skipped = new ArrayList<>();
            meanwhile.run();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(300, TimeUnit.MILLISECONDS);
                if (line == null) {
                    meanwhile.run();
                } else if (line.equals(wanted)) {
                    return line;
                } else {
                    skipped.add(line);
                }
            }
            throw new AssertionError("no '" + wanted + "' within 20 s; saw " + skipped);
        }

        <T> T nextData(Class<T> type) throws InterruptedException {
            String data = nextLine();
            assertTrue(data.startsWith("data: "), data);
            return ProtocolJson.read(data.substring(6).getBytes(StandardCharsets.UTF_8), type);
        }

        @Override
        public void close() throws IOException {
            response.body().close();
        }
    }

    private static Behavior<Ping> echo() {
        return Behaviors.receiveMessage(ping -> {
            ping.replyTo().tell("pong");
            return Behaviors.same();
        });
    }

    private static StatsResponse stats() throws Exception {
        HttpResponse<String> r = send("GET", "/admin/stats", VIEWER_TOKEN, null);
        assertEquals(200, r.statusCode(), r.body());
        return read(r, StatsResponse.class);
    }

    private static void register(String versionId) throws Exception {
        ModelVersion version = new ModelVersion(versionId, Map.of("factors", 8.0), T0, T0.plusSeconds(60), 100,
                Map.of("hr@10", 0.1), T0.plusSeconds(120));
        StatusReply<ModelRegistry.State> reply = AskPattern.<ModelRegistry.Command, StatusReply<ModelRegistry.State>>ask(
                        registry, r -> new ModelRegistry.Register(version, false, r), TIMEOUT, testKit.system().scheduler())
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertTrue(reply.isSuccess());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 30 s: " + what);
            Thread.sleep(50);
        }
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static <T> T read(HttpResponse<String> r, Class<T> type) {
        return ProtocolJson.read(r.body().getBytes(StandardCharsets.UTF_8), type);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path);
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
    }
}
