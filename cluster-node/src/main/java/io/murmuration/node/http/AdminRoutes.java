package io.murmuration.node.http;

import static akka.http.javadsl.server.PathMatchers.segment;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.HttpChallenge;
import akka.http.javadsl.model.headers.WWWAuthenticate;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import io.murmuration.node.Settings;
import io.murmuration.node.user.UserEntity;
import io.murmuration.node.user.UserProfile;
import io.murmuration.protocol.FieldError;
import io.murmuration.protocol.HistoryEntry;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.UserProfileResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;

/** The operators' JSON API on port 8081, behind a bearer token: user profiles for now. */
public final class AdminRoutes extends AllDirectives {

    private final Settings settings;
    private final ClusterSharding sharding;
    private final byte[] expectedToken;

    public AdminRoutes(ActorSystem<?> system, Settings settings) {
        this.settings = settings;
        this.sharding = ClusterSharding.get(system);
        this.expectedToken = settings.adminToken().getBytes(StandardCharsets.UTF_8);
    }

    public Route routes() {
        return ErrorHandling.withJsonErrors(
                () ->
                        pathPrefix(
                                "admin",
                                () -> authenticated(() -> path(segment("users").slash(segment()), userId -> get(() -> profile(userId))))));
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
        return onSuccess(
                sharding
                        .entityRefFor(UserEntity.TYPE_KEY, userId)
                        .<UserEntity.Profile>ask(UserEntity.GetProfile::new, settings.userAskTimeout()),
                reply -> complete(JsonReplies.ok(toResponse(userId, reply.profile()))));
    }

    static UserProfileResponse toResponse(String userId, UserProfile p) {
        return new UserProfileResponse(
                userId,
                p.eventCount(),
                p.countsByType(),
                p.firstSeen(),
                p.lastSeen(),
                p.recentHistory().stream()
                        .map(i -> new HistoryEntry(i.eventId(), i.itemId(), i.type(), i.value(), i.timestamp()))
                        .toList());
    }
}
