package io.murmuration.node.http;

import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import io.murmuration.node.audit.UserAudit;
import io.murmuration.protocol.FieldError;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.RecommendedItem;
import io.murmuration.protocol.UserEventsResponse;
import io.murmuration.protocol.UserListResponse;
import io.murmuration.protocol.UserReplayResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The auditors' reads of the admin API, all from the journal: {@code GET /admin/users} (paged ids),
 * {@code GET /admin/users/{id}/events} and {@code GET /admin/users/{id}/replay?asOf=}. Mounted under
 * {@code /admin} by {@link AdminRoutes}, behind its tokens; any role may read.
 */
final class UserAuditRoutes extends AllDirectives {

    /** The list length of a replay when the request names none, as for live recommendations. */
    private static final int DEFAULT_K = 10;
    private static final int MAX_K = 100;
    private static final String BASIS = "the items closest to the user's embedding under the version active then, "
            + "without the items the profile excluded then; co-occurrence and popularity are not replayed";

    private final UserAudit audit;

    UserAuditRoutes(UserAudit audit) {
        this.audit = audit;
    }

    Route routes() {
        return get(() -> concat(
                path("users", () -> parameterOptional("prefix", prefix -> parameterOptional("after", after ->
                        parameterOptional("limit", limit -> users(prefix, after, limit))))),
                path(segment("users").slash(segment()).slash("events"), userId ->
                        parameterOptional("from", from -> parameterOptional("to", to ->
                                parameterOptional("limit", limit -> events(userId, from, to, limit))))),
                path(segment("users").slash(segment()).slash("replay"), userId ->
                        parameterOptional("asOf", asOf -> parameterOptional("k", k -> replay(userId, asOf, k))))));
    }

    private Route users(Optional<String> prefix, Optional<String> after, Optional<String> limitParam) {
        Optional<Integer> limit = bounded(limitParam, UserListResponse.DEFAULT_LIMIT, UserListResponse.MAX_LIMIT);
        if (limit.isEmpty()) return invalid("limit", "must be an integer from 1 to " + UserListResponse.MAX_LIMIT);
        return onSuccess(audit.users(prefix.orElse(null), after.orElse(null), limit.get()),
                page -> complete(JsonReplies.ok(new UserListResponse(page.users(), page.nextAfter().orElse(null)))));
    }

    private Route events(String userId, Optional<String> fromParam, Optional<String> toParam, Optional<String> limitParam) {
        return withUser(userId, () -> {
            Optional<Integer> limit = bounded(limitParam, UserEventsResponse.DEFAULT_LIMIT, UserEventsResponse.MAX_LIMIT);
            if (limit.isEmpty()) return invalid("limit", "must be an integer from 1 to " + UserEventsResponse.MAX_LIMIT);
            return withInstant("from", fromParam, from -> withInstant("to", toParam, to -> {
                if (from != null && to != null && to.isBefore(from)) return invalid("to", "must not be before from");
                return onSuccess(audit.events(userId, from, to, limit.get()),
                        events -> complete(JsonReplies.ok(new UserEventsResponse(userId, events.entries(), events.truncated()))));
            }));
        });
    }

    private Route replay(String userId, Optional<String> asOfParam, Optional<String> kParam) {
        return withUser(userId, () -> {
            if (asOfParam.isEmpty()) return invalid("asOf", "is required: an ISO-8601 instant such as 2026-11-22T10:15:30Z");
            Optional<Integer> k = bounded(kParam, DEFAULT_K, MAX_K);
            if (k.isEmpty()) return invalid("k", "must be an integer from 1 to " + MAX_K);
            return withInstant("asOf", asOfParam, asOf -> onSuccess(audit.replay(userId, asOf, k.get()), r -> complete(
                    JsonReplies.ok(new UserReplayResponse(r.userId(), r.asOf(), r.eventsApplied(),
                            AdminRoutes.toResponse(userId, r.profile()), r.version().orElse(null),
                            r.embedding().orElse(null),
                            r.personal().stream().map(i -> new RecommendedItem(i.itemId(), i.score(), "for you")).toList(),
                            BASIS)))));
        });
    }

    private Route withUser(String userId, java.util.function.Supplier<Route> inner) {
        Optional<FieldError> badUser = InteractionEventCodec.checkId("userId", userId);
        return badUser.isPresent() ? complete(JsonReplies.badRequest(badUser.get())) : inner.get();
    }

    private static final Instant EARLIEST_MILLIS = Instant.ofEpochMilli(Long.MIN_VALUE);
    private static final Instant LATEST_MILLIS = Instant.ofEpochMilli(Long.MAX_VALUE);

    private Route withInstant(String field, Optional<String> param, Function<Instant, Route> inner) {
        if (param.isEmpty()) return inner.apply(null);
        Instant instant;
        try {
            instant = Instant.parse(param.get().trim());
        } catch (DateTimeParseException e) {
            return invalid(field, "must be an ISO-8601 instant such as 2026-11-22T10:15:30Z");
        }
        // The journal keeps event times as epoch milliseconds: an instant beyond them cannot be compared with one.
        if (instant.isBefore(EARLIEST_MILLIS) || instant.isAfter(LATEST_MILLIS)) {
            return invalid(field, "must be an ISO-8601 instant between " + EARLIEST_MILLIS + " and " + LATEST_MILLIS);
        }
        return inner.apply(instant);
    }

    /** The parameter as an integer in 1..max, {@code fallback} when absent, empty when it is not one. */
    private static Optional<Integer> bounded(Optional<String> param, int fallback, int max) {
        if (param.isEmpty()) return Optional.of(fallback);
        try {
            int value = Integer.parseInt(param.get().trim());
            return value >= 1 && value <= max ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Route invalid(String field, String message) {
        return complete(JsonReplies.badRequest(new FieldError(field, message)));
    }
}
