package io.murmuration.node.http;

import static akka.http.javadsl.server.PathMatchers.segment;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import io.murmuration.node.Settings;
import io.murmuration.node.ingest.EventPublisher;
import io.murmuration.node.item.PopularityBoard;
import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.ops.NodeStats;
import io.murmuration.node.ops.Operations;
import io.murmuration.node.recommend.CandidateBlend;
import io.murmuration.node.recommend.Recommender;
import io.murmuration.node.user.UserEntity;
import io.murmuration.protocol.AcceptedResponse;
import io.murmuration.protocol.BatchResult;
import io.murmuration.protocol.FieldError;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.PopularResponse;
import io.murmuration.protocol.RecommendationsResponse;
import io.murmuration.protocol.RecommendedItem;
import io.murmuration.protocol.ServerTiming;
import io.murmuration.protocol.SimilarItemsResponse;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The public JSON API on port 8080: event ingest, recommendations for a user, similar items, popular items. */
public final class PublicRoutes extends AllDirectives {

    static final int DEFAULT_K = 10;
    static final int MAX_K = 200;

    private final ActorSystem<?> system;
    private final Settings settings;
    private final InteractionEventCodec codec;
    private final EventPublisher publisher;
    private final ActorRef<PopularityBoard.Command> popularity;
    private final Recommender recommender;
    private final ClusterSharding sharding;
    private final NodeStats stats;

    public PublicRoutes(
            ActorSystem<?> system,
            Settings settings,
            InteractionEventCodec codec,
            EventPublisher publisher,
            ActorRef<PopularityBoard.Command> popularity,
            Recommender recommender) {
        this.system = system;
        this.settings = settings;
        this.codec = codec;
        this.publisher = publisher;
        this.popularity = popularity;
        this.recommender = recommender;
        this.sharding = ClusterSharding.get(system);
        this.stats = Operations.get(system).stats();
    }

    public Route routes() {
        Route endpoints = concat(
                path("events", () -> post(() -> parameterOptional("sync", this::ingest))),
                path(
                        segment("users").slash(segment()).slash("recommendations"),
                        userId -> get(() -> parameterOptional("k", k -> parameterOptional(
                                "diversity", diversity -> recommend(userId, k, diversity))))),
                path(
                        segment("items").slash(segment()).slash("similar"),
                        itemId -> get(() -> parameterOptional("k", k -> similar(itemId, k)))),
                path("popular", () -> get(() -> parameterOptional("k", this::popular))));
        return ErrorHandling.withJsonErrors(() -> pathPrefix("v1", () -> endpoints));
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
                                        notRecorded -> notRecorded.isEmpty()
                                                ? complete(JsonReplies.ok(new AcceptedResponse(events.size())))
                                                : complete(JsonReplies.error(StatusCodes.UNPROCESSABLE_ENTITY,
                                                        notRecorded.get().message(), notRecorded.get().field())));
                            });
                });
    }

    /**
     * Has every event persisted by its entity; completes with the first one its entity could not record (its handling
     * failed, and its copy on Kafka will be dead-lettered as poison), or empty when all are persisted.
     */
    private CompletionStage<Optional<FieldError>> persistAll(List<InteractionEvent> events) {
        List<CompletableFuture<UserEntity.RecordResult>> asks = events.stream()
                .map(e -> sharding.entityRefFor(UserEntity.TYPE_KEY, e.userId())
                        .<UserEntity.RecordResult>ask(replyTo -> new UserEntity.RecordInteraction(e, replyTo), settings.userAskTimeout())
                        .toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            for (int i = 0; i < asks.size(); i++) {
                if (asks.get(i).join() instanceof UserEntity.NotRecorded refused) {
                    FieldError error = new FieldError("eventId", "could not be processed: " + refused.reason());
                    return Optional.of(events.size() == 1 ? error : error.atIndex(i));
                }
            }
            return Optional.<FieldError>empty();
        });
    }

    private Route recommend(String userId, Optional<String> kParam, Optional<String> diversityParam) {
        Optional<FieldError> badUser = InteractionEventCodec.checkId("userId", userId);
        if (badUser.isPresent()) return complete(JsonReplies.badRequest(badUser.get()));
        OptionalDouble diversity = parseDiversity(diversityParam);
        if (diversity.isEmpty()) {
            return complete(JsonReplies.badRequest(new FieldError("diversity", "must be a number from 0 to 1")));
        }
        return withK(
                kParam,
                k -> onSuccess(
                        stats.timeRecommendation(() -> recommender.forUser(userId, k, diversity.getAsDouble()),
                                Recommender.Recommendation::fallback, Recommender.Recommendation::partial),
                        timed -> {
                            Recommender.Recommendation r = timed.reply();
                            return complete(JsonReplies.ok(
                                    new RecommendationsResponse(r.userId(), r.modelVersion(), r.fallback(), asResponse(r.items()),
                                            r.missing()))
                                    .addHeader(serverTiming(timed.nanos())));
                        }));
    }

    /** The recommender's share of the reply's time, for the client to tell it apart from the rest (ServerTiming). */
    private static HttpHeader serverTiming(long nanos) {
        return RawHeader.create(ServerTiming.HEADER, ServerTiming.recommend(nanos));
    }

    private Route similar(String itemId, Optional<String> kParam) {
        Optional<FieldError> badItem = InteractionEventCodec.checkId("itemId", itemId);
        if (badItem.isPresent()) return complete(JsonReplies.badRequest(badItem.get()));
        return withK(
                kParam,
                k -> onSuccess(
                        recommender.similarTo(itemId, k),
                        found -> found
                                .map(s -> complete(JsonReplies.ok(
                                        new SimilarItemsResponse(s.itemId(), s.modelVersion(), asResponse(s.items()), s.missing()))))
                                .orElseGet(() -> complete(JsonReplies.error(StatusCodes.NOT_FOUND,
                                        "no model version or co-occurrence knows item " + itemId, "itemId")))));
    }

    private static OptionalDouble parseDiversity(Optional<String> value) {
        if (value.isEmpty()) return OptionalDouble.of(0);
        try {
            double d = Double.parseDouble(value.get());
            return d >= 0 && d <= 1 ? OptionalDouble.of(d) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private static List<RecommendedItem> asResponse(List<CandidateBlend.Blended> items) {
        return items.stream().map(i -> new RecommendedItem(i.itemId(), i.score(), i.reason())).toList();
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
