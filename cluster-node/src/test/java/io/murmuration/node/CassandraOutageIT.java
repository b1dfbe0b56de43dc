package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.murmuration.cassandra.CassandraNode;
import io.murmuration.cassandra.SchemaTool;
import io.murmuration.node.RealInfrastructure.Run;
import io.murmuration.node.TestTraffic.Record;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.RecommendationsResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * While the journal's Cassandra is down, the ingest stream backs off and retries instead of skipping:
 * records produced during the outage are all persisted, once, when Cassandra is back. Under traffic, the
 * recommendation endpoint keeps answering throughout (with the popular list where the personal path cannot),
 * and events posted over HTTP are taken while Kafka is up.
 */
class CassandraOutageIT {

    private static final int BEFORE = 300;
    private static final int DURING = 300;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

    private static Path data;
    private static int port;
    private static CassandraNode cassandra;

    /** A Cassandra of the tests' own for the journal, to stop and start; Kafka is the shared one. */
    @BeforeAll
    static void startOwnCassandra() {
        RealInfrastructure.ensureRunning();
        data = Path.of(System.getProperty("murmuration.it.data", "target/it-infra")).toAbsolutePath().resolve("outage-" + System.currentTimeMillis());
        port = RealInfrastructure.freePort();
        cassandra = new CassandraNode(data.resolve("cassandra"), RealInfrastructure.HOST, port, RealInfrastructure.freePort(), data.resolve("cassandra.log"));
        cassandra.start(Duration.ofMinutes(4));
    }

    @AfterAll
    static void stopOwnCassandra() {
        if (cassandra == null) return;
        cassandra.stop();
        assertFalse(cassandra.isRunning());
    }

    @Test
    void recordsProducedWhileCassandraIsDownArePersistedOnceItIsBack() throws Exception {
        Run run = prepare("outage");
        try (MurmurationNode node = MurmurationNode.start(MurmurationNode.loadConfig(environment(run)))) {
            // given a node that has ingested the first records
            TestTraffic.produce(RealInfrastructure.kafkaBootstrap(), run.topic(), events(0, BEFORE));
            assertEquals(BEFORE, TestTraffic.awaitValue(() -> rows(run), BEFORE, Duration.ofMinutes(5)));

            // when Cassandra goes away while more records arrive, and comes back later
            cassandra.stop();
            TestTraffic.produce(RealInfrastructure.kafkaBootstrap(), run.topic(), events(BEFORE, DURING));
            Thread.sleep(15_000);
            cassandra.start(Duration.ofMinutes(4));

            // then every record is persisted, none twice
            long after = TestTraffic.awaitValue(() -> rows(run), BEFORE + DURING, Duration.ofMinutes(6));
            Thread.sleep(3000);
            System.out.printf("Cassandra outage test: %d events persisted after the outage%n", after);
            assertEquals(BEFORE + DURING, rows(run));
        }
    }

    @Test
    void underTrafficA30SecondOutageLosesNoEventAndEveryRecommendationRequestIsAnswered() throws Exception {
        Run run = prepare("outagetraffic");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 20; i++) users.add("t-user-" + i);
        try (MurmurationNode node = MurmurationNode.start(MurmurationNode.loadConfig(environment(run)));
                KafkaProducer<String, byte[]> producer = TestTraffic.producer(RealInfrastructure.kafkaBootstrap())) {
            // given a node that knows twenty users
            List<Record> known = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                known.add(TestTraffic.valid("t-seed-" + i, users.get(i % 20), "item-" + (i % 30), i % 4 == 0 ? "purchase" : "view",
                        TestTraffic.START.plusSeconds(i)));
            }
            TestTraffic.produce(RealInfrastructure.kafkaBootstrap(), run.topic(), known);
            assertEquals(100, TestTraffic.awaitValue(() -> rows(run), 100, Duration.ofMinutes(3)));
            // the popular list follows the journal's tag query, a little behind the writes: wait until it has them
            assertTrue(TestTraffic.awaitValue(() -> popularItems(node), 10, Duration.ofMinutes(1)) >= 10, "the popular list filled");

