package io.murmuration.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.typed.Cluster;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.pattern.StatusReply;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.persistence.testkit.query.javadsl.PersistenceTestKitReadJournal;
import akka.stream.javadsl.Source;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.Settings;
import io.murmuration.node.audit.ChangeLog;
import io.murmuration.node.audit.ChangeRecorder;
import io.murmuration.node.audit.UserAudit;
import io.murmuration.node.drift.DriftAlarms;
import io.murmuration.node.drift.DriftMonitor;
import io.murmuration.node.model.ModelControl;
import io.murmuration.node.model.serving.ActiveModel;
import io.murmuration.node.model.training.Trainer;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.node.model.versions.ModelVersion;
import io.murmuration.protocol.ApiVersion;
import io.murmuration.protocol.AuditEntry;
import io.murmuration.protocol.AuditResponse;
import io.murmuration.protocol.DriftAlarm;
import io.murmuration.protocol.DriftAlarmsResponse;
import io.murmuration.protocol.ErrorResponse;
import io.murmuration.protocol.ModelsResponse;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.TrainingResponse;
import io.murmuration.protocol.WhoAmIResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API as a client sees it, on a real server: who may do what with which token, and every change in the
 * audit trail under the token's name. The model registry, the change log and the drift monitor are the real ones on
 * an in-memory journal; the trainer is a probe, and there are no item shards.
 */
class AdminRoutesTest {

    private static final String OPERATOR_TOKEN = "operator-token-for-route-tests";
    private static final String VIEWER_TOKEN = "viewer-token-for-route-tests";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static ActorTestKit testKit;
    private static ActorRef<ModelRegistry.Command> registry;
    private static TestProbe<Trainer.Command> trainer;
    private static ActorRef<DriftMonitor.Command> driftMonitor;
    private static ServerBinding binding;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startServer() throws Exception {
        Config config = ConfigFactory.parseString("""
                        murmuration.admin.tokens = [
                          { name = "ops-alice", role = operator, sha256 = "%s" },
                          { name = "dashboard", role = viewer, sha256 = "%s" }
                        ]
                        akka.remote.artery.canonical.hostname = "127.0.0.1"
                        akka.remote.artery.canonical.port = 0
                        """.formatted(AdminTokens.sha256Hex(OPERATOR_TOKEN), AdminTokens.sha256Hex(VIEWER_TOKEN)))
                .withFallback(EventSourcedBehaviorTestKit.config())
                .withFallback(ConfigFactory.load())
                .resolve();
        testKit = ActorTestKit.create("admin-routes", config);
        Settings settings = Settings.from(config);
        registry = testKit.spawn(ModelRegistry.create(), "model-registry");
        trainer = testKit.createTestProbe(Trainer.Command.class);
        ModelControl models = new ModelControl(testKit.system(), registry, trainer.ref(), 0, TIMEOUT);
        ActorRef<ChangeLog.Command> changeLog = testKit.spawn(ChangeLog.create(100, 10), "change-log");
        ChangeRecorder changes = new ChangeRecorder(changeLog, testKit.system().scheduler(), TIMEOUT);
        driftMonitor = testKit.spawn(DriftMonitor.create(settings.drift(),
                reason -> CompletableFuture.failedFuture(new IllegalStateException("no training here"))), "drift-monitor");
        DriftAlarms drift = new DriftAlarms(testKit.system(), driftMonitor, TIMEOUT);
        binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0)
                .bind(new AdminRoutes(testKit.system(), settings, models, changes, userAudit(settings), drift).routes())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The journal reads over the in-memory journal, knowing two users and no model version. */
    private static UserAudit userAudit(Settings settings) {
        PersistenceTestKitReadJournal journal = PersistenceQuery.get(testKit.system())
                .getReadJournalFor(PersistenceTestKitReadJournal.class, PersistenceTestKitReadJournal.Identifier());
        return new UserAudit(testKit.system(), journal, () -> Source.from(List.of("user|zoe", "user|adam", "item-shard|1")),
                () -> CompletableFuture.completedFuture(new ModelRegistry.State(Map.of(), List.of(), List.of())),
                version -> CompletableFuture.completedFuture(Optional.empty()), new ActiveModel(), settings.userLimits(),
                settings.tasteHalfLife(), settings.drift().user(), settings.recommendations().excludeTypes());
    }

