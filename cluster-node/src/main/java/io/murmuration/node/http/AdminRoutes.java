package io.murmuration.node.http;

import static akka.http.javadsl.server.PathMatchers.segment;

import akka.actor.typed.ActorSystem;
import akka.cluster.Member;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.HttpChallenge;
import akka.http.javadsl.model.headers.WWWAuthenticate;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import akka.pattern.StatusReply;
import io.murmuration.node.Settings;
import io.murmuration.node.audit.ChangeLog;
import io.murmuration.node.audit.ChangeRecorder;
import io.murmuration.node.audit.UserAudit;
import io.murmuration.node.drift.DriftAlarms;
import io.murmuration.node.drift.DriftMonitor;
import io.murmuration.node.item.ItemShard;
import io.murmuration.node.model.ModelControl;
import io.murmuration.node.model.training.Trainer;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.node.user.DriftState;
import io.murmuration.node.user.UserEntity;
import io.murmuration.node.user.UserProfile;
import io.murmuration.protocol.ApiVersion;
import io.murmuration.protocol.AuditEntry;
import io.murmuration.protocol.AuditResponse;
import io.murmuration.protocol.CrowdFollowing;
import io.murmuration.protocol.DriftAlarm;
import io.murmuration.protocol.DriftAlarmsResponse;
import io.murmuration.protocol.FieldError;
import io.murmuration.protocol.HistoryEntry;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.ModelChange;
import io.murmuration.protocol.ModelChangeRequest;
import io.murmuration.protocol.ModelVersionInfo;
import io.murmuration.protocol.ModelsResponse;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.ShardServing;
import io.murmuration.protocol.TrainingResponse;
import io.murmuration.protocol.UserDrift;
import io.murmuration.protocol.UserEmbeddingView;
import io.murmuration.protocol.UserProfileResponse;
import io.murmuration.protocol.WhoAmIResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The operators' JSON API on port 8081: who the token is, user profiles, histories and replays, model versions, drift
 * alarms and the audit trail, and the operations endpoints of {@link OperationsRoutes} (cluster, stats, event stream). Every request needs a
 * bearer token from {@link AdminTokens}; a viewer's token reads, an operator's also changes. Every change, accepted
 * or not, is recorded in the audit trail under the token's name. {@code GET /metrics} (Prometheus' text) is outside
 * {@code /admin} but needs a token all the same.
 */
public final class AdminRoutes extends AllDirectives {

    /** The actions of the audit trail. */
    static final String TRAIN = "train";
    static final String ACTIVATE = "activate";
    static final String ROLLBACK = "rollback";
    static final String ACKNOWLEDGE = "acknowledge drift alarm";

    static final String REALM = "murmuration-admin";

    private final Settings settings;
    private final ClusterSharding sharding;
    private final ModelControl models;
    private final ChangeRecorder changes;
    private final UserAuditRoutes userAudit;
    private final OperationsRoutes operations;
    private final DriftAlarms drift;
    private final Member self;

    public AdminRoutes(ActorSystem<?> system, Settings settings, ModelControl models, ChangeRecorder changes,
            UserAudit userAudit, DriftAlarms drift) {
        this.settings = settings;
        this.sharding = ClusterSharding.get(system);
        this.models = models;
        this.changes = changes;
        this.userAudit = new UserAuditRoutes(userAudit);
        this.operations = new OperationsRoutes(system);
        this.drift = drift;
        this.self = Cluster.get(system).selfMember();
    }

    public Route routes() {
        return ErrorHandling.withJsonErrors(
                () -> concat(path("metrics", () -> authenticated(caller -> operations.metrics())), // Prometheus' text
                        pathPrefix(
                                "admin",
                                () -> authenticated(caller -> concat(
                                        operations.routes(), // GET /admin/cluster, /admin/stats, /admin/stream
                                        path("whoami", () -> get(() -> complete(JsonReplies.ok(whoAmI(caller))))),
                                        path(segment("users").slash(segment()), userId -> get(() -> profile(userId))),
                                        userAudit.routes(),
                                        path("models", () -> get(this::listModels)),
                                        path("audit", () -> get(() -> parameterOptional("limit", limit ->
                                                parameterOptional("before", before -> audit(limit, before))))),
                                        // Training and index builds take minutes, far past the server's usual request timeout.
                                        path(segment("models").slash("train"), () -> post(() -> withRequestTimeout(
                                                longOperation(), () -> change(caller, TRAIN, null, reason -> train(caller, reason),
                                                        r -> "trained " + r.versionId() + (r.promoted() ? ", promoted" : ", not promoted"))))),
                                        path(segment("models").slash("rollback"), () -> post(() -> change(caller, ROLLBACK, null,
                                                reason -> rollback(caller, reason), r -> "active: " + r.active()))),
                                        path(segment("models").slash(segment()).slash("activate"),
                                                version -> post(() -> withRequestTimeout(longOperation(), () -> change(caller,
                                                        ACTIVATE, version, reason -> activate(caller, version, reason),
                                                        r -> "active: " + r.active())))),
                                        // Drift alarms: see the block of that name below.
                                        path(segment("drift").slash("alarms"),
                                                () -> get(() -> parameterOptional("status", this::listAlarms))),
                                        path(segment("drift").slash("alarms").slash(segment()).slash("ack"),
                                                alarmId -> post(() -> acknowledge(caller, alarmId))),
                                        // Any other change a viewer asks for is refused as such, not as an unknown path.
                                        post(() -> caller.role().mayChange() ? reject() : complete(forbidden(caller))))))));
    }