            // when events keep coming, on Kafka and over HTTP, and recommendations keep being asked for, known users and
            // strangers alike, while Cassandra is stopped for 30 s and started again
            Traffic traffic = new Traffic(node, producer, run.topic(), users);
            traffic.start();
            Thread.sleep(5_000);
            cassandra.stop();
            long stoppedAt = System.nanoTime();
            Thread.sleep(OUTAGE.toMillis());
            cassandra.start(Duration.ofMinutes(4));
            Duration down = Duration.ofNanos(System.nanoTime() - stoppedAt);
            Thread.sleep(5_000);
            traffic.stop();

            // then the recommendation endpoint answered every request with a list, in time
            System.out.printf(
                    "Cassandra outage under traffic: down %d s; %d recommendation requests, %d fallbacks (%d for known users), "
                            + "worst latency %d ms; %d events produced (%d on Kafka, %d over HTTP)%n",
                    down.toSeconds(), traffic.asked.get(), traffic.fallbacks.get(), traffic.knownFallbacks.get(),
                    traffic.worstNanos.get() / 1_000_000, traffic.produced().size(), traffic.onKafka.get(), traffic.overHttp.get());
            assertTrue(traffic.failures.isEmpty(), traffic.failures.size() + " requests not answered well, e.g. " + first(traffic.failures));
            assertTrue(traffic.asked.get() > 100, "recommendations were asked for throughout: " + traffic.asked.get());

