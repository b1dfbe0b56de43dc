package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.node.RealInfrastructure.Run;
import io.murmuration.protocol.ClusterResponse;
import io.murmuration.protocol.EntityTypeShards;
import io.murmuration.protocol.PartitionLag;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.StatsResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operations endpoints of a node on the real Cassandra and Kafka: a few valid and a few broken records go through
 * Kafka, and the node's stats, its consumer lag and its Prometheus text show them.
 */
class OperationsIT {

    private static final int USERS = 5;
    private static final int VALID = 40;
    private static final int BROKEN = 5;
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private static Run run;
    private static MurmurationNode node;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startNodeAndIngest() {
        RealInfrastructure.ensureRunning();
        run = Run.create("operations");
        run.prepare();
        node = MurmurationNode.start(run.nodeConfig());

        List<TestTraffic.Record> records = new ArrayList<>();
        for (int e = 0; e < VALID; e++) {
            records.add(TestTraffic.valid("ops-" + e, "user-" + (e % USERS), "item-" + (e % 7), "view",
                    TestTraffic.START.plusSeconds(e)));
        }
        for (int n = 0; n < BROKEN; n++) records.add(TestTraffic.malformed(n));
        TestTraffic.produce(RealInfrastructure.kafkaBootstrap(), run.topic(), records);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) node.close();
    }

    @Test
    void statsAndMetricsShowTheIngestAndTheConsumerGroupCatchingUp() throws Exception {
        // The Prometheus counters never forget, so they show every record however slowly the machine ingests.
        String metrics = await(() -> get(node.adminPort(), "/metrics", RealInfrastructure.VIEWER_TOKEN).body(),
                text -> value(text, "murmuration_ingest_events_total{outcome=\"persisted\"}") == VALID
                        && value(text, "murmuration_ingest_events_total{outcome=\"dead_lettered\"}") == BROKEN,
                "every record counted in /metrics");
        StatsResponse caughtUp = await(OperationsIT::stats,
                s -> s.kafkaLag().totalLag() != null && s.kafkaLag().totalLag() == 0
                        && s.kafkaLag().partitions().stream().mapToLong(PartitionLag::end).sum() == VALID + BROKEN,
                "the group's lag back to 0 after all " + (VALID + BROKEN) + " records");

        assertEquals(run.topic(), caughtUp.kafkaLag().topic());
        assertEquals(run.group(), caughtUp.kafkaLag().group());
        assertEquals(16, caughtUp.kafkaLag().partitions().size(), "every partition of the topic");
        assertNull(caughtUp.kafkaLag().error());
        assertNotNull(caughtUp.kafkaLag().fetchedAt());
        assertTrue(caughtUp.ingest().persisted() + caughtUp.ingest().deadLettered() > 0
                        || caughtUp.windowSeconds() >= 55, "the records are in the window unless ingest took a minute: " + caughtUp);
        assertTrue(metrics.contains("murmuration_kafka_consumer_lag{partition=\"0\",topic=\"" + run.topic() + "\"}"), metrics);
    }

    @Test
    void statsShowTheRecommendationRequestsThisNodeAnswered() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = get(node.httpPort(), "/v1/users/user-" + i + "/recommendations?k=3", null);
            assertEquals(200, r.statusCode(), r.body());
        }

        StatsResponse stats = stats();

        assertTrue(stats.recommendations().count() >= 5, stats.recommendations().toString());
        assertNotNull(stats.recommendations().p50Millis());
        assertTrue(stats.recommendations().p99Millis() >= stats.recommendations().p50Millis());
        assertNotNull(stats.recommendations().fallbackRate());
    }

    @Test
    void clusterListsThisNodeAndTheUserAndItemShards() throws Exception {
        await(OperationsIT::cluster, c -> entityType(c, "user") != null && entityType(c, "user").entities() > 0,
                "user entities running");
        ClusterResponse cluster = cluster();

        assertEquals(1, cluster.members().size());
        assertEquals("up", cluster.members().get(0).status());
        assertNotNull(cluster.members().get(0).upSince());
        assertNotNull(entityType(cluster, "item-shard"), cluster.entityTypes().toString());
        assertTrue(entityType(cluster, "user").nodes().get(0).answered());
    }

    // ---- helpers ----

    /** The value of the sample named exactly {@code sample} (with its labels) in Prometheus text; NaN when absent. */
    private static double value(String text, String sample) {
        return text.lines().filter(l -> l.startsWith(sample + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(sample.length() + 1).trim().split(" ")[0]))
                .orElse(Double.NaN);
    }

    private static EntityTypeShards entityType(ClusterResponse cluster, String name) {
        return cluster.entityTypes().stream().filter(t -> t.entityType().equals(name)).findFirst().orElse(null);
    }

    private static StatsResponse stats() throws Exception {
        HttpResponse<String> r = get(node.adminPort(), "/admin/stats", RealInfrastructure.VIEWER_TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        return ProtocolJson.mapper().readValue(r.body(), StatsResponse.class);
    }

    private static ClusterResponse cluster() throws Exception {
        HttpResponse<String> r = get(node.adminPort(), "/admin/cluster", RealInfrastructure.VIEWER_TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        return ProtocolJson.mapper().readValue(r.body(), ClusterResponse.class);
    }

    private interface Read<T> {
        T get() throws Exception;
    }

    private static <T> T await(Read<T> read, Predicate<T> until, String what) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        T last = read.get();
        while (!until.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            last = read.get();
        }
        assertTrue(until.test(last), "not within " + PATIENCE + ": " + what + "; last: " + last);
        return last;
    }

    private static HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