    /** Who the caller's token is, and this node's address, app version and contract version. */
    private WhoAmIResponse whoAmI(AdminTokens.Holder caller) {
        return new WhoAmIResponse(caller.name(), caller.role().wireName(), self.address().toString(),
                self.appVersion().version(), ApiVersion.CURRENT);
    }

    /**
     * One change: refused with 403 when the caller's role may not change anything, with 400 without a reason;
     * otherwise run. Either way recorded in the audit trail under the caller's name, with {@code describe} summing
     * up an accepted change. A new kind of change is one more {@code change(…)} line in {@link #routes()}.
     */
    private <T> Route change(AdminTokens.Holder caller, String action, String target,
            Function<String, CompletionStage<T>> run, Function<T, String> describe) {
        if (!caller.role().mayChange()) {
            HttpResponse refusal = forbidden(caller);
            return onComplete(changes.recordRefusal(caller.name(), action, target, null, forbiddenMessage(caller)),
                    recorded -> complete(refusal));
        }
        return withReason(
                badReason -> onComplete(
                        changes.recordRefusal(caller.name(), action, target, null, badReason.message()),
                        recorded -> complete(JsonReplies.badRequest(badReason))),
                reason -> onSuccess(changes.record(caller.name(), action, target, reason, () -> run.apply(reason), describe),
                        body -> complete(JsonReplies.ok(body))));
    }

    // ---- drift alarms ----

    private Route listAlarms(Optional<String> statusParam) {
        Optional<DriftMonitor.Status> status = statusParam.isEmpty()
                ? Optional.of(DriftMonitor.Status.OPEN)
                : DriftMonitor.Status.fromWire(statusParam.get());
        if (status.isEmpty()) {
            return complete(JsonReplies.badRequest(new FieldError("status", "must be open, acknowledged or all")));
        }
        return onSuccess(drift.list(status.get(), null), alarms -> complete(JsonReplies.ok(new DriftAlarmsResponse(
                status.get().wireName(), alarms.stream().map(AdminRoutes::toResponse).toList()))));
    }

    /**
     * An acknowledgement is a change like any other (role, reason, audit trail); an unknown alarm is a 404, recorded
     * as refused, and one already acknowledged a 409.
     */
    private Route acknowledge(AdminTokens.Holder caller, String alarmId) {
        return onSuccess(drift.find(alarmId), found -> {
            if (found.isEmpty() && caller.role().mayChange()) {
                String error = "no drift alarm " + alarmId;
                return onComplete(changes.recordRefusal(caller.name(), ACKNOWLEDGE, alarmId, null, error),
                        recorded -> complete(JsonReplies.error(StatusCodes.NOT_FOUND, error, "alarmId")));
            }
            return change(caller, ACKNOWLEDGE, alarmId,
                    reason -> drift.acknowledge(alarmId, caller.name(), reason).thenApply(AdminRoutes::acknowledged),
                    alarm -> "acknowledged " + alarm.id());
        });
    }

    /** The acknowledged alarm; a refusal is an error the change recorder records and the API answers with 409. */
    private static DriftAlarm acknowledged(DriftMonitor.AckResult result) {
        if (result instanceof DriftMonitor.Acknowledged done) {
            return toResponse(done.alarm());
        }
        if (result instanceof DriftMonitor.AlreadyAcknowledged already) {
            DriftMonitor.Alarm a = already.alarm();
            throw new StatusReply.ErrorMessage("drift alarm " + a.id() + " was already acknowledged by "
                    + a.acknowledgedBy() + " at " + a.acknowledgedAt());
        }
        // Dropped from the bounded list between the look-up and the acknowledgement.
        throw new StatusReply.ErrorMessage("no drift alarm " + ((DriftMonitor.UnknownAlarm) result).alarmId());
    }