            // and every event produced is persisted, exactly once (the journal also holds what is not an interaction,
            // so the events are counted by eventId, as the admin API reads them back)
            int expected = 100 + traffic.produced().size();
            TestTraffic.awaitValue(() -> interactions(node, users).size(), expected, Duration.ofMinutes(6));
            Thread.sleep(3000);
            Map<String, Integer> copies = new TreeMap<>();
            interactions(node, users).forEach(id -> copies.merge(id, 1, Integer::sum));
            List<String> lost = traffic.produced().stream().filter(id -> !copies.containsKey(id)).sorted().toList();
            List<String> twice = copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            int persisted = copies.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("Cassandra outage under traffic: %d events expected, %d persisted (%d journal rows), %d lost, %d persisted twice%n",
                    expected, persisted, rows(run), lost.size(), twice.size());
            assertEquals(List.of(), lost, "events lost");
            assertEquals(List.of(), twice, "events persisted twice");
            assertEquals(expected, persisted);
        }
    }

    /**
     * A producer and two readers running until stopped: the producer puts five records on Kafka and posts one event
     * (without sync) every 100 ms; each reader asks for a known user's or a stranger's recommendations, one after
     * another. Whatever is not a 200 with a list, or takes longer than the client's timeout, is a failure.
     */
    private static final class Traffic {
        final AtomicInteger asked = new AtomicInteger();
        final AtomicInteger fallbacks = new AtomicInteger();
        final AtomicInteger knownFallbacks = new AtomicInteger();
        final AtomicInteger onKafka = new AtomicInteger();
        final AtomicInteger overHttp = new AtomicInteger();
        final AtomicLong worstNanos = new AtomicLong();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private final List<String> produced = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final long began = System.nanoTime();
        private final List<Thread> threads = new ArrayList<>();
        private final MurmurationNode node;
        private final KafkaProducer<String, byte[]> producer;
        private final String topic;
        private final List<String> users;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(CLIENT_TIMEOUT).build();

        Traffic(MurmurationNode node, KafkaProducer<String, byte[]> producer, String topic, List<String> users) {
            this.node = node;
            this.producer = producer;
            this.topic = topic;
            this.users = users;
        }

        void start() {
            threads.add(new Thread(this::produce, "outage-producer"));
            threads.add(new Thread(() -> ask(0), "outage-reader-0"));
            threads.add(new Thread(() -> ask(1), "outage-reader-1"));
            threads.forEach(Thread::start);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) t.join(CLIENT_TIMEOUT.toMillis() * 3);
            producer.flush();
        }

        List<String> produced() {
            synchronized (produced) {
                return List.copyOf(produced);
            }
        }

        private void produce() {
            int n = 0;
            while (running.get()) {
                try {
                    for (int i = 0; i < 5; i++, n++) {
                        String id = "t-kafka-" + n;
                        Record r = TestTraffic.valid(id, users.get(n % users.size()), "item-" + (n % 30), "view", Instant.now().minusSeconds(60));
                        producer.send(new ProducerRecord<>(topic, r.key(), r.value())).get();
                        produced.add(id);
                        onKafka.incrementAndGet();
                    }
                    String id = "t-http-" + n;
                    String body = "{\"eventId\":\"%s\",\"userId\":\"%s\",\"itemId\":\"item-%d\",\"type\":\"click\",\"timestamp\":\"%s\"}"
                            .formatted(id, users.get(n % users.size()), n % 30, Instant.now().minusSeconds(30));
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/events"))
                                    .timeout(CLIENT_TIMEOUT).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 202) {
                        produced.add(id);
                        overHttp.incrementAndGet();
                    } else {
                        failures.add(at() + "POST /v1/events -> " + r.statusCode() + " " + r.body());
                    }
                    Thread.sleep(100);
                } catch (Exception e) {
                    failures.add(at() + "producing: " + e);
                }
            }
        }

        /** Seconds since the traffic began, to tell before, during and after the outage apart. */
        private String at() {
            return "[t+" + Duration.ofNanos(System.nanoTime() - began).toSeconds() + " s] ";
        }

        private void ask(int reader) {
            int n = 0;
            while (running.get()) {
                boolean stranger = n++ % 3 == reader;
                String user = stranger ? "stranger-" + reader + "-" + n : users.get((n * 7 + reader) % users.size());
                long start = System.nanoTime();
                try {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/users/" + user + "/recommendations?k=10"))
                                    .timeout(CLIENT_TIMEOUT).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long took = System.nanoTime() - start;
                    worstNanos.accumulateAndGet(took, Math::max);
                    asked.incrementAndGet();
                    if (r.statusCode() != 200) {
                        failures.add(at() + user + " -> " + r.statusCode() + " " + r.body());
                        continue;
                    }
                    RecommendationsResponse reply = ProtocolJson.read(r.body().getBytes(StandardCharsets.UTF_8), RecommendationsResponse.class);
                    if (reply.items().isEmpty()) failures.add(at() + user + " -> an empty list");
                    if (reply.fallback()) {
                        fallbacks.incrementAndGet();
                        if (!stranger) knownFallbacks.incrementAndGet();
                    }
                } catch (Exception e) {
                    worstNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    asked.incrementAndGet();
                    failures.add(at() + user + " -> " + e);
                }
            }
        }
    }

    private static Run prepare(String purpose) {
        Run run = Run.create(purpose);
        run.prepareTopics(); // on the shared Kafka; the journal is on the tests' own Cassandra
        if (!cassandra.isRunning()) cassandra.start(Duration.ofMinutes(4));
        try (CqlSession session = SchemaTool.connect(RealInfrastructure.HOST, port)) {
            SchemaTool.apply(session, run.keyspace(), run.snapshotKeyspace(), 1);
        }
        return run;
    }

    private static Map<String, String> environment(Run run) {
        Map<String, String> env = run.nodeEnvironment(0, 0, RealInfrastructure.freePort(), 0);
        env.put("MURMURATION_CASSANDRA_CONTACT_POINTS", RealInfrastructure.HOST + ":" + port);
        return env;
    }

    private static List<Record> events(int from, int count) {
        List<Record> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            records.add(TestTraffic.valid("o-" + i, "o-user-" + (i % 30), "item-" + (i % 50), "view", TestTraffic.START.plusSeconds(i)));
        }
        return records;
    }

    private static long rows(Run run) {
        try (CqlSession session = SchemaTool.connect(RealInfrastructure.HOST, port)) {
            return session.execute("SELECT count(*) FROM " + run.keyspace() + ".messages").one().getLong(0);
        } catch (RuntimeException e) {
            return -1; // not answering yet
        }
    }

    private static long popularItems(MurmurationNode node) {
        try {
            HttpResponse<String> r = NodeHttp.get(node, "/v1/popular?k=10");
            return r.statusCode() == 200
                    ? ProtocolJson.read(r.body().getBytes(StandardCharsets.UTF_8), io.murmuration.protocol.PopularResponse.class).items().size()
                    : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** The eventIds of the users' recorded interactions; empty while the admin API cannot read the journal. */
    private static List<String> interactions(MurmurationNode node, List<String> users) {
        List<String> all = new ArrayList<>();
        try {
            for (String user : users) all.addAll(NodeHttp.interactionIds(node, user));
        } catch (Exception e) {
            return List.of();
        }
        return all;
    }

    private static String first(List<String> items) {
        synchronized (items) {
            return String.join("\n  ", items.subList(0, Math.min(10, items.size())));
        }
    }
}
