package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.murmuration.node.RealInfrastructure.Run;
import io.murmuration.node.TestTraffic.Record;
import io.murmuration.node.interaction.InteractionLogReader;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.RecommendationsResponse;
import io.murmuration.protocol.RecommendedItem;
import io.murmuration.protocol.Topics;
import io.murmuration.protocol.UserProfileResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The walking skeleton end to end on the real Cassandra and Kafka: records from Kafka reach the journal
 * exactly once, bad ones reach the dead-letter topic with a reason, profiles survive a restart, and a
 * synchronous post is reflected by the next recommendation request.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestIT {

    private static final int USERS = 50;
    private static final int UNIQUE = 1850;
    private static final int DUPLICATES = 100;
    private static final int MALFORMED = 50;

    private static Run run;
    private static CqlSession cql;
    private static MurmurationNode node;
    private static final Map<String, Integer> expectedPerUser = new HashMap<>();
    private static final Set<String> itemsSeen = new HashSet<>();
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startNode() {
        RealInfrastructure.ensureRunning();
        run = Run.create("ingest");
        run.prepare();
        cql = RealInfrastructure.cql();
        node = MurmurationNode.start(nodeConfig());
    }

    /**
     * The run's configuration with a personalised-path deadline a freshly started node on a loaded machine can
     * meet: these tests are about what the node knows, not how fast it answers.
     */
    private static com.typesafe.config.Config nodeConfig() {
        return com.typesafe.config.ConfigFactory.parseString("murmuration.recommendations.deadline = 5s")
                .withFallback(run.nodeConfig());
    }

    @AfterAll
    static void stopNode() {
        if (node != null) node.close();
        if (cql != null) cql.close();
    }

    @Test
    @Order(1)
    void persistsEveryValidEventOnceAndDeadLettersTheRestWithAReason() throws Exception {
        // given 2,000 records: 1,850 distinct events, 100 redeliveries of earlier ones, 50 malformed
        Random random = new Random(42);
        List<Record> unique = new ArrayList<>();
        for (int i = 0; i < UNIQUE; i++) {
            String user = "user-" + (i % USERS);
            String item = "item-" + (int) Math.floor(Math.pow(random.nextDouble(), 2) * 200);
            unique.add(TestTraffic.valid("ev-" + i, user, item, i % 7 == 0 ? "purchase" : "view", TestTraffic.START.plusSeconds(i)));
            expectedPerUser.merge(user, 1, Integer::sum);
            itemsSeen.add(item);
        }
        List<Record> all = new ArrayList<>(unique);
        for (int i = 0; i < DUPLICATES; i++) all.add(unique.get(random.nextInt(UNIQUE)));
        for (int i = 0; i < MALFORMED; i++) all.add(200 + i * 37 % 1800, TestTraffic.malformed(i));
        assertEquals(2000, all.size());

        // when they are produced to the interactions topic
        TestTraffic.produce(RealInfrastructure.kafkaBootstrap(), run.topic(), all);

        // then exactly 1,850 events reach the journal, and stay that many
        long persisted = TestTraffic.awaitValue(this::journalRows, UNIQUE, Duration.ofMinutes(6));
        assertEquals(UNIQUE, persisted);
        Thread.sleep(3000);
        assertEquals(UNIQUE, journalRows(), "no event may be persisted twice");

        // and the 50 malformed records are in the dead-letter topic, each with its reason
        List<ConsumerRecord<String, byte[]>> letters =
                TestTraffic.consumeAll(RealInfrastructure.kafkaBootstrap(), run.deadLetterTopic(), MALFORMED, Duration.ofSeconds(60));
        assertEquals(MALFORMED, letters.size());
        for (ConsumerRecord<String, byte[]> letter : letters) {
            Header reason = letter.headers().lastHeader(Topics.DLQ_REASON_HEADER);
            assertTrue(reason != null && reason.value().length > 0, "every dead letter carries a reason");
        }

        // and the whole log reads back from the journal through the interaction tag, each event once
        Set<String> readBack = ConcurrentHashMap.newKeySet();
        AtomicLong read = new AtomicLong();
        new InteractionLogReader(node.system(), "interaction")
                .readAll(e -> {
                    read.incrementAndGet();
                    readBack.add(e.eventId());
                })
                .toCompletableFuture()
                .get(2, TimeUnit.MINUTES);
        assertEquals(UNIQUE, read.get());
        assertEquals(UNIQUE, readBack.size());

        // and every item is registered in the catalog on its first interaction
        long registered = TestTraffic.awaitValue(this::catalogRows, itemsSeen.size(), Duration.ofSeconds(60));
        assertEquals(itemsSeen.size(), registered);
    }

    @Test
    @Order(2)
    void recoversEveryProfileFromCassandraAfterARestart() throws Exception {
        // given the node that ingested the events is stopped and a new one started on the same keyspace
        node.close();
        node = MurmurationNode.start(nodeConfig());

        // then every user's profile shows the events ingested before the restart
        for (Map.Entry<String, Integer> expected : expectedPerUser.entrySet()) {
            UserProfileResponse profile = profile(expected.getKey());
            assertEquals(expected.getValue().longValue(), profile.eventCount(), expected.getKey());
        }
    }

    @Test
    @Order(3)
    void aSynchronousPostIsReflectedByTheNextRecommendations() throws Exception {
        // given a user and the item currently first in their recommendations
        String user = "user-7";
        RecommendationsResponse before = recommendations(user);
        assertFalse(before.fallback());
        assertFalse(before.items().isEmpty());
        String top = before.items().get(0).itemId();

        // when the user buys that item, posted with sync=true
        String body =
                "{\"eventId\":\"sync-1\",\"userId\":\"%s\",\"itemId\":\"%s\",\"type\":\"purchase\",\"timestamp\":\"%s\"}"
                        .formatted(user, top, TestTraffic.START.plusSeconds(5000));
        HttpResponse<String> posted = post("/v1/events?sync=true", body);
        assertEquals(200, posted.statusCode(), posted.body());
        assertEquals("{\"accepted\":1}", posted.body());

        // then the very next recommendations leave that item out
        RecommendationsResponse after = recommendations(user);
        assertFalse(after.items().stream().map(RecommendedItem::itemId).toList().contains(top));
        assertEquals(expectedPerUser.get(user) + 1L, profile(user).eventCount());
    }

    @Test
    @Order(4)
    void anUnknownUserGetsPopularItemsMarkedAsFallback() throws Exception {
        RecommendationsResponse reply = recommendations("nobody-yet");

        assertTrue(reply.fallback());
        assertEquals(10, reply.items().size());
        assertTrue(reply.items().stream().allMatch(i -> i.reason().equals("popular")));
    }

    @Test
    @Order(5)
    void badRequestsGetA4xxJsonBodyNamingTheField() throws Exception {
        String base = "http://127.0.0.1:" + node.httpPort();
        HttpResponse<String> badEvent = post("/v1/events", "{\"eventId\":\"x\",\"userId\":\"u 1\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":1}");
        assertError(badEvent, 400, "userId");
        assertError(post("/v1/events", "[]"), 400, "body");
        assertError(post("/v1/events?sync=maybe", "{}"), 400, "sync");
        assertError(get(base + "/v1/popular?k=0", null), 400, "k");
        assertError(get(base + "/v1/users/bad%20id/recommendations", null), 400, "userId");
        assertError(get(base + "/v1/nothing-here", null), 404, null);
        assertError(get(base + "/v1/events", null), 405, null);
        HttpResponse<String> notJson =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString("hello"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertError(notJson, 415, "body");
        assertError(post("/v1/events", "[" + "{},".repeat(600_000) + "{}]"), 413, null);
        assertError(get("http://127.0.0.1:" + node.adminPort() + "/admin/users/user-1", null), 401, "Authorization");
        assertError(get("http://127.0.0.1:" + node.adminPort() + "/admin/users/user-1", "wrong-token"), 401, "Authorization");
    }

    private static void assertError(HttpResponse<String> r, int status, String field) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        Map<?, ?> body = ProtocolJson.read(r.body().getBytes(StandardCharsets.UTF_8), Map.class);
        assertTrue(body.get("error") instanceof String s && !s.isBlank(), r.body());
        if (field != null) assertEquals(field, body.get("field"), r.body());
    }

    @Test
    @Order(6)
    void catalogUpsertsReachTheItemsTableAndBadOnesTheDeadLetters() throws Exception {
        // given two item upserts and one broken record on the catalog topic
        TestTraffic.produce(
                RealInfrastructure.kafkaBootstrap(),
                run.catalogTopic(),
                List.of(
                        Record.of("item-0", "{\"itemId\":\"item-0\",\"attributes\":{\"title\":\"Kettle\",\"category\":\"kitchen\"}}"),
                        Record.of("new-item", "{\"itemId\":\"new-item\",\"attributes\":{\"title\":\"Lamp\"}}"),
                        Record.of("broken", "{\"attributes\":{}}")));

        // then the items carry their attributes, the new one included
        long withAttributes = TestTraffic.awaitValue(this::itemsWithAttributes, 2, Duration.ofSeconds(60));
        assertEquals(2, withAttributes);
        Map<String, String> kettle =
                cql.execute("SELECT attributes FROM " + run.keyspace() + ".items WHERE item_id = 'item-0'").one().getMap(0, String.class, String.class);
        assertEquals(Map.of("title", "Kettle", "category", "kitchen"), kettle);

        // and the broken record is a dead letter naming the catalog topic as its source
        List<ConsumerRecord<String, byte[]>> letters =
                TestTraffic.consumeAll(RealInfrastructure.kafkaBootstrap(), run.deadLetterTopic(), MALFORMED + 1, Duration.ofSeconds(60));
        assertTrue(
                letters.stream()
                        .map(l -> new String(l.headers().lastHeader(Topics.DLQ_SOURCE_HEADER).value(), StandardCharsets.UTF_8))
                        .anyMatch(source -> source.startsWith(run.catalogTopic() + "/")));
    }

    private long catalogRows() {
        return cql.execute("SELECT count(*) FROM " + run.keyspace() + ".items").one().getLong(0);
    }

    private long itemsWithAttributes() {
        return cql.execute("SELECT attributes FROM " + run.keyspace() + ".items").all().stream()
                .filter(row -> !row.getMap(0, String.class, String.class).isEmpty())
                .count();
    }

    private long journalRows() {
        return cql.execute("SELECT count(*) FROM " + run.keyspace() + ".messages").one().getLong(0);
    }

    private RecommendationsResponse recommendations(String user) throws Exception {
        HttpResponse<String> r = get("http://127.0.0.1:" + node.httpPort() + "/v1/users/" + user + "/recommendations?k=10", null);
        assertEquals(200, r.statusCode(), r.body());
        return ProtocolJson.read(r.body().getBytes(StandardCharsets.UTF_8), RecommendationsResponse.class);
    }

    private UserProfileResponse profile(String user) throws Exception {
        HttpResponse<String> r = get("http://127.0.0.1:" + node.adminPort() + "/admin/users/" + user, RealInfrastructure.ADMIN_TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        return ProtocolJson.read(r.body().getBytes(StandardCharsets.UTF_8), UserProfileResponse.class);
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