    static DriftAlarm toResponse(DriftMonitor.Alarm a) {
        return a.describe();
    }

    // ---- end of drift alarms ----

    private scala.concurrent.duration.FiniteDuration longOperation() {
        return scala.concurrent.duration.FiniteDuration.fromNanos(settings.itemShards().prepareTimeout().toNanos());
    }

    private Route listModels() {
        return onSuccess(models.state().thenCombine(models.serving(), AdminRoutes::toResponse),
                body -> complete(JsonReplies.ok(body)));
    }

    private Route audit(Optional<String> limitParam, Optional<String> beforeParam) {
        Optional<Long> limit = positive(limitParam, AuditResponse.DEFAULT_LIMIT).filter(l -> l <= AuditResponse.MAX_LIMIT);
        if (limit.isEmpty()) {
            return complete(JsonReplies.badRequest(new FieldError("limit", "must be an integer from 1 to " + AuditResponse.MAX_LIMIT)));
        }
        if (beforeParam.isPresent() && positive(beforeParam, 0).isEmpty()) {
            return complete(JsonReplies.badRequest(new FieldError("before", "must be a positive change id")));
        }
        Long before = beforeParam.isPresent() ? positive(beforeParam, 0).get() : null;
        return onSuccess(changes.page(limit.get().intValue(), before), page -> complete(JsonReplies.ok(toResponse(page))));
    }

