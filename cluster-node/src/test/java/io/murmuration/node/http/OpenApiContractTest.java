package io.murmuration.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.kafka.ProducerSettings;
import akka.kafka.javadsl.SendProducer;
import akka.pattern.StatusReply;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.persistence.testkit.query.javadsl.PersistenceTestKitReadJournal;
import akka.stream.javadsl.Source;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.OneNodeCluster;
import io.murmuration.node.Settings;
import io.murmuration.node.audit.ChangeLog;
import io.murmuration.node.audit.ChangeRecorder;
import io.murmuration.node.audit.UserAudit;
import io.murmuration.node.drift.DriftAlarms;
import io.murmuration.node.drift.DriftMonitor;
import io.murmuration.node.http.OpenApiDocument.Operation;
import io.murmuration.node.http.OpenApiDocument.Server;
import io.murmuration.node.ingest.EventPublisher;
import io.murmuration.node.item.AnnParameters;
import io.murmuration.node.item.ItemShard;
import io.murmuration.node.item.PopularityBoard;
import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.model.ModelControl;
import io.murmuration.node.model.serving.ActiveModel;
import io.murmuration.node.model.training.Trainer;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.node.model.versions.ModelVersion;
import io.murmuration.node.recommend.Recommender;
import io.murmuration.node.user.UserEntity;
import io.murmuration.protocol.ApiVersion;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.InteractionType;
import io.murmuration.protocol.ProtocolJson;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code protocol/openapi.yaml} against the code: the schemas against the protocol records, and the operations against
 * the public and admin routes bound on free ports. The routes run on real actors (user entities and an item shard
 * under sharding in a one-node cluster, the model registry and the audit trail) over the in-memory journal; Kafka
 * is a mock producer, the popularity board answers a fixed list and the trainer answers a fixed report.
 *
 * <p>Whether a route serves a request: Akka HTTP's router answers a request that no route matches with 404, and one
 * whose path a route matches only for other methods with 405; {@link ErrorHandling} turns both into JSON without a
 * {@code field}. The 404 body is learnt at start-up by asking each server for a path nothing serves, so a handler's
 * own 404 (an unknown item, naming {@code itemId}) is not taken for it. No handler answers 405 itself.
 *
 * <p>Checked in both directions, with these limits:
 * <ul>
 *   <li>spec to records: every schema names a protocol record and has exactly its components, with matching types;
 *       every record an HTTP body carries (each {@code *Response} and {@code *Request} record, the ingested
 *       {@link InteractionEvent} and every record they contain) has a schema. Which fields may be absent is checked
 *       only for primitives (always present) and against the mapper leaving nulls out (no response field is
 *       {@code nullable}); which reference fields are never null is read from the code, not tested.</li>
 *   <li>spec to routes: every operation, sent with its examples (and again with only its required parameters), is
 *       served and answers 2xx with a body that validates against the declared schema; every admin operation answers
 *       401 with a challenge without a token, every operator operation 403 to a viewer, and every typed or patterned
 *       parameter 400 naming itself when malformed — each with a status the operation declares. Bodies are checked
 *       as far as this harness's state reaches (no model version's factors exist, so no embedding is shown).</li>
 *   <li>routes to spec: routes are functions, not a table, so they cannot be listed. Instead every method is sent to
 *       every path of the spec, every prefix of one, and a list of paths one may expect (the design's health,
 *       cluster, stats, stream, drift-alarm and metrics endpoints), on both servers; any the router matches must be
 *       in the spec. A route at a path nobody thought to probe goes unnoticed; add the path to {@link #PROBES}.</li>
 * </ul>
 */
class OpenApiContractTest {

    private static final String OPERATOR_TOKEN = "operator-token-for-contract-tests";
    private static final String VIEWER_TOKEN = "viewer-token-for-contract-tests";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final String PROTOCOL = "io.murmuration.protocol.";

    /**
     * Paths where a route might be without the spec saying so: those served today (so that dropping one from the spec
     * is noticed), what the design promises, and the usual names for health and metrics. Ids in them are placeholders.
     */
    private static final List<String> PROBES = List.of(
            "/v1/events", "/v1/users/alice/recommendations", "/v1/items/sku-42/similar", "/v1/popular", "/admin/users",
            "/admin/users/alice", "/admin/users/alice/events", "/admin/users/alice/replay", "/admin/models",
            "/admin/models/train", "/admin/models/v1/activate", "/admin/models/rollback", "/admin/audit",
            "/", "/health", "/ready", "/alive", "/metrics", "/stats", "/v1", "/v1/health", "/v1/ready", "/v1/metrics",
            "/v1/items", "/v1/items/sku-42", "/v1/users", "/v1/users/alice", "/v1/users/alice/events", "/v1/catalog",
            "/v1/events/e-1001", "/admin", "/admin/health", "/admin/metrics", "/admin/stats", "/admin/stream",
            "/admin/cluster", "/admin/cluster/members", "/admin/cluster/shards", "/admin/shards", "/admin/members",
            "/admin/drift", "/admin/drift/alarms", "/admin/drift/alarms/a-1", "/admin/drift/alarms/a-1/acknowledge",
            "/admin/drift/alarms/a-1/ack", "/admin/alarms", "/admin/alarms/a-1", "/admin/alarms/a-1/acknowledge",
            "/admin/users/alice/drift", "/admin/users/alice/alarms", "/admin/users/alice/recommendations",
            "/admin/users/alice/embedding", "/admin/items", "/admin/items/sku-42", "/admin/models/v1",
            "/admin/models/active", "/admin/models/v1/prepare", "/admin/audit/1", "/admin/tokens", "/admin/whoami");

    /** An HTTP answer; the body is read only when it is JSON (a stream or metrics text could be endless or large). */
    private record Answer(int status, String contentType, String body, HttpHeaders headers) {
        @Override
        public String toString() {
            return status + " " + (body == null ? "(" + contentType + ")" : body);
        }
    }

    private static OpenApiDocument spec;
    private static ActorTestKit testKit;
    private static ServerBinding publicApi;
    private static ServerBinding adminApi;
    private static final Map<Server, String> noRouteBody = new LinkedHashMap<>();
    private static final ForkJoinPool indexBuilds = new ForkJoinPool(1);
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    // ---- the servers ----

    @BeforeAll
    static void startServers() throws Exception {
        spec = OpenApiDocument.read();
        Config config = ConfigFactory.parseString("""
                        murmuration.admin.tokens = [
                          { name = "ops-alice", role = operator, sha256 = "%s" },
                          { name = "dashboard", role = viewer, sha256 = "%s" }
                        ]
                        akka.remote.artery.canonical.hostname = "127.0.0.1"
                        akka.remote.artery.canonical.port = 0
                        akka.cluster.jmx.multi-mbeans-in-same-jvm = on
                        """.formatted(AdminTokens.sha256Hex(OPERATOR_TOKEN), AdminTokens.sha256Hex(VIEWER_TOKEN)))
                .withFallback(EventSourcedBehaviorTestKit.config())
                .withFallback(ConfigFactory.load())
                .resolve();
        testKit = ActorTestKit.create("openapi-contract", config);
        Settings settings = Settings.from(config);
        OneNodeCluster.joinItself(testKit.system());

        // Users and one item shard under sharding, as in a node; the shard learns co-visitations from the users.
        ClusterSharding sharding = ClusterSharding.get(testKit.system());
        ActiveModel activeModel = new ActiveModel();
        ActorRef<DriftMonitor.Command> driftMonitor = testKit.spawn(DriftMonitor.create(settings.drift(),
                reason -> CompletableFuture.failedFuture(new IllegalStateException("no training here"))), "drift-monitor");
        ItemShard.init(testKit.system(),
                new ItemShard.Sources(version -> CompletableFuture.completedFuture(Optional.empty()), null, null),
                new ItemShard.Settings(1, AnnParameters.defaults(), indexBuilds, settings.itemShards().coVisits(), Duration.ofSeconds(1)),
                settings.supervision());
        UserEntity.init(testKit.system(), settings.userLimits(), settings.interactionTag(),
                new UserEntity.OnlineLearning(activeModel, settings.tasteHalfLife(), 5,
                        next -> sharding.entityRefFor(ItemShard.TYPE_KEY, "0").tell(next), settings.drift().user(),
                        driftMonitor::tell));

        InteractionEventCodec codec = new InteractionEventCodec();
        SendProducer<String, byte[]> producer = new SendProducer<>(
                ProducerSettings.create(testKit.system(), new StringSerializer(), new ByteArraySerializer())
                        .withProducer(new MockProducer<>(true, new StringSerializer(), new ByteArraySerializer())),
                testKit.system());
        ActorRef<PopularityBoard.Command> popularity = testKit.spawn(fixedPopularity(), "popularity");
        Recommender recommender = new Recommender(testKit.system(), settings.recommendations(),
                settings.recommendations().newBlendLeader(), popularity, activeModel, 1,
                settings.userAskTimeout());
        publicApi = bind(new PublicRoutes(testKit.system(), settings,
                codec, new EventPublisher(producer, settings.interactionsTopic(), codec), popularity, recommender).routes());

        ActorRef<ModelRegistry.Command> registry = testKit.spawn(ModelRegistry.create(), "model-registry");
        ModelControl models = new ModelControl(testKit.system(), registry, testKit.spawn(fixedTrainer(), "trainer"), 0, TIMEOUT);
        ChangeRecorder changes = new ChangeRecorder(testKit.spawn(ChangeLog.create(100, 10), "change-log"),
                testKit.system().scheduler(), TIMEOUT);
        List<String> users = spec.examplesOf("userId");
        PersistenceTestKitReadJournal journal = PersistenceQuery.get(testKit.system())
                .getReadJournalFor(PersistenceTestKitReadJournal.class, PersistenceTestKitReadJournal.Identifier());
        UserAudit userAudit = new UserAudit(testKit.system(), journal,
                () -> Source.from(users.stream().map(u -> "user|" + u).toList()), models::state,
                version -> CompletableFuture.completedFuture(Optional.empty()), activeModel, settings.userLimits(),
                settings.tasteHalfLife(), settings.drift().user(), settings.recommendations().excludeTypes());
        DriftAlarms drift = new DriftAlarms(testKit.system(), driftMonitor, TIMEOUT);
        adminApi = bind(new AdminRoutes(testKit.system(), settings, models, changes, userAudit, drift).routes());

        for (Server server : Server.values()) {
            Answer nothing = send(server, "GET", "/no-route-serves-this-path", null, null);
            assertEquals(404, nothing.status(), "what the router says for an unknown path: " + nothing);
            noRouteBody.put(server, nothing.body());
        }
        seedTheExamples(sharding, registry, models);
        seedTheDriftAlarms(driftMonitor, drift);
    }

    /** The spec's example alarms, open, so that acknowledging one succeeds. */
    private static void seedTheDriftAlarms(ActorRef<DriftMonitor.Command> monitor, DriftAlarms drift) throws Exception {
        for (String alarmId : spec.examplesOf("alarmId")) {
            monitor.tell(new DriftMonitor.RaiseUserAlarm(alarmId, "alice", Map.of("statistic", 4.2), "v-seed-2", T0,
                    T0.minusSeconds(600)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (drift.find(alarmId).toCompletableFuture().get(30, TimeUnit.SECONDS).isEmpty()) {
                if (System.nanoTime() > deadline) throw new AssertionError("the drift monitor never kept " + alarmId);
                Thread.sleep(20);
            }
        }
    }

    /**
     * The state the spec's examples need to succeed: its example users have a history that takes its example items
     * to another item (so they have similar items), and its example versions are registered, with two other versions
     * activated before them (so that both an activation and a rollback succeed, in either order).
     */
    private static void seedTheExamples(ClusterSharding sharding, ActorRef<ModelRegistry.Command> registry,
            ModelControl models) throws Exception {
        List<String> items = spec.examplesOf("itemId");
        for (String user : spec.examplesOf("userId")) {
            int n = 0;
            for (String item : items) {
                for (String itemId : List.of(item, "sku-next")) {
                    InteractionEvent event = new InteractionEvent("seed-" + user + "-" + n, user, itemId, InteractionType.VIEW,
                            null, T0.plusSeconds(60L * n), Map.of());
                    n++;
                    sharding.entityRefFor(UserEntity.TYPE_KEY, user)
                            .<UserEntity.RecordResult>ask(replyTo -> new UserEntity.RecordInteraction(event, replyTo), TIMEOUT)
                            .toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
            }
        }
        for (String item : items) {
            awaitNeighbours(sharding, item);
        }
        List<String> versions = new ArrayList<>(List.of("v-seed-1", "v-seed-2"));
        versions.addAll(spec.examplesOf("version"));
        for (String version : versions) {
            ModelVersion v = new ModelVersion(version, Map.of("factors", 8.0), T0, T0.plusSeconds(3600), 100,
                    Map.of("hr@10", 0.1), T0.plusSeconds(7200));
            StatusReply<ModelRegistry.State> registered = AskPattern.<ModelRegistry.Command, StatusReply<ModelRegistry.State>>ask(
                            registry, r -> new ModelRegistry.Register(v, false, r), TIMEOUT, testKit.system().scheduler())
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(registered.isSuccess(), String.valueOf(registered));
        }
        models.activate("v-seed-1", "seed", "seed", TIMEOUT).toCompletableFuture().get(30, TimeUnit.SECONDS);
        models.activate("v-seed-2", "seed", "seed", TIMEOUT).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static void awaitNeighbours(ClusterSharding sharding, String item) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            ItemShard.NeighbourLists c = sharding.entityRefFor(ItemShard.TYPE_KEY, "0")
                    .<ItemShard.NeighbourLists>ask(replyTo -> new ItemShard.Neighbours(List.of(item), 10, replyTo), TIMEOUT)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (!c.byItem().get(item).isEmpty()) return;
            if (System.nanoTime() > deadline) throw new AssertionError("the item shard never learnt what follows " + item);
            Thread.sleep(50);
        }
    }

    private static Behavior<PopularityBoard.Command> fixedPopularity() {
        List<ScoredItem> items = List.of(new ScoredItem("sku-7", 3.0), new ScoredItem("sku-42", 2.0), new ScoredItem("sku-1", 1.0));
        return Behaviors.receive(PopularityBoard.Command.class)
                .onMessage(PopularityBoard.GetPopular.class, msg -> {
                    msg.replyTo().tell(new PopularityBoard.Popular(items.subList(0, Math.min(msg.k(), items.size()))));
                    return Behaviors.same();
                })
                .build();
    }

    private static Behavior<Trainer.Command> fixedTrainer() {
        return Behaviors.receive(Trainer.Command.class)
                .onMessage(Trainer.TrainNow.class, msg -> {
                    msg.replyTo().tell(StatusReply.success(new Trainer.TrainingReport("v-trained", 1000, 10, 20, T0,
                            T0.plusSeconds(3000), T0.plusSeconds(3600), 1.5, Map.of("hr@10", 0.2), "v-seed-2", false,
                            "v-seed-2", null)));
                    return Behaviors.same();
                })
                .build();
    }

    private static ServerBinding bind(akka.http.javadsl.server.Route route) throws Exception {
        return Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(route).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopServers() {
        if (publicApi != null) publicApi.unbind();
        if (adminApi != null) adminApi.unbind();
        if (testKit != null) testKit.shutdownTestKit();
        indexBuilds.shutdownNow();
    }

    // ---- spec and records ----

    @Test
    void everySchemaHasExactlyTheComponentsOfTheProtocolRecordItIsNamedAfter() {
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = spec.schemas().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            Optional<Class<?>> record = protocolRecord(name);
            if (record.isEmpty()) {
                problems.add("schema " + name + " names no record of the protocol package: name it after the record it describes");
                continue;
            }
            JsonNode schema = spec.schemas().path(name);
            Set<String> properties = new TreeSet<>();
            schema.path("properties").fieldNames().forEachRemaining(properties::add);
            Set<String> components = new TreeSet<>();
            for (RecordComponent c : record.get().getRecordComponents()) components.add(c.getName());
            // A value a record derives and writes besides its components ("partial", say) is in its JSON too.
            for (Method m : record.get().getDeclaredMethods()) {
                JsonProperty derived = m.getAnnotation(JsonProperty.class);
                if (derived != null && m.getParameterCount() == 0 && !components.contains(m.getName())) {
                    String written = derived.value().isEmpty() ? m.getName() : derived.value();
                    components.add(written);
                    if (m.getReturnType().isPrimitive() && !required(schema).contains(written)) {
                        problems.add(name + "." + written + " is a " + m.getReturnType() + ", always written: it must be required");
                    }
                }
            }
            if (!properties.equals(components)) {
                problems.add("schema " + name + " has properties " + properties + ", the record has " + components);
            }
            Set<String> required = required(schema);
            if (!properties.containsAll(required)) problems.add("schema " + name + " requires unknown properties " + required);
            for (RecordComponent c : record.get().getRecordComponents()) {
                JsonNode property = schema.path("properties").path(c.getName());
                if (property.isMissingNode()) continue;
                spec.checkType(c.getGenericType(), property, name + "." + c.getName(), problems);
                if (c.getType().isPrimitive() && !required.contains(c.getName())) {
                    problems.add(name + "." + c.getName() + " is a " + c.getType() + ", always written: it must be required");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static Set<String> required(JsonNode schema) {
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        return required;
    }

    @Test
    void theSpecsVersionIsTheContractVersionNodesReport() {
        assertEquals(ApiVersion.CURRENT, spec.root().path("info").path("version").asText(),
                "info.version and ApiVersion.CURRENT name the same contract: change them together");
    }

    @Test
    void everyProtocolRecordThatAnHttpBodyCarriesHasASchema() throws Exception {
        Set<String> schemas = new TreeSet<>();
        spec.schemas().fieldNames().forEachRemaining(schemas::add);
        Set<Class<?>> bodies = bodyRecords();

        Set<String> missing = new TreeSet<>();
        for (Class<?> record : bodies) {
            if (!schemas.contains(record.getSimpleName())) missing.add(record.getSimpleName());
        }
        assertTrue(missing.isEmpty(), "records carried by HTTP bodies without a schema in openapi.yaml: " + missing);
        assertTrue(bodies.stream().anyMatch(c -> c.getSimpleName().equals("RecommendationsResponse")),
                "the scan of the protocol package found its records: " + bodies);
    }

    @Test
    void noResponseFieldIsNullableBecauseTheMapperLeavesNullsOut() throws Exception {
        assertEquals(JsonInclude.Include.NON_NULL,
                ProtocolJson.mapper().getSerializationConfig().getDefaultPropertyInclusion().getValueInclusion(),
                "openapi.yaml describes absent values as optional properties, never as null");
        List<String> problems = new ArrayList<>();
        for (Class<?> record : reachableFromResponses()) {
            JsonNode properties = spec.schemas().path(record.getSimpleName()).path("properties");
            properties.fields().forEachRemaining(p -> {
                if (p.getValue().path("nullable").asBoolean(false)) {
                    problems.add(record.getSimpleName() + "." + p.getKey() + " is marked nullable, but a null is never written");
                }
            });
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyOperationIsDescribedAndEveryBodyIsANamedSchemaWithAnExample() {
        List<String> problems = new ArrayList<>();
        for (Operation op : spec.operations()) {
            if (op.node().path("description").asText("").isBlank()) problems.add(op.name() + " has no description");
            if (op.node().path("operationId").asText("").isBlank()) problems.add(op.name() + " has no operationId");
            for (JsonNode p : spec.parameters(op)) {
                if (!p.has("example")) problems.add(op.name() + ": parameter " + p.path("name").asText() + " has no example");
            }
            JsonNode body = spec.requestBody(op);
            if (body != null) {
                JsonNode json = body.path("content").path("application/json");
                if (!json.has("example")) problems.add(op.name() + ": the request body has no example");
                OpenApiDocument.inlineObjects(json.path("schema"), op.name() + " request body", problems);
                List<String> exampleProblems = new ArrayList<>();
                spec.validate(json.path("example"), json.path("schema"), "example", exampleProblems);
                exampleProblems.forEach(p -> problems.add(op.name() + ": the request body's " + p));
            }
            op.node().path("responses").fields().forEachRemaining(r -> spec.resolve(r.getValue()).path("content").fields()
                    .forEachRemaining(media -> OpenApiDocument.inlineObjects(media.getValue().path("schema"),
                            op.name() + " response " + r.getKey(), problems)));
            boolean secured = op.node().path("security").size() > 0;
            String role = op.node().path("x-required-role").asText("");
            if (op.server() == Server.ADMIN && (!secured || !Set.of("viewer", "operator").contains(role))) {
                problems.add(op.name() + " is on the admin server: it needs security bearerAuth and x-required-role viewer or operator");
            }
            if (op.server() == Server.PUBLIC && (secured || !role.isEmpty())) {
                problems.add(op.name() + " is on the public server, which asks for no token");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    // ---- spec to routes ----

    @Test
    void everyOperationIsServedAndAnswersItsExampleWithTheDeclaredSchema() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Operation op : spec.operations()) {
            boolean hasOptional = spec.parameters(op).stream().anyMatch(p -> !p.path("required").asBoolean(false));
            for (boolean optionalToo : hasOptional ? List.of(true, false) : List.of(true)) {
                String label = op.name() + (optionalToo ? " with its examples" : " with only its required parameters");
                Answer answer = send(op, target(op, Map.of(), optionalToo), tokenFor(op));
                if (routerMiss(op.server(), answer)) {
                    problems.add(label + ": no route serves it, the router answered " + answer);
                    continue;
                }
                if (answer.status() / 100 != 2) {
                    problems.add(label + ": its example should succeed (or startServers() should set up what it needs), was " + answer);
                }
                checkDeclared(op, answer, label, problems);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyAdminOperationRefusesAMissingOrUnknownTokenWith401AndABearerChallenge() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Operation op : spec.operations()) {
            if (op.node().path("security").size() == 0) continue;
            for (String token : new String[] {null, "not-" + OPERATOR_TOKEN}) {
                String label = op.name() + (token == null ? " without a token" : " with an unknown token");
                Answer answer = send(op, target(op, Map.of(), true), token);
                String challenge = answer.headers().firstValue("WWW-Authenticate").orElse("");
                if (answer.status() != 401 || !challenge.startsWith("Bearer")) {
                    problems.add(label + ": expected 401 with a Bearer challenge, was " + answer + " " + challenge);
                }
                checkDeclared(op, answer, label, problems);
                checkErrorField(answer, "Authorization", label, problems);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyOperatorOperationRefusesAViewersTokenWith403() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Operation op : spec.operations()) {
            if (!op.node().path("x-required-role").asText("").equals("operator")) continue;
            String label = op.name() + " with a viewer's token";
            Answer answer = send(op, target(op, Map.of(), true), VIEWER_TOKEN);
            if (answer.status() != 403) problems.add(label + ": expected 403, was " + answer);
            checkDeclared(op, answer, label, problems);
            checkErrorField(answer, "Authorization", label, problems);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyTypedOrPatternedParameterRefusesAMalformedValueWith400NamingIt() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Operation op : spec.operations()) {
            for (JsonNode p : spec.parameters(op)) {
                Optional<String> malformed = malformedValue(p);
                if (malformed.isEmpty()) continue;
                checked++;
                String name = p.path("name").asText();
                String label = op.name() + " with " + name + "=" + malformed.get();
                Answer answer = send(op, target(op, Map.of(name, malformed.get()), true), tokenFor(op));
                if (answer.status() != 400) problems.add(label + ": expected 400, was " + answer);
                checkDeclared(op, answer, label, problems);
                checkErrorField(answer, name, label, problems);
            }
        }
        assertTrue(checked > 0, "the spec has typed parameters");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    // ---- routes to spec ----

    @Test
    void noRouteAnswersAPathOrMethodTheSpecLeavesOut() throws Exception {
        Set<String> paths = new LinkedHashSet<>(PROBES);
        for (Operation op : spec.operations()) {
            String concrete = target(op, Map.of(), false).replaceAll("\\?.*", "");
            paths.add(concrete);
            for (int slash = concrete.indexOf('/', 1); slash > 0; slash = concrete.indexOf('/', slash + 1)) {
                paths.add(concrete.substring(0, slash));
            }
        }
        List<String> problems = new ArrayList<>();
        for (Server server : Server.values()) {
            for (String path : paths) {
                for (String method : OpenApiDocument.METHODS) {
                    if (spec.operation(server, method, path).isPresent()) continue; // sent above, with its own state
                    Answer answer = send(server, method, path, OPERATOR_TOKEN, method.equals("GET") ? null : "{}");
                    String probe = method + " " + path + " on the " + server.name().toLowerCase() + " server";
                    if (!routerMiss(server, answer)) {
                        problems.add(probe + " is served (" + answer + ") but openapi.yaml has no such operation");
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    // ---- checking answers ----

    /**
     * The router's own refusals: a path no route matches (404 with the body learnt at start-up), or a method no route
     * takes there (405). A 405 does not prove the path exists: under /admin, the catch-all that answers a viewer's
     * unknown change with 403 makes every PUT, PATCH and DELETE a 405. A route is found by sending its own method.
     */
    private static boolean routerMiss(Server server, Answer answer) {
        return answer.status() == 405 || (answer.status() == 404 && noRouteBody.get(server).equals(answer.body()));
    }

    /** The answer's status is one the operation declares, with the declared headers and a body of the declared schema. */
    private static void checkDeclared(Operation op, Answer answer, String label, List<String> problems) {
        JsonNode responses = op.node().path("responses");
        JsonNode declared = responses.has(String.valueOf(answer.status()))
                ? spec.resolve(responses.path(String.valueOf(answer.status())))
                : spec.resolve(responses.path("default"));
        if (declared.isMissingNode()) {
            problems.add(label + ": answered " + answer + ", a status the operation does not declare");
            return;
        }
        declared.path("headers").fieldNames().forEachRemaining(header -> {
            if (answer.headers().firstValue(header).isEmpty()) problems.add(label + ": header " + header + " is missing");
        });
        JsonNode content = declared.path("content");
        if (content.isMissingNode() || content.isEmpty()) return;
        String mediaType = answer.contentType().split(";")[0].trim();
        if (!content.has(mediaType)) {
            problems.add(label + ": answered " + mediaType + ", declared " + fieldNames(content));
            return;
        }
        if (mediaType.equals("application/json")) {
            try {
                validate(ProtocolJson.mapper().readTree(answer.body()), content.path(mediaType).path("schema"), "body", problems,
                        label);
            } catch (IOException e) {
                problems.add(label + ": the body is not JSON: " + answer.body());
            }
        }
    }

    private static void checkErrorField(Answer answer, String field, String label, List<String> problems) {
        try {
            JsonNode body = ProtocolJson.mapper().readTree(answer.body() == null ? "{}" : answer.body());
            if (!field.equals(body.path("field").asText(null))) {
                problems.add(label + ": the error should name field " + field + ", was " + answer);
            }
        } catch (IOException e) {
            problems.add(label + ": the body is not JSON: " + answer.body());
        }
    }

    private static void validate(JsonNode value, JsonNode schema, String where, List<String> problems, String label) {
        List<String> found = new ArrayList<>();
        spec.validate(value, schema, where, found);
        found.forEach(p -> problems.add(label + ": " + p));
    }

    // ---- the protocol records ----

    private static Optional<Class<?>> protocolRecord(String simpleName) {
        try {
            Class<?> c = Class.forName(PROTOCOL + simpleName);
            return c.isRecord() ? Optional.of(c) : Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Every record an HTTP body carries: the {@code *Response} and {@code *Request} records of the protocol package,
     * the ingested {@link InteractionEvent}, and every protocol record their components hold.
     */
    private static Set<Class<?>> bodyRecords() throws Exception {
        List<Class<?>> roots = new ArrayList<>();
        for (Class<?> c : topLevelProtocolClasses()) {
            if (c.isRecord() && (c.getSimpleName().endsWith("Response") || c.getSimpleName().endsWith("Request"))) roots.add(c);
        }
        roots.add(InteractionEvent.class);
        return closure(roots);
    }

    private static Set<Class<?>> reachableFromResponses() throws Exception {
        List<Class<?>> roots = new ArrayList<>();
        for (Class<?> c : topLevelProtocolClasses()) {
            if (c.isRecord() && c.getSimpleName().endsWith("Response")) roots.add(c);
        }
        return closure(roots);
    }

    private static Set<Class<?>> closure(List<Class<?>> roots) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> toVisit = new ArrayDeque<>(roots);
        while (!toVisit.isEmpty()) {
            Class<?> c = toVisit.pop();
            if (!seen.add(c)) continue;
            for (RecordComponent component : c.getRecordComponents()) {
                for (Class<?> used : classesIn(component.getGenericType())) {
                    if (used.isRecord() && used.getName().startsWith(PROTOCOL)) toVisit.push(used);
                }
            }
        }
        return seen;
    }

    private static List<Class<?>> classesIn(Type type) {
        List<Class<?>> classes = new ArrayList<>();
        if (type instanceof Class<?> c) {
            classes.add(c);
        } else if (type instanceof ParameterizedType p) {
            classes.add((Class<?>) p.getRawType());
            for (Type argument : p.getActualTypeArguments()) classes.addAll(classesIn(argument));
        }
        return classes;
    }

    /** The protocol package's top-level classes, from its directory or its jar, whichever the class path holds. */
    private static List<Class<?>> topLevelProtocolClasses() throws Exception {
        Path root = Path.of(ProtocolJson.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String folder = PROTOCOL.replace('.', '/');
        List<String> entries = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.list(root.resolve(folder))) {
                files.forEach(f -> entries.add(folder + f.getFileName()));
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                jar.stream().forEach(e -> entries.add(e.getName()));
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String entry : entries) {
            // A jar lists every entry, META-INF/ and other packages too.
            if (!entry.startsWith(folder)) continue;
            String name = entry.substring(folder.length());
            if (name.endsWith(".class") && !name.contains("$") && !name.contains("/")) {
                classes.add(Class.forName(PROTOCOL + name.substring(0, name.length() - ".class".length())));
            }
        }
        return classes;
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    // ---- building requests ----

    /** The operation's path and query from its examples, with {@code overrides} by parameter name. */
    private static String target(Operation op, Map<String, String> overrides, boolean optionalToo) {
        String path = op.path();
        List<String> query = new ArrayList<>();
        for (JsonNode p : spec.parameters(op)) {
            String name = p.path("name").asText();
            String value = overrides.getOrDefault(name, p.path("example").asText());
            switch (p.path("in").asText()) {
                case "path" -> path = path.replace("{" + name + "}", encode(value));
                case "query" -> {
                    if (optionalToo || p.path("required").asBoolean(false) || overrides.containsKey(name)) {
                        query.add(encode(name) + "=" + encode(value));
                    }
                }
                default -> throw new AssertionError(op.name() + ": the test sends no " + p.path("in").asText() + " parameters");
            }
        }
        return query.isEmpty() ? path : path + "?" + String.join("&", query);
    }

    /** A value the parameter's schema refuses, when the schema says enough to make one. */
    private static Optional<String> malformedValue(JsonNode parameter) {
        JsonNode schema = spec.resolve(parameter.path("schema"));
        String type = schema.path("type").asText("");
        if (type.equals("integer") || type.equals("number") || type.equals("boolean") || OpenApiDocument.isDateTime(schema)) {
            return Optional.of("x1y");
        }
        if (schema.has("pattern")) {
            String malformed = "bad~id";
            assertTrue(!Pattern.compile(schema.path("pattern").asText()).matcher(malformed).find(),
                    "the malformed value fits " + schema.path("pattern").asText());
            return Optional.of(malformed);
        }
        return Optional.empty();
    }

    private static String tokenFor(Operation op) {
        return switch (op.node().path("x-required-role").asText("")) {
            case "operator" -> OPERATOR_TOKEN;
            case "viewer" -> VIEWER_TOKEN;
            default -> null;
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Answer send(Operation op, String target, String token) throws Exception {
        JsonNode body = spec.requestBody(op);
        String json = body == null ? null
                : ProtocolJson.mapper().writeValueAsString(body.path("content").path("application/json").path("example"));
        return send(op.server(), op.method().toUpperCase(), target, token, json);
    }

    private static Answer send(Server server, String method, String target, String token, String json) throws Exception {
        int port = (server == Server.PUBLIC ? publicApi : adminApi).localAddress().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) request.header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bearer " + token);
        HttpResponse<InputStream> response =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream()).get(60, TimeUnit.SECONDS);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream in = response.body()) {
            String body = contentType.startsWith("application/json") ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : null;
            return new Answer(response.statusCode(), contentType, body, response.headers());
        }
    }
}
