package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.murmuration.node.RealInfrastructure.Run;
import io.murmuration.node.model.training.Trainer;
import io.murmuration.protocol.DriftAlarm;
import io.murmuration.protocol.DriftAlarmsResponse;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.RecommendationsResponse;
import io.murmuration.protocol.RecommendedItem;
import io.murmuration.protocol.UserProfileResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drift detection end to end on the real Cassandra and Kafka, with a planted shift: two tastes, and half the users
 * turn from their taste to the other one at event {@value #SHIFT}. The first {@value #TRAINED} events of every user
 * arrive through Kafka and a version is trained on them and activated. The rest of the part before the shift also
 * arrives through Kafka, now measured for surprise: that is the baseline each user's test compares with (a real
 * user has a long history under the active version; a test that starts at the shift has nothing to compare with).
 * From event {@value #SERVED} on, every event is played as a client would: the user's recommendations are read, then
 * the event is posted synchronously, so each interaction follows a served list (a hit or not). Alarms must appear
 * for the shifted users within a bounded number of their events after the shift, hardly ever for the others or
 * before the shift, and the cluster's alarm must fire. The measured delays and false alarms are printed on lines
 * starting {@code [drift-it]}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriftIT {

    private static final int USERS = 60;
    private static final int ITEMS_PER_TASTE = 60;
    /** Events per user that arrive through Kafka before the training. */
    private static final int TRAINED = 30;
    /** From here on events follow a served list; before it they arrive through Kafka. */
    private static final int SERVED = 55;
    /** The event index at which the shifted users turn to the other taste. */
    private static final int SHIFT = 60;
    private static final int EVENTS_PER_USER = 95;
    /** A shifted user's alarm must come within this many of its events after the shift (the alarm's included). */
    private static final int DETECTION_BOUND = 30;
    private static final Duration TRAINING = Duration.ofMinutes(5);
    /** Several users are played at once; one user's events stay in order. */
    private static final int CLIENTS = 6;

    private static Run run;
    private static MurmurationNode node;
    private static final HttpClient http = HttpClient.newHttpClient();
    /** What each user was served and consumed, keyed by user, in event order: for the hit rates printed. */
    private static final Map<String, List<Boolean>> hits = new ConcurrentHashMap<>();
    /** The share of the user's current taste in each list served to it, keyed by user, in event order. */
    private static final Map<String, List<Double>> currentTasteShare = new ConcurrentHashMap<>();
    private static String version;

    @BeforeAll
    static void startNodeTrainOnTheFirstEventsAndIngestTheRestBeforeTheShift() throws Exception {
        RealInfrastructure.ensureRunning();
        run = Run.create("drift");
        run.prepare();
        Config config = ConfigFactory.parseMap(System.getProperties().stringPropertyNames().stream()
                        .filter(name -> name.startsWith("murmuration.drift."))
                        .collect(Collectors.toMap(name -> name, System::getProperty)))
                .withFallback(run.nodeConfigTrainingOnDemand());
        node = MurmurationNode.start(config);

        ingest(0, TRAINED);
        Trainer.TrainingReport report = node.models().train("it", "before the shift", TRAINING).toCompletableFuture()
                .get(TRAINING.toSeconds(), TimeUnit.SECONDS);
        version = report.versionId();
        assertEquals(TRAINED * USERS, report.interactions(), "trained on every event before the training");
        node.models().activate(version, "it", "drift test", TRAINING).toCompletableFuture().get(2, TimeUnit.MINUTES);
        for (int u = 0; u < 2; u++) {
            awaitVersion(user(u));
        }
        ingest(TRAINED, SERVED);
    }

    private static void ingest(int fromEvent, int toEvent) throws InterruptedException {
        List<TestTraffic.Record> records = new ArrayList<>();
        for (int e = fromEvent; e < toEvent; e++) {
            for (int u = 0; u < USERS; u++) {
                records.add(TestTraffic.valid(eventId(u, e), user(u), itemFor(u, e), "click", at(u, e)));
            }
        }
        TestTraffic.produce(RealInfrastructure.kafkaBootstrap(), run.topic(), records);
        long expected = (long) USERS * toEvent;
        long persisted = TestTraffic.awaitValue(DriftIT::eventCount, expected, Duration.ofMinutes(8));
        assertEquals(expected, persisted, "every ingested event reached the journal");
    }

    @AfterAll
    static void stopNode() {
        if (node != null) node.close();
    }

    @Test
    @Order(1)
    void alarmsFollowThePlantedShiftAndTheClusterNoticesIt() throws Exception {
        // given an operator watching the admin event stream
        List<String> streamed = new CopyOnWriteArrayList<>();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + "/admin/stream"))
                                .header("Authorization", "Bearer " + RealInfrastructure.VIEWER_TOKEN).build(),
                        HttpResponse.BodyHandlers.ofLines())
                .thenAcceptAsync(r -> r.body().forEach(streamed::add), reader);
        // when every later event is played after the user's recommendations were read
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int e = SERVED; e < EVENTS_PER_USER; e++) {
                int event = e;
                List<Future<?>> round = new ArrayList<>();
                for (int u = 0; u < USERS; u++) {
                    int userIndex = u;
                    round.add(clients.submit(() -> {
                        play(userIndex, event);
                        return null;
                    }));
                }
                for (Future<?> f : round) {
                    f.get(2, TimeUnit.MINUTES);
                }
            }
        } finally {
            clients.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "[drift-it] played %d events with recommendations in %.1f s%n",
                USERS * (EVENTS_PER_USER - SERVED), (System.nanoTime() - started) / 1e9);

        // then
        List<DriftAlarm> alarms = awaitSettledAlarms();
        List<Integer> delays = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        int beforeShift = 0;
        int unshifted = 0;
        for (int u = 0; u < USERS; u++) {
            String user = user(u);
            int userIndex = u;
            List<Integer> at = alarms.stream()
                    .filter(a -> "user".equals(a.scope()) && user.equals(a.userId()))
                    .map(a -> eventIndexAt(userIndex, a.raisedAt()))
                    .sorted()
                    .toList();
            beforeShift += (int) at.stream().filter(i -> i < SHIFT).count();
            if (!shifted(u)) {
                unshifted += (int) at.stream().filter(i -> i >= SHIFT).count();
                continue;
            }
            at.stream().filter(i -> i >= SHIFT).findFirst()
                    .ifPresentOrElse(i -> delays.add(i - SHIFT + 1), () -> missed.add(user));
        }
        List<DriftAlarm> global = alarms.stream().filter(a -> "global".equals(a.scope())).toList();
        report(delays, missed, beforeShift, unshifted, global, alarms);

        int shiftedUsers = (int) IntStream.range(0, USERS).filter(DriftIT::shifted).count();
        long inTime = delays.stream().filter(d -> d <= DETECTION_BOUND).count();
        assertTrue(inTime >= 0.8 * shiftedUsers, "alarms within " + DETECTION_BOUND + " events for at least 80% of the "
                + shiftedUsers + " shifted users: " + inTime + "; delays " + delays + ", missed " + missed);
        assertTrue(median(delays) <= 25, "median delay " + median(delays));
        assertTrue(beforeShift <= 1, "alarms before the shift: " + beforeShift);
        assertTrue(unshifted <= 3, "alarms for users who kept their taste: " + unshifted);
        assertTrue(global.stream().anyMatch(g -> eventIndexAt(0, g.raisedAt()) >= SHIFT),
                "the cluster's drift alarm fired after the shift: " + global);
        // and the stream announced the alarms as they were raised
        String globalId = global.get(0).id();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!streamedAlarm(streamed, globalId) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        reader.shutdownNow();
        assertTrue(streamedAlarm(streamed, globalId), "the admin stream announced " + globalId + ": "
                + streamed.stream().filter(l -> l.startsWith("event:")).distinct().toList());
    }

    /** Whether an {@code alarm} event carrying this alarm id came down the stream. */
    private static boolean streamedAlarm(List<String> lines, String alarmId) {
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).equals("event: alarm") && lines.get(i + 1).contains("\"" + alarmId + "\"")) {
                return true;
            }
        }
        return false;
    }

    @Test
    @Order(2)
    void theProfileShowsTheTestTheShiftAndTheLastListServed() throws Exception {
        String user = alarms("?status=all").alarms().stream().filter(a -> "user".equals(a.scope())).findFirst()
                .orElseThrow().userId();
        HttpResponse<String> r = admin("GET", "/admin/users/" + user, null);
        assertEquals(200, r.statusCode(), r.body());
        UserProfileResponse profile = ProtocolJson.mapper().readValue(r.body(), UserProfileResponse.class);

        assertNotNull(profile.drift());
        assertTrue(profile.drift().alarms() >= 1, r.body());
        assertNotNull(profile.drift().lastShiftAt(), r.body());
        assertEquals(version, profile.drift().modelVersion());
        assertFalse(profile.drift().recentAlarmIds().isEmpty());
        assertNotNull(profile.drift().openAlarmIds(), "the monitor answered");
        assertNotNull(profile.lastServed(), r.body());
        assertEquals(10, profile.lastServed().items().size());
    }

    @Test
    @Order(3)
    void alarmsAreListedByStatusAndAcknowledgedOnce() throws Exception {
        DriftAlarmsResponse open = alarms("?status=open");
        DriftAlarm global = open.alarms().stream().filter(a -> "global".equals(a.scope())).findFirst().orElseThrow();

        HttpResponse<String> noReason = admin("POST", "/admin/drift/alarms/" + global.id() + "/ack", "{\"reason\":\" \"}");
        HttpResponse<String> acked = admin("POST", "/admin/drift/alarms/" + global.id() + "/ack",
                "{\"reason\":\"the planted shift\"}");
        HttpResponse<String> again = admin("POST", "/admin/drift/alarms/" + global.id() + "/ack", "{\"reason\":\"again\"}");
        HttpResponse<String> unknown = admin("POST", "/admin/drift/alarms/no-such-alarm/ack", "{\"reason\":\"why\"}");
        HttpResponse<String> badStatus = admin("GET", "/admin/drift/alarms?status=closed", null);

        assertEquals(400, noReason.statusCode(), noReason.body());
        assertTrue(noReason.body().contains("\"field\":\"reason\""), noReason.body());
        assertEquals(200, acked.statusCode(), acked.body());
        DriftAlarm done = ProtocolJson.mapper().readValue(acked.body(), DriftAlarm.class);
        assertEquals("acknowledged", done.status());
        assertEquals("the planted shift", done.acknowledgeReason());
        assertEquals(RealInfrastructure.ADMIN_TOKEN_NAME, done.acknowledgedBy(), "recorded under the token's name");
        assertEquals(409, again.statusCode(), again.body());
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals(400, badStatus.statusCode(), badStatus.body());
        assertTrue(badStatus.body().contains("\"field\":\"status\""), badStatus.body());
        assertTrue(alarms("").alarms().stream().noneMatch(a -> a.id().equals(global.id())), "no longer open");
        assertTrue(alarms("?status=acknowledged").alarms().stream().anyMatch(a -> a.id().equals(global.id())));
    }

    // ---- the planted log ----

    private static String user(int u) {
        return "user-" + u;
    }

    private static String eventId(int u, int e) {
        return "u" + u + "-e" + e;
    }

    /** Even users like taste a, odd users taste b. */
    private static String tasteOf(int u) {
        return u % 2 == 0 ? "a" : "b";
    }

    /** Half the users of either taste turn to the other one at {@link #SHIFT}. */
    private static boolean shifted(int u) {
        return u % 4 < 2;
    }

    private static String itemFor(int u, int e) {
        String taste = tasteOf(u);
        if (shifted(u) && e >= SHIFT) {
            taste = taste.equals("a") ? "b" : "a";
        }
        return taste + "-" + new Random(31L * u + e).nextInt(ITEMS_PER_TASTE);
    }

    /** A user's events are a minute apart, every user's e-th event in the same minute: far less than the half-life. */
    private static Instant at(int u, int e) {
        return TestTraffic.START.plusSeconds(60L * e + u);
    }

    private static int eventIndexAt(int u, Instant raisedAt) {
        return (int) ((raisedAt.getEpochSecond() - TestTraffic.START.getEpochSecond() - u) / 60);
    }

    /** Reads the user's recommendations, then posts the event synchronously; notes whether it was a hit. */
    private static void play(int u, int e) throws Exception {
        String user = user(u);
        HttpResponse<String> got = get("/v1/users/" + user + "/recommendations?k=10");
        assertEquals(200, got.statusCode(), got.body());
        RecommendationsResponse served = ProtocolJson.mapper().readValue(got.body(), RecommendationsResponse.class);
        String item = itemFor(u, e);
        boolean hit = !served.fallback() && served.items().stream().map(RecommendedItem::itemId).anyMatch(item::equals);
        hits.computeIfAbsent(user, k -> Collections.synchronizedList(new ArrayList<>())).add(hit);
        String taste = item.substring(0, 2);
        currentTasteShare.computeIfAbsent(user, k -> Collections.synchronizedList(new ArrayList<>())).add(
                served.items().stream().filter(i -> i.itemId().startsWith(taste)).count() / (double) served.items().size());
        HttpResponse<String> posted = post("/v1/events?sync=true",
                "{\"eventId\":\"%s\",\"userId\":\"%s\",\"itemId\":\"%s\",\"type\":\"click\",\"timestamp\":\"%s\"}"
                        .formatted(eventId(u, e), user, item, at(u, e)));
        assertEquals(200, posted.statusCode(), posted.body());
    }

    // ---- what is printed ----

    private static void report(List<Integer> delays, List<String> missed, int beforeShift, int unshifted,
            List<DriftAlarm> global, List<DriftAlarm> all) {
        List<Integer> sorted = delays.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "[drift-it] %s; shifted users alarmed %d, missed %d %s%n",
                node.system().settings().config().getConfig("murmuration.drift.user").root().render(
                        ConfigRenderOptions.concise()), delays.size(), missed.size(), missed);
        System.out.printf(Locale.ROOT, "[drift-it] detection delay (events after the shift, the alarm's included): "
                + "median %d, max %s, all %s%n", median(delays), sorted.isEmpty() ? "-" : sorted.get(sorted.size() - 1), sorted);
        System.out.printf(Locale.ROOT, "[drift-it] false alarms: %d before the shift (in %d surprises), %d for users who "
                        + "kept their taste (in %d surprises)%n", beforeShift, USERS * (SHIFT - TRAINED), unshifted,
                USERS / 2 * (EVENTS_PER_USER - SHIFT));
        for (DriftAlarm g : global) {
            System.out.printf(Locale.ROOT, "[drift-it] global alarm %s at event %d: %s%n", g.id(),
                    (g.raisedAt().getEpochSecond() - TestTraffic.START.getEpochSecond()) / 60, g.figures());
        }
        // Hit rates of the shifted users in the events after their alarm, against the users who kept their taste.
        Map<String, Integer> alarmAt = new TreeMap<>();
        for (DriftAlarm a : all) {
            if ("user".equals(a.scope())) {
                int u = Integer.parseInt(a.userId().substring("user-".length()));
                int index = eventIndexAt(u, a.raisedAt());
                if (shifted(u) && index >= SHIFT) alarmAt.merge(a.userId(), index, Math::min);
            }
        }
        int after = 0;
        int afterHits = 0;
        double afterShare = 0;
        int before = 0;
        int beforeHits = 0;
        double beforeShare = 0;
        for (var entry : alarmAt.entrySet()) {
            List<Boolean> userHits = hits.get(entry.getKey());
            List<Double> userShare = currentTasteShare.get(entry.getKey());
            for (int e = SHIFT; e < EVENTS_PER_USER; e++) {
                boolean hit = userHits.get(e - SERVED);
                if (e > entry.getValue()) {
                    after++;
                    afterHits += hit ? 1 : 0;
                    afterShare += userShare.get(e - SERVED);
                } else {
                    before++;
                    beforeHits += hit ? 1 : 0;
                    beforeShare += userShare.get(e - SERVED);
                }
            }
        }
        int kept = 0;
        int keptHits = 0;
        for (int u = 0; u < USERS; u++) {
            if (shifted(u)) continue;
            for (int e = SHIFT; e < EVENTS_PER_USER; e++) {
                kept++;
                keptHits += hits.get(user(u)).get(e - SERVED) ? 1 : 0;
            }
        }
        System.out.printf(Locale.ROOT, "[drift-it] hit rate of shifted users: %.3f from the shift to their alarm (%d events),"
                        + " %.3f after it (%d events); users who kept their taste: %.3f (%d events)%n",
                before == 0 ? 0.0 : beforeHits / (double) before, before, after == 0 ? 0.0 : afterHits / (double) after, after,
                kept == 0 ? 0.0 : keptHits / (double) kept, kept);
        System.out.printf(Locale.ROOT, "[drift-it] share of the new taste in the lists served to shifted users: %.3f from the"
                        + " shift to their alarm, %.3f after it%n",
                before == 0 ? 0.0 : beforeShare / before, after == 0 ? 0.0 : afterShare / after);
    }

    private static int median(List<Integer> values) {
        if (values.isEmpty()) return Integer.MAX_VALUE;
        List<Integer> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        return sorted.get(sorted.size() / 2);
    }

    // ---- helpers ----

    /** Every alarm, once the monitor has stopped receiving new ones for a couple of seconds. */
    private static List<DriftAlarm> awaitSettledAlarms() throws Exception {
        List<DriftAlarm> last = alarms("?status=all").alarms();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(2_000);
            List<DriftAlarm> now = alarms("?status=all").alarms();
            if (now.size() == last.size()) return now;
            last = now;
        }
        return last;
    }

    private static DriftAlarmsResponse alarms(String query) throws Exception {
        HttpResponse<String> r = admin("GET", "/admin/drift/alarms" + query, null);
        assertEquals(200, r.statusCode(), r.body());
        return ProtocolJson.mapper().readValue(r.body(), DriftAlarmsResponse.class);
    }

    private static void awaitVersion(String user) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String seen = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get("/v1/users/" + user + "/recommendations?k=10");
            seen = ProtocolJson.mapper().readTree(r.body()).path("modelVersion").asText();
            if (version.equals(seen)) return;
            Thread.sleep(250);
        }
        throw new AssertionError("recommendations never came from " + version + ", last " + seen);
    }

    private static long eventCount() {
        long total = 0;
        for (int u = 0; u < USERS; u++) {
            try {
                HttpResponse<String> r = admin("GET", "/admin/users/" + user(u), null);
                JsonNode body = ProtocolJson.mapper().readTree(r.body());
                total += r.statusCode() == 200 ? body.path("eventCount").asLong() : 0;
            } catch (Exception e) {
                // not ready yet: counted as nothing
            }
        }
        return total;
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return NodeHttp.admin(node, method, path, body);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return NodeHttp.get(node, path);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return NodeHttp.post(node, path, body);
    }
}