    /** The parameter as a positive number, {@code fallback} when absent, empty when it is not one. */
    private static Optional<Long> positive(Optional<String> param, long fallback) {
        if (param.isEmpty()) return Optional.of(fallback);
        try {
            long value = Long.parseLong(param.get().trim());
            return value > 0 ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private CompletionStage<TrainingResponse> train(AdminTokens.Holder caller, String reason) {
        return models.train(caller.name(), reason, settings.itemShards().prepareTimeout()).thenApply(AdminRoutes::toResponse);
    }

    private CompletionStage<ModelsResponse> activate(AdminTokens.Holder caller, String version, String reason) {
        return models.activate(version, caller.name(), reason, settings.itemShards().prepareTimeout())
                .thenCompose(state -> models.serving().thenApply(shards -> toResponse(state, shards)));
    }

    private CompletionStage<ModelsResponse> rollback(AdminTokens.Holder caller, String reason) {
        return models.rollback(caller.name(), reason)
                .thenCompose(state -> models.serving().thenApply(shards -> toResponse(state, shards)));
    }

    /**
     * Reads the {@code {"reason": …}} body every change needs and hands it to {@code inner}, or hands
     * {@code invalid} the field at fault.
     */
    private Route withReason(Function<FieldError, Route> invalid, Function<String, Route> inner) {
        return entity(Unmarshaller.entityToByteString(), bytes -> {
            String reason = null;
            try {
                if (bytes.size() > 0) {
                    reason = ProtocolJson.read(bytes.toArray(), ModelChangeRequest.class).reason();
                }
            } catch (RuntimeException e) {
                return invalid.apply(new FieldError("body", "must be JSON like {\"reason\": \"...\"}"));
            }
            if (reason == null || reason.isBlank() || reason.length() > ModelChangeRequest.MAX_REASON) {
                return invalid.apply(new FieldError("reason", "is required, 1 to " + ModelChangeRequest.MAX_REASON + " characters"));
            }
            return inner.apply(reason);
        });
    }

    static ModelsResponse toResponse(ModelRegistry.State state, List<ItemShard.Serving> shards) {
        return new ModelsResponse(
                state.active().orElse(null),
                state.previous().orElse(null),
                state.versions().values().stream()
                        .map(v -> new ModelVersionInfo(v.id(), v.parameters(), v.dataFrom(), v.dataTo(), v.interactions(),
                                v.metrics(), v.registeredAt()))
                        .toList(),
                state.changes().stream().map(c -> new ModelChange(c.kind(), c.versionId(), c.who(), c.reason(), c.at())).toList(),
                shards.stream().map(s -> new ShardServing(s.shard(), s.active(), s.previous(), s.prepared())).toList());
    }

    static TrainingResponse toResponse(Trainer.TrainingReport r) {
        return new TrainingResponse(r.versionId(), r.interactions(), r.users(), r.items(), r.dataFrom(), r.cutOff(),
                r.dataTo(), r.trainingSeconds(), r.metrics(), r.comparedWith(), r.promoted(), r.activeAfter(),
                r.preparationError());
    }

    static AuditResponse toResponse(ChangeLog.Page page) {
        return new AuditResponse(
                page.entries().stream()
                        .map(e -> new AuditEntry(e.id(), e.who(), e.action(), e.target(), e.reason(), e.requestedAt(),
                                e.outcome().wireName(), e.result(), e.error(), e.concludedAt()))
                        .toList(),
                page.nextBefore());
    }

    /**
     * Hands {@code inner} whose token the request bears, or answers 401 with a {@code WWW-Authenticate: Bearer}
     * challenge. The token itself goes nowhere but into {@link AdminTokens#holderOf}.
     */
    private Route authenticated(Function<AdminTokens.Holder, Route> inner) {
        return optionalHeaderValueByName(
                "Authorization",
                header -> {
                    Optional<String> token = header
                            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                            .map(h -> h.substring(7).trim())
                            .filter(t -> !t.isEmpty());
                    if (token.isEmpty()) {
                        return complete(unauthorized("a bearer token is required", Map.of()));
                    }
                    Optional<AdminTokens.Holder> holder = settings.adminTokens().holderOf(token.get());
                    if (holder.isEmpty()) {
                        return complete(unauthorized("the bearer token is not valid", Map.of("error", "invalid_token")));
                    }
                    return inner.apply(holder.get());
                });
    }

    private static HttpResponse unauthorized(String error, Map<String, String> challengeParams) {
        return JsonReplies.error(StatusCodes.UNAUTHORIZED, error, "Authorization")
                .addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", REALM, challengeParams)));
    }

    private static HttpResponse forbidden(AdminTokens.Holder caller) {
        return JsonReplies.error(StatusCodes.FORBIDDEN, forbiddenMessage(caller), "Authorization");
    }

    static String forbiddenMessage(AdminTokens.Holder caller) {
        return "changes need the " + AdminRole.OPERATOR.wireName() + " role; the token '" + caller.name() + "' has the "
                + caller.role().wireName() + " role";
    }

    private Route profile(String userId) {
        Optional<FieldError> badUser = InteractionEventCodec.checkId("userId", userId);
        if (badUser.isPresent()) return complete(JsonReplies.badRequest(badUser.get()));
        CompletionStage<UserEntity.Profile> profile = sharding
                .entityRefFor(UserEntity.TYPE_KEY, userId)
                .ask(UserEntity.GetProfile::new, settings.userAskTimeout());
        // The profile does not wait on the drift monitor's failure: its open alarms are then left out.
        CompletionStage<List<String>> openAlarms = drift.list(DriftMonitor.Status.OPEN, userId)
                .thenApply(alarms -> alarms.stream().map(DriftMonitor.Alarm::id).toList())
                .exceptionally(failure -> null);
        return onSuccess(profile.thenCombine(openAlarms, (reply, open) -> toResponse(userId, reply, open)),
                body -> complete(JsonReplies.ok(body)));
    }

    /** The profile keeps its history oldest first; the API shows the latest interaction first. */
    private static List<HistoryEntry> newestFirst(List<UserProfile.Interaction> history) {
        List<HistoryEntry> entries = new ArrayList<>(history.size());
        for (int i = history.size() - 1; i >= 0; i--) {
            UserProfile.Interaction e = history.get(i);
            entries.add(new HistoryEntry(e.eventId(), e.itemId(), e.type(), e.value(), e.timestamp()));
        }
        return entries;
    }

    /** A profile as the journal defines it, e.g. replayed: without the entity's in-memory list or the monitor's view. */
    static UserProfileResponse toResponse(String userId, UserProfile p) {
        return toResponse(userId, p, null, null, null);
    }

    static UserProfileResponse toResponse(String userId, UserEntity.Profile reply, List<String> openAlarmIds) {
        return toResponse(userId, reply.profile(), reply.lastServed(), openAlarmIds,
                reply.embedding() == null ? null : new UserEmbeddingView(reply.embeddingVersion(), reply.embedding()));
    }

    private static UserProfileResponse toResponse(String userId, UserProfile p, UserEntity.ServedList served,
            List<String> openAlarmIds, UserEmbeddingView embedding) {
        DriftState d = p.drift();
        return new UserProfileResponse(
                userId,
                p.eventCount(),
                p.countsByType(),
                p.firstSeen(),
                p.lastSeen(),
                newestFirst(p.recentHistory()),
                new UserDrift(d.detector().count(), d.detector().mean(), d.detector().statistic(), d.modelVersion(),
                        d.lastShiftAt(), d.alarms(), d.recentAlarmIds(), openAlarmIds),
                served == null ? null : new io.murmuration.protocol.ServedList(served.modelVersion(), served.itemIds(),
                        served.servedAt()),
                embedding,
                new CrowdFollowing(p.popularJudged(), p.popularTaken(), p.popularShare()));
    }
}
