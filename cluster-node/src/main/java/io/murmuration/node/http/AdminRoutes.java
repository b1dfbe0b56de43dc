package io.murmuration.node.http;

import static akka.http.javadsl.server.PathMatchers.segment;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.HttpChallenge;
import akka.http.javadsl.model.headers.WWWAuthenticate;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import io.murmuration.node.Settings;
import io.murmuration.node.drift.DriftAlarms;
import io.murmuration.node.drift.DriftMonitor;
import io.murmuration.node.item.ItemShard;
import io.murmuration.node.model.ModelControl;
import io.murmuration.node.model.ModelRegistry;
import io.murmuration.node.model.Trainer;
import io.murmuration.node.user.DriftState;
import io.murmuration.node.user.UserEntity;
import io.murmuration.node.user.UserProfile;
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
import io.murmuration.protocol.UserProfileResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** The operators' JSON API on port 8081, behind a bearer token: user profiles, model versions and drift alarms. */
public final class AdminRoutes extends AllDirectives {

    /** Who a change made through this API is recorded as, until tokens carry names. */
    static final String OPERATOR = "admin API";

    private final Settings settings;
    private final ClusterSharding sharding;
    private final ModelControl models;
    private final DriftAlarms drift;
    private final byte[] expectedToken;

    public AdminRoutes(ActorSystem<?> system, Settings settings, ModelControl models, DriftAlarms drift) {
        this.settings = settings;
        this.sharding = ClusterSharding.get(system);
        this.models = models;
        this.drift = drift;
        this.expectedToken = settings.adminToken().getBytes(StandardCharsets.UTF_8);
    }

    public Route routes() {
        return ErrorHandling.withJsonErrors(
                () ->
                        pathPrefix(
                                "admin",
                                () -> authenticated(() -> concat(
                                        path(segment("users").slash(segment()), userId -> get(() -> profile(userId))),
                                        path("models", () -> get(this::listModels)),
                                        // Training and index builds take minutes, far past the server's usual request timeout.
                                        path(segment("models").slash("train"), () -> post(() -> withRequestTimeout(
                                                longOperation(), () -> withReason(this::train)))),
                                        path(segment("models").slash("rollback"), () -> post(() -> withReason(this::rollback))),
                                        path(segment("models").slash(segment()).slash("activate"),
                                                version -> post(() -> withRequestTimeout(longOperation(),
                                                        () -> withReason(reason -> activate(version, reason))))),
                                        // Drift alarms: see the block of that name below.
                                        path(segment("drift").slash("alarms"),
                                                () -> get(() -> parameterOptional("status", this::listAlarms))),
                                        path(segment("drift").slash("alarms").slash(segment()).slash("ack"),
                                                alarmId -> post(() -> withReason(reason -> acknowledge(alarmId, reason))))))));
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

    private Route acknowledge(String alarmId, String reason) {
        return onSuccess(drift.acknowledge(alarmId, OPERATOR, reason), result -> {
            if (result instanceof DriftMonitor.Acknowledged done) {
                return complete(JsonReplies.ok(toResponse(done.alarm())));
            }
            if (result instanceof DriftMonitor.AlreadyAcknowledged already) {
                DriftMonitor.Alarm a = already.alarm();
                return complete(JsonReplies.error(StatusCodes.CONFLICT, "drift alarm " + a.id()
                        + " was already acknowledged by " + a.acknowledgedBy() + " at " + a.acknowledgedAt(), "id"));
            }
            return complete(JsonReplies.error(StatusCodes.NOT_FOUND, "no drift alarm " + alarmId, "id"));
        });
    }

    static DriftAlarm toResponse(DriftMonitor.Alarm a) {
        return new DriftAlarm(a.id(), a.scope(), a.userId(), a.signal(), a.figures(), a.modelVersion(), a.raisedAt(),
                a.shiftFrom(), a.isOpen() ? DriftMonitor.Status.OPEN.wireName() : DriftMonitor.Status.ACKNOWLEDGED.wireName(),
                a.acknowledgedBy(), a.acknowledgeReason(), a.acknowledgedAt());
    }

    // ---- end of drift alarms ----

    private scala.concurrent.duration.FiniteDuration longOperation() {
        return scala.concurrent.duration.FiniteDuration.fromNanos(settings.itemShards().prepareTimeout().toNanos());
    }

    private Route listModels() {
        return onSuccess(models.state().thenCombine(models.serving(), AdminRoutes::toResponse),
                body -> complete(JsonReplies.ok(body)));
    }

    private Route train(String reason) {
        return onSuccess(models.train(OPERATOR, reason, settings.itemShards().prepareTimeout()),
                report -> complete(JsonReplies.ok(toResponse(report))));
    }

    private Route activate(String version, String reason) {
        return onSuccess(models.activate(version, OPERATOR, reason, settings.itemShards().prepareTimeout())
                        .thenCompose(state -> models.serving().thenApply(shards -> toResponse(state, shards))),
                body -> complete(JsonReplies.ok(body)));
    }

    private Route rollback(String reason) {
        return onSuccess(models.rollback(OPERATOR, reason)
                        .thenCompose(state -> models.serving().thenApply(shards -> toResponse(state, shards))),
                body -> complete(JsonReplies.ok(body)));
    }

    /** Reads the {@code {"reason": …}} body every model change needs, or answers 400 naming the field. */
    private Route withReason(java.util.function.Function<String, Route> inner) {
        return entity(Unmarshaller.entityToByteString(), bytes -> {
            String reason = null;
            try {
                if (bytes.size() > 0) {
                    reason = ProtocolJson.read(bytes.toArray(), ModelChangeRequest.class).reason();
                }
            } catch (RuntimeException e) {
                return complete(JsonReplies.badRequest(new FieldError("body", "must be JSON like {\"reason\": \"...\"}")));
            }
            if (reason == null || reason.isBlank() || reason.length() > ModelChangeRequest.MAX_REASON) {
                return complete(JsonReplies.badRequest(
                        new FieldError("reason", "is required, 1 to " + ModelChangeRequest.MAX_REASON + " characters")));
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

    private Route authenticated(Supplier<Route> inner) {
        return optionalHeaderValueByName(
                "Authorization",
                header -> {
                    Optional<String> token = header.filter(h -> h.startsWith("Bearer ")).map(h -> h.substring(7).trim());
                    // Constant-time comparison, so response timing says nothing about how much of a guess was right.
                    if (token.isPresent()
                            && MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8), expectedToken)) {
                        return inner.get();
                    }
                    return complete(
                            JsonReplies.error(StatusCodes.UNAUTHORIZED, "a valid bearer token is required", "Authorization")
                                    .addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "murmuration-admin"))));
                });
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

    static UserProfileResponse toResponse(String userId, UserEntity.Profile reply, List<String> openAlarmIds) {
        UserProfile p = reply.profile();
        DriftState d = p.drift();
        UserEntity.ServedList served = reply.lastServed();
        return new UserProfileResponse(
                userId,
                p.eventCount(),
                p.countsByType(),
                p.firstSeen(),
                p.lastSeen(),
                p.recentHistory().stream()
                        .map(i -> new HistoryEntry(i.eventId(), i.itemId(), i.type(), i.value(), i.timestamp()))
                        .toList(),
                new UserDrift(d.detector().count(), d.detector().mean(), d.detector().statistic(), d.modelVersion(),
                        d.lastShiftAt(), d.alarms(), d.recentAlarmIds(), openAlarmIds),
                served == null ? null : new io.murmuration.protocol.ServedList(served.modelVersion(), served.itemIds(),
                        served.servedAt()));
    }
}
