package io.murmuration.node.http;

import static akka.http.javadsl.server.PathMatchers.segment;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import io.murmuration.node.Settings;
import io.murmuration.node.ingest.EventPublisher;
import io.murmuration.node.item.PopularityBoard;
import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.user.UserEntity;
import io.murmuration.protocol.AcceptedResponse;
import io.murmuration.protocol.BatchResult;
import io.murmuration.protocol.FieldError;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.PopularResponse;
import io.murmuration.protocol.RecommendationsResponse;
import io.murmuration.protocol.RecommendedItem;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The public JSON API on port 8080: event ingest, recommendations for a user, popular items. */
public final class PublicRoutes extends AllDirectives {

    /** The model behind the lists this API serves until trained models exist. */
    public static final String POPULARITY_MODEL = "popularity";

    static final int DEFAULT_K = 10;
    static final int MAX_K = 200;

    private final ActorSystem<?> system;
    private final Settings settings;
    private final InteractionEventCodec codec;
    private final EventPublisher publisher;
    private final ActorRef<PopularityBoard.Command> popularity;
    private final ClusterSharding sharding;

    public PublicRoutes(
            ActorSystem<?> system,
            Settings settings,
            InteractionEventCodec codec,
            EventPublisher publisher,
            ActorRef<PopularityBoard.Command> popularity) {
        this.system = system;
        this.settings = settings;
        this.codec = codec;
        this.publisher = publisher;
        this.popularity = popularity;
        this.sharding = ClusterSharding.get(system);
    }

    public Route routes() {
        return ErrorHandling.withJsonErrors(
                () ->
                        pathPrefix(
                                "v1",
                                () ->
                                        concat(
                                                path("events", () -> post(() -> parameterOptional("sync", this::ingest))),
                                                path(
                                                        segment("users").slash(segment()).slash("recommendations"),
                                                        userId -> get(() -> parameterOptional("k", k -> recommend(userId, k)))),
                                                path("popular", () -> get(() -> parameterOptional("k", this::popular))))));
    }

    private Route ingest(Optional<String> syncParam) {
        Optional<Boolean> sync = parseFlag(syncParam);
        if (sync.isEmpty()) {
            return complete(JsonReplies.badRequest(new FieldError("sync", "must be true or false")));
        }
        return extractRequestEntity(
                entity -> {
                    if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
                        return complete(
                                JsonReplies.error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "body must be application/json", "body"));
                    }
                    return entity(
                            Unmarshaller.entityToByteString(),
                            bytes -> {
                                BatchResult batch = codec.parseBatch(bytes.toArray());
                                if (!batch.isValid()) return complete(JsonReplies.badRequest(batch.error()));
                                List<InteractionEvent> events = batch.events();
                                if (!sync.get()) {
                                    return onSuccess(
                                            publisher.publish(events),
                                            n -> complete(JsonReplies.json(StatusCodes.ACCEPTED, new AcceptedResponse(n))));
                                }
                                // Read-your-writes: the events also go straight to their entities; the copies arriving
                                // later from Kafka are acknowledged by the event-id dedupe, not persisted twice.
                                return onSuccess(
                                        publisher.publish(events).thenCompose(n -> persistAll(events)),
                                        n -> complete(JsonReplies.ok(new AcceptedResponse(n))));
                            });
                });
    }

    private CompletionStage<Integer> persistAll(List<InteractionEvent> events) {
        CompletableFuture<?>[] asks =
                events.stream()
                        .map(
                                e ->
                                        sharding
                                                .entityRefFor(UserEntity.TYPE_KEY, e.userId())
                                                .<UserEntity.RecordResult>ask(
                                                        replyTo -> new UserEntity.RecordInteraction(e, replyTo), settings.userAskTimeout())
                                                .toCompletableFuture())
                        .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(asks).thenApply(done -> events.size());
    }

    private Route recommend(String userId, Optional<String> kParam) {
        Optional<FieldError> badUser = InteractionEventCodec.checkId("userId", userId);
        if (badUser.isPresent()) return complete(JsonReplies.badRequest(badUser.get()));
        return withK(
                kParam,
                k -> {
                    // The user's consumed items are dropped from the candidates, so fetch enough to still fill k.
                    int candidates = k + settings.userLimits().seenItemsSize();
                    CompletionStage<RecommendationsResponse> reply =
                            askPopular(candidates)
                                    .thenCompose(
                                            popular ->
                                                    sharding
                                                            .entityRefFor(UserEntity.TYPE_KEY, userId)
                                                            .<UserEntity.Recommendations>ask(
                                                                    replyTo -> new UserEntity.GetRecommendations(k, popular, replyTo),
                                                                    settings.userAskTimeout()))
                                    .thenApply(
                                            r -> new RecommendationsResponse(r.userId(), POPULARITY_MODEL, r.fallback(), asPopular(r.items())));
                    return onSuccess(reply, body -> complete(JsonReplies.ok(body)));
                });
    }

    private Route popular(Optional<String> kParam) {
        return withK(
                kParam,
                k -> onSuccess(askPopular(k), items -> complete(JsonReplies.ok(new PopularResponse(asPopular(items))))));
    }

    private CompletionStage<List<ScoredItem>> askPopular(int k) {
        return AskPattern.<PopularityBoard.Command, PopularityBoard.Popular>ask(
                        popularity, replyTo -> new PopularityBoard.GetPopular(k, replyTo), settings.userAskTimeout(), system.scheduler())
                .thenApply(PopularityBoard.Popular::items);
    }

    private Route withK(Optional<String> kParam, java.util.function.IntFunction<Route> inner) {
        if (kParam.isEmpty()) return inner.apply(DEFAULT_K);
        try {
            int k = Integer.parseInt(kParam.get());
            if (k >= 1 && k <= MAX_K) return inner.apply(k);
        } catch (NumberFormatException e) {
            // falls through to the same 400 as an out-of-range k
        }
        return complete(JsonReplies.badRequest(new FieldError("k", "must be an integer from 1 to " + MAX_K)));
    }

    private static Optional<Boolean> parseFlag(Optional<String> value) {
        if (value.isEmpty() || value.get().equals("false")) return Optional.of(false);
        if (value.get().equals("true")) return Optional.of(true);
        return Optional.empty();
    }

    private static List<RecommendedItem> asPopular(List<ScoredItem> items) {
        return items.stream().map(i -> new RecommendedItem(i.itemId(), i.score(), "popular")).toList();
    }
}