    @AfterAll
    static void stopServer() {
        if (binding != null) binding.unbind();
        if (testKit != null) testKit.shutdownTestKit();
    }

    // ---- authentication and roles ----

    @Test
    void refusesARequestWithoutATokenWith401AndABearerChallenge() throws Exception {
        HttpResponse<String> r = send("GET", "/admin/models", null, null);

        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), r.headers().toString());
        ErrorResponse body = read(r, ErrorResponse.class);
        assertEquals("a bearer token is required", body.error());
        assertEquals("Authorization", body.field());
    }

    @Test
    void refusesAnUnknownTokenWith401SayingItIsInvalid() throws Exception {
        HttpResponse<String> r = send("GET", "/admin/audit", "not-" + OPERATOR_TOKEN, null);

        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"), r.headers().toString());
        assertEquals("the bearer token is not valid", read(r, ErrorResponse.class).error());
    }

    @Test
    void letsAViewerRead() throws Exception {
        assertEquals(200, send("GET", "/admin/models", VIEWER_TOKEN, null).statusCode());
        assertEquals(200, send("GET", "/admin/audit", VIEWER_TOKEN, null).statusCode());
    }

    @Test
    void refusesAViewersChangeWith403NamingTheRoleNeededAndRecordsTheAttempt() throws Exception {
        HttpResponse<String> r = send("POST", "/admin/models/rollback", VIEWER_TOKEN, "{\"reason\": \"curious\"}");

        assertEquals(403, r.statusCode());
        ErrorResponse body = read(r, ErrorResponse.class);
        assertTrue(body.error().contains("changes need the operator role"), body.error());
        assertTrue(body.error().contains("'dashboard' has the viewer role"), body.error());
        AuditEntry recorded = newestChange();
        assertEquals("dashboard", recorded.who());
        assertEquals("rollback", recorded.action());
        assertEquals("refused", recorded.outcome());
        assertTrue(recorded.error().contains("operator role"), recorded.error());
    }

    @Test
    void refusesAViewerAnyOtherPostWith403Too() throws Exception {
        assertEquals(403, send("POST", "/admin/models", VIEWER_TOKEN, "{}").statusCode());
        assertEquals(403, send("POST", "/admin/no-such-thing", VIEWER_TOKEN, "{}").statusCode());
        assertEquals(404, send("POST", "/admin/no-such-thing", OPERATOR_TOKEN, "{}").statusCode());
    }

    // ---- who the token is ----

    @Test
    void tellsEachTokenItsNameAndRoleAndWhichNodeOfWhichVersionsAnswered() throws Exception {
        HttpResponse<String> asOperator = send("GET", "/admin/whoami", OPERATOR_TOKEN, null);
        HttpResponse<String> asViewer = send("GET", "/admin/whoami", VIEWER_TOKEN, null);

        assertEquals(200, asOperator.statusCode(), asOperator.body());
        assertEquals(200, asViewer.statusCode(), asViewer.body());
        WhoAmIResponse operator = read(asOperator, WhoAmIResponse.class);
        WhoAmIResponse viewer = read(asViewer, WhoAmIResponse.class);
        assertEquals("ops-alice", operator.name());
        assertEquals("operator", operator.role());
        assertEquals("dashboard", viewer.name());
        assertEquals("viewer", viewer.role());
        assertEquals(Cluster.get(testKit.system()).selfMember().address().toString(), operator.node());
        assertEquals(testKit.system().settings().config().getString("akka.cluster.app-version"), operator.appVersion());
        assertEquals(ApiVersion.CURRENT, operator.apiVersion());
        assertFalse(asOperator.body().contains(OPERATOR_TOKEN) || asViewer.body().contains(VIEWER_TOKEN), "no token echoed");
    }

    @Test
    void tellsNothingToARequestWithoutAValidToken() throws Exception {
        HttpResponse<String> without = send("GET", "/admin/whoami", null, null);
        HttpResponse<String> unknown = send("GET", "/admin/whoami", "not-" + OPERATOR_TOKEN, null);

        assertEquals(401, without.statusCode());
        assertEquals(401, unknown.statusCode());
        assertEquals("the bearer token is not valid", read(unknown, ErrorResponse.class).error());
        assertFalse(unknown.body().contains(OPERATOR_TOKEN), unknown.body());
    }

    @Test
    void recordsNoChangeWhenATokenAsksWhoItIs() throws Exception {
        long newest = audit("?limit=1").changes().stream().mapToLong(AuditEntry::id).findFirst().orElse(0);

        send("GET", "/admin/whoami", VIEWER_TOKEN, null);

        assertEquals(newest, audit("?limit=1").changes().stream().mapToLong(AuditEntry::id).findFirst().orElse(0));
    }

    // ---- the audit trail ----

    @Test
    void recordsAnOperatorsActivationUnderTheTokensName() throws Exception {
        register("v-activate");

        HttpResponse<String> r = send("POST", "/admin/models/v-activate/activate", OPERATOR_TOKEN, "{\"reason\": \"checked by hand\"}");

        assertEquals(200, r.statusCode(), r.body());
        ModelsResponse models = read(r, ModelsResponse.class);
        assertEquals("v-activate", models.active());
        assertEquals("ops-alice", models.changes().get(models.changes().size() - 1).who(), "the registry names the token too");
        AuditEntry recorded = newestChange();
        assertEquals("ops-alice", recorded.who());
        assertEquals("activate", recorded.action());
        assertEquals("v-activate", recorded.target());
        assertEquals("checked by hand", recorded.reason());
        assertEquals("accepted", recorded.outcome());
        assertEquals("active: v-activate", recorded.result());
        assertNull(recorded.error());
        assertTrue(!recorded.concludedAt().isBefore(recorded.requestedAt()));
    }

    @Test
    void recordsARefusedChangeWithTheErrorTheCallerGot() throws Exception {
        HttpResponse<String> r = send("POST", "/admin/models/v-missing/activate", OPERATOR_TOKEN, "{\"reason\": \"try\"}");

        assertEquals(409, r.statusCode(), r.body());
        assertEquals("no model version v-missing", read(r, ErrorResponse.class).error());
        AuditEntry recorded = newestChange();
        assertEquals("ops-alice", recorded.who());
        assertEquals("v-missing", recorded.target());
        assertEquals("refused", recorded.outcome());
        assertEquals("no model version v-missing", recorded.error());
    }

    @Test
    void recordsAChangeWithoutAReasonAsRefusedWith400() throws Exception {
        HttpResponse<String> r = send("POST", "/admin/models/rollback", OPERATOR_TOKEN, "{}");

        assertEquals(400, r.statusCode());
        assertEquals("reason", read(r, ErrorResponse.class).field());
        AuditEntry recorded = newestChange();
        assertEquals("rollback", recorded.action());
        assertEquals("refused", recorded.outcome());
        assertTrue(recorded.error().startsWith("reason: is required"), recorded.error());
    }

    @Test
    void asksTheTrainerInTheTokensNameAndRecordsWhatItTrained() throws Exception {
        CompletableFuture<HttpResponse<String>> pending =
                sendAsync("POST", "/admin/models/train", OPERATOR_TOKEN, "{\"reason\": \"new catalog\"}");

        Trainer.TrainNow asked = trainer.expectMessageClass(Trainer.TrainNow.class, TIMEOUT);
        assertEquals("ops-alice", asked.requestedBy());
        assertEquals("new catalog", asked.reason());
        asked.replyTo().tell(StatusReply.success(new Trainer.TrainingReport("v-trained", 1000, 10, 20, T0, T0, T0, 1.5,
                Map.of("hr@10", 0.2), null, false, null, null)));

        HttpResponse<String> r = pending.get(20, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("v-trained", read(r, TrainingResponse.class).versionId());
        AuditEntry recorded = newestChange();
        assertEquals("train", recorded.action());
        assertEquals("ops-alice", recorded.who());
        assertEquals("accepted", recorded.outcome());
        assertEquals("trained v-trained, not promoted", recorded.result());
    }

    @Test
    void pagesTheAuditTrailNewestFirst() throws Exception {
        for (int i = 0; i < 3; i++) send("POST", "/admin/models/rollback", VIEWER_TOKEN, "{\"reason\": \"page " + i + "\"}");

        AuditResponse first = audit("?limit=2");
        AuditResponse second = audit("?limit=2&before=" + first.nextBefore());

        assertEquals(2, first.changes().size());
        assertTrue(first.changes().get(0).id() > first.changes().get(1).id(), "newest first");
        assertEquals(first.changes().get(1).id(), first.nextBefore());
        assertTrue(second.changes().get(0).id() < first.nextBefore(), "the next page is older");
    }

    @Test
    void refusesAuditParametersThatAreNotPositiveNumbers() throws Exception {
        HttpResponse<String> badLimit = send("GET", "/admin/audit?limit=0", VIEWER_TOKEN, null);
        HttpResponse<String> tooMany = send("GET", "/admin/audit?limit=501", VIEWER_TOKEN, null);
        HttpResponse<String> badBefore = send("GET", "/admin/audit?before=yesterday", VIEWER_TOKEN, null);

        assertEquals(400, badLimit.statusCode());
        assertEquals("limit", read(badLimit, ErrorResponse.class).field());
        assertEquals(400, tooMany.statusCode());
        assertEquals(400, badBefore.statusCode());
        assertEquals("before", read(badBefore, ErrorResponse.class).field());
    }

    // ---- drift alarms ----

    @Test
    void listsDriftAlarmsByStatusNewestFirstAndRefusesAnUnknownStatus() throws Exception {
        raiseUserAlarm("user-list-1", "lea");
        raiseUserAlarm("user-list-2", "lea");

        DriftAlarmsResponse open = driftAlarms("");
        HttpResponse<String> bad = send("GET", "/admin/drift/alarms?status=closed", VIEWER_TOKEN, null);

        assertEquals("open", open.status());
        List<String> ids = open.alarms().stream().map(DriftAlarm::id).filter(id -> id.startsWith("user-list-")).toList();
        assertEquals(List.of("user-list-2", "user-list-1"), ids);
        DriftAlarm alarm = open.alarms().stream().filter(a -> a.id().equals("user-list-1")).findFirst().orElseThrow();
        assertEquals("user", alarm.scope());
        assertEquals("lea", alarm.userId());
        assertEquals(5.5, alarm.figures().get("statistic"));
        assertEquals(400, bad.statusCode());
        assertEquals("status", read(bad, ErrorResponse.class).field());
    }

    @Test
    void anOperatorAcknowledgesADriftAlarmOnceUnderTheTokensName() throws Exception {
        raiseUserAlarm("user-ack-1", "max");

        HttpResponse<String> noReason = send("POST", "/admin/drift/alarms/user-ack-1/ack", OPERATOR_TOKEN, "{\"reason\": \" \"}");
        HttpResponse<String> done = send("POST", "/admin/drift/alarms/user-ack-1/ack", OPERATOR_TOKEN, "{\"reason\": \"expected\"}");
        AuditEntry recorded = newestChange();
        HttpResponse<String> again = send("POST", "/admin/drift/alarms/user-ack-1/ack", OPERATOR_TOKEN, "{\"reason\": \"twice\"}");

        assertEquals(400, noReason.statusCode());
        assertEquals("reason", read(noReason, ErrorResponse.class).field());
        assertEquals(200, done.statusCode(), done.body());
        DriftAlarm acknowledged = read(done, DriftAlarm.class);
        assertEquals("acknowledged", acknowledged.status());
        assertEquals("ops-alice", acknowledged.acknowledgedBy());
        assertEquals("expected", acknowledged.acknowledgeReason());
        assertEquals("acknowledge drift alarm", recorded.action());
        assertEquals("user-ack-1", recorded.target());
        assertEquals("accepted", recorded.outcome());
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(read(again, ErrorResponse.class).error().contains("already acknowledged by ops-alice"), again.body());
        assertEquals("refused", newestChange().outcome());
        assertTrue(driftAlarms("?status=acknowledged").alarms().stream().anyMatch(a -> a.id().equals("user-ack-1")));
        assertTrue(driftAlarms("?status=open").alarms().stream().noneMatch(a -> a.id().equals("user-ack-1")));
    }

    @Test
    void anUnknownDriftAlarmIs404AndAViewerMayNotAcknowledge() throws Exception {
        raiseUserAlarm("user-viewer-1", "noa");

        HttpResponse<String> unknown = send("POST", "/admin/drift/alarms/no-such-alarm/ack", OPERATOR_TOKEN, "{\"reason\": \"x\"}");
        AuditEntry recorded = newestChange();
        HttpResponse<String> viewer = send("POST", "/admin/drift/alarms/user-viewer-1/ack", VIEWER_TOKEN, "{\"reason\": \"x\"}");

        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals("alarmId", read(unknown, ErrorResponse.class).field());
        assertEquals("refused", recorded.outcome());
        assertEquals("no drift alarm no-such-alarm", recorded.error());
        assertEquals(403, viewer.statusCode());
        assertTrue(driftAlarms("").alarms().stream().anyMatch(a -> a.id().equals("user-viewer-1")), "still open");
    }

    // ---- helpers ----

    /** Tells the monitor a user alarm and waits until it lists it. */
    private static void raiseUserAlarm(String id, String userId) throws Exception {
        driftMonitor.tell(new DriftMonitor.RaiseUserAlarm(id, userId, Map.of("statistic", 5.5), "v1", T0, T0.minusSeconds(60)));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (driftAlarms("?status=all").alarms().stream().noneMatch(a -> a.id().equals(id))) {
            assertTrue(System.nanoTime() < deadline, "the monitor never listed " + id);
            Thread.sleep(20);
        }
    }

    private static DriftAlarmsResponse driftAlarms(String query) throws Exception {
        HttpResponse<String> r = send("GET", "/admin/drift/alarms" + query, VIEWER_TOKEN, null);
        assertEquals(200, r.statusCode(), r.body());
        return read(r, DriftAlarmsResponse.class);
    }

    private static void register(String versionId) throws Exception {
        ModelVersion version = new ModelVersion(versionId, Map.of("factors", 8.0), T0, T0.plusSeconds(60), 100,
                Map.of("hr@10", 0.1), T0.plusSeconds(120));
        StatusReply<ModelRegistry.State> reply = AskPattern.<ModelRegistry.Command, StatusReply<ModelRegistry.State>>ask(
                        registry, r -> new ModelRegistry.Register(version, false, r), TIMEOUT, testKit.system().scheduler())
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertTrue(reply.isSuccess());
    }

    private static AuditEntry newestChange() throws Exception {
        return audit("?limit=1").changes().get(0);
    }

    private static AuditResponse audit(String query) throws Exception {
        HttpResponse<String> r = send("GET", "/admin/audit" + query, VIEWER_TOKEN, null);
        assertEquals(200, r.statusCode(), r.body());
        return read(r, AuditResponse.class);
    }

    private static <T> T read(HttpResponse<String> r, Class<T> type) {
        return ProtocolJson.read(r.body().getBytes(StandardCharsets.UTF_8), type);
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return sendAsync(method, path, token, body).get(30, TimeUnit.SECONDS);
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- the journal reads ----

    @Test
    void aViewerPagesTheUsersOfTheJournalInIdOrder() throws Exception {
        HttpResponse<String> r = send("GET", "/admin/users?limit=1", VIEWER_TOKEN, null);

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"users\":[\"adam\"],\"nextAfter\":\"adam\"}", r.body());
    }

    @Test
    void aReplayWithoutAnInstantIsRefusedNamingTheField() throws Exception {
        HttpResponse<String> missing = send("GET", "/admin/users/zoe/replay", VIEWER_TOKEN, null);
        HttpResponse<String> malformed = send("GET", "/admin/users/zoe/replay?asOf=yesterday", VIEWER_TOKEN, null);

        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("\"field\":\"asOf\""), missing.body());
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().contains("\"field\":\"asOf\""), malformed.body());
    }
}
