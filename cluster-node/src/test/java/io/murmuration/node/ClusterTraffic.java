package io.murmuration.node;

import io.murmuration.node.NodeProcess.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The load a cluster test runs under: a producer writing a steady stream of interactions to Kafka, and a client
 * asking every node for recommendations without pause. The client behaves as a load balancer would: it polls each
 * node's readiness and sends only to nodes that answered ready at the last poll.
 */
final class ClusterTraffic implements AutoCloseable {

    /** Everything the client saw, for the report and the assertions. */
    record ClientFigures(long requests, long ok, long serverErrors, long otherStatuses, long timeouts, long noAnswer,
            long worstMillis, Map<String, Long> perNode) {

        long failed() {
            return serverErrors + otherStatuses + timeouts + noAnswer;
        }
    }

    private final List<NodeProcess> nodes;
    private final String topic;
    private final String userPrefix;
    private final int users;
    private final Duration requestTimeout;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Set<String>> produced = new ConcurrentHashMap<>();
    private final AtomicLong produceFailures = new AtomicLong();
    private final Map<NodeProcess, Boolean> routable = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong otherStatuses = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong noAnswer = new AtomicLong();
    private final AtomicLong worstMillis = new AtomicLong();
    private final Map<String, AtomicLong> perNode = new ConcurrentHashMap<>();
    private final Map<String, String> firstFailures = new ConcurrentHashMap<>();
    private final List<Thread> threads;

    /**
     * Starts producing {@code eventsPerSecond} events for users {@code userPrefix0 … userPrefix(users-1)} and asking
     * for recommendations with {@code clients} threads.
     */
    ClusterTraffic(List<NodeProcess> nodes, String bootstrap, String topic, String userPrefix, int users, int eventsPerSecond,
            int clients, Duration requestTimeout) {
        this.nodes = List.copyOf(nodes);
        this.topic = topic;
        this.userPrefix = userPrefix;
        this.users = users;
        this.requestTimeout = requestTimeout;
        nodes.forEach(n -> routable.put(n, n.ready()));
        Thread producer = new Thread(() -> produce(bootstrap, eventsPerSecond), "steady-producer");
        Thread readiness = new Thread(this::pollReadiness, "readiness-poller");
        List<Thread> all = new java.util.ArrayList<>(List.of(producer, readiness));
        for (int c = 0; c < clients; c++) all.add(new Thread(this::askForRecommendations, "recommendation-client-" + c));
        threads = List.copyOf(all);
        threads.forEach(Thread::start);
    }

    /** Stops producing and asking, and waits for the threads to end. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) t.join(30_000);
    }

    /** The event ids produced (acknowledged by Kafka) per user. */
    Map<String, Set<String>> produced() {
        return produced;
    }

    long producedCount() {
        return produced.values().stream().mapToLong(Set::size).sum();
    }

    long produceFailures() {
        return produceFailures.get();
    }

    ClientFigures figures() {
        Map<String, Long> byNode = new java.util.TreeMap<>();
        perNode.forEach((k, v) -> byNode.put(k, v.get()));
        return new ClientFigures(requests.get(), ok.get(), serverErrors.get(), otherStatuses.get(), timeouts.get(),
                noAnswer.get(), worstMillis.get(), byNode);
    }

    /** A few failed requests as the client saw them, by kind, for the assertion message. */
    Map<String, String> firstFailures() {
        return Map.copyOf(firstFailures);
    }

    private void produce(String bootstrap, int eventsPerSecond) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("linger.ms", "5");
        // As in TestTraffic: a retried send never reorders a key's records.
        props.put("enable.idempotence", "false");
        props.put("max.in.flight.requests.per.connection", "1");
        long pauseNanos = 1_000_000_000L / eventsPerSecond;
        long next = System.nanoTime();
        long n = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            while (running.get()) {
                String user = userPrefix + (n % users);
                String eventId = userPrefix + "e-" + n;
                TestTraffic.Record r = TestTraffic.valid(eventId, user, "item-" + (n % 97), "click",
                        TestTraffic.START.plusMillis(n));
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()), (meta, failure) -> {
                    if (failure == null) produced.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(eventId);
                    else produceFailures.incrementAndGet();
                });
                n++;
                next += pauseNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Like a load balancer's probe: every 250 ms, each node is routable while its /ready answers 200. */
    private void pollReadiness() {
        while (running.get()) {
            for (NodeProcess node : nodes) routable.put(node, node.ready());
            sleep(250);
        }
    }

    private void askForRecommendations() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int turn = random.nextInt(nodes.size());
        while (running.get()) {
            NodeProcess node = nodes.get(turn++ % nodes.size());
            if (!routable.getOrDefault(node, false)) {
                if (nodes.stream().noneMatch(n -> routable.getOrDefault(n, false))) sleep(50);
                continue;
            }
            String user = userPrefix + random.nextInt(users);
            long start = System.nanoTime();
            Answer a = node.get(node.httpPort, "/v1/users/" + user + "/recommendations?k=5", requestTimeout);
            long millis = (System.nanoTime() - start) / 1_000_000;
            requests.incrementAndGet();
            perNode.computeIfAbsent(node.name, k -> new AtomicLong()).incrementAndGet();
            worstMillis.accumulateAndGet(millis, Math::max);
            if (a.status() == 200) {
                ok.incrementAndGet();
            } else {
                String kind;
                if (a.status() >= 500) {
                    serverErrors.incrementAndGet();
                    kind = "5xx";
                } else if (a.timedOut()) {
                    timeouts.incrementAndGet();
                    kind = "timeout";
                } else if (a.status() == 0) {
                    noAnswer.incrementAndGet();
                    kind = "no answer";
                } else {
                    otherStatuses.incrementAndGet();
                    kind = "status " + a.status();
                }
                firstFailures.putIfAbsent(kind, node.name + " at " + Instant.now() + ": " + a.status() + " " + a.body());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
