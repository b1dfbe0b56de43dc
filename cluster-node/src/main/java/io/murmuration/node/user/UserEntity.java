package io.murmuration.node.user;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import akka.persistence.typed.javadsl.RetentionCriteria;
import io.murmuration.node.CborSerializable;
import io.murmuration.node.Settings.UserLimits;
import io.murmuration.node.item.InteractionWeights;
import io.murmuration.node.item.ItemShard;
import io.murmuration.node.model.ActiveModel;
import io.murmuration.node.model.ServingModel;
import io.murmuration.node.model.UserEmbedding;
import io.murmuration.protocol.InteractionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One user of the recommender: the single writer of that user's interaction history. Each interaction
 * arriving from Kafka (or a synchronous HTTP post) is persisted once — a redelivered event id is
 * acknowledged without a second write — and tagged so the whole interaction log can be read back in order.
 * The state is a {@link UserProfile}. Besides it the entity keeps the user's embedding under the active model
 * version, folded in on every event and rebuilt from the retained history when the version changes; it is
 * derived, never persisted, so the event handler stays a pure function of (state, event). Each event also tells
 * the shard of the user's previous item what came next, which feeds the item co-occurrences.
 */
public final class UserEntity
        extends EventSourcedBehaviorWithEnforcedReplies<UserEntity.Command, UserEntity.Event, UserProfile> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "user");

    /**
     * What the entity learns with, besides its journal: the node's active model, the half-life of an event's
     * weight in the embedding (event time), and where "X, then Y" observations go.
     */
    public record OnlineLearning(ActiveModel model, Duration tasteHalfLife, Consumer<ItemShard.ObserveNext> coOccurrences) {}

    /** Registers the entity type with cluster sharding on this node. */
    public static void init(ActorSystem<?> system, UserLimits limits, String interactionTag, OnlineLearning learning) {
        ClusterSharding.get(system)
                .init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), limits, interactionTag, learning)));
    }

    public static Behavior<Command> create(String userId, UserLimits limits, String interactionTag, OnlineLearning learning) {
        return Behaviors.setup(ctx -> new UserEntity(userId, limits, interactionTag, learning));
    }

    // ---- protocol ----

    public sealed interface Command extends CborSerializable
            permits RecordInteraction, GetProfile, GetTaste {}

    /** Persist this interaction unless its event id was already recorded. */
    public record RecordInteraction(InteractionEvent event, ActorRef<RecordResult> replyTo) implements Command {}

    public record GetProfile(ActorRef<Profile> replyTo) implements Command {}

    /**
     * What recommending for this user needs: the embedding, the {@code recentItems} most recent distinct items
     * with a positive weight, and the items to leave out — those consumed with a type in {@code excludeTypes}.
     */
    public record GetTaste(int recentItems, Set<String> excludeTypes, ActorRef<Taste> replyTo) implements Command {}

    public sealed interface RecordResult extends CborSerializable permits Recorded, AlreadyRecorded {}

    public record Recorded(String eventId) implements RecordResult {}

    public record AlreadyRecorded(String eventId) implements RecordResult {}

    public record Profile(String userId, UserProfile profile) implements CborSerializable {}

    /**
     * A user's taste: {@code embedding} is null when no model version is active or none of the user's items is
     * known to it; otherwise it was built on {@code versionId}. {@code recentItems} are newest first.
     */
    public record Taste(
            String userId,
            long eventCount,
            String versionId,
            float[] embedding,
            List<String> recentItems,
            Set<String> exclude)
            implements CborSerializable {

        public boolean isNew() {
            return eventCount == 0;
        }
    }

    public sealed interface Event extends CborSerializable permits InteractionRecorded {}

    public record InteractionRecorded(
            String userId,
            String eventId,
            String itemId,
            String type,
            Double value,
            Instant timestamp,
            Map<String, String> context)
            implements Event {

        public UserProfile.Interaction asInteraction() {
            return new UserProfile.Interaction(eventId, itemId, type, value, timestamp);
        }
    }

    // ---- behaviour ----

    private final String userId;
    private final UserLimits limits;
    private final Set<String> tags;
    private final OnlineLearning learning;
    // Derived from the history and the active version; null until first needed, and after a version change.
    private UserEmbedding embedding;

    private UserEntity(String userId, UserLimits limits, String interactionTag, OnlineLearning learning) {
        // A failed write (Cassandra away) restarts the entity after a pause instead of hammering the journal.
        super(
                PersistenceId.of(TYPE_KEY.name(), userId),
                SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
        this.userId = userId;
        this.limits = limits;
        this.tags = Set.of(interactionTag);
        this.learning = learning;
    }

    @Override
    public UserProfile emptyState() {
        return UserProfile.EMPTY;
    }

    @Override
    public CommandHandlerWithReply<Command, Event, UserProfile> commandHandler() {
        return newCommandHandlerWithReplyBuilder()
                .forAnyState()
                .onCommand(RecordInteraction.class, this::onRecord)
                .onCommand(GetProfile.class, (state, cmd) -> Effect().reply(cmd.replyTo(), new Profile(userId, state)))
                .onCommand(GetTaste.class, this::onGetTaste)
                .build();
    }

    private ReplyEffect<Event, UserProfile> onRecord(UserProfile state, RecordInteraction cmd) {
        InteractionEvent e = cmd.event();
        if (state.hasRecorded(e.eventId())) {
            return Effect().reply(cmd.replyTo(), new AlreadyRecorded(e.eventId()));
        }
        InteractionRecorded recorded =
                new InteractionRecorded(
                        userId, e.eventId(), e.itemId(), e.type().wireName(), e.value(), e.timestamp(), e.context());
        UserProfile.Interaction previous = state.recentHistory().isEmpty()
                ? null
                : state.recentHistory().get(state.recentHistory().size() - 1);
        return Effect().persist(recorded)
                .thenRun(s -> learnFrom(previous, recorded))
                .thenReply(cmd.replyTo(), s -> new Recorded(e.eventId()));
    }

    private void learnFrom(UserProfile.Interaction previous, InteractionRecorded recorded) {
        if (embedding != null) {
            boolean current = learning.model().current().map(m -> m.versionId().equals(embedding.versionId())).orElse(false);
            if (current) {
                embedding.add(observation(recorded.asInteraction()));
            } else {
                embedding = null; // built on another version: refolded on its next read
            }
        }
        if (previous != null) {
            learning.coOccurrences().accept(new ItemShard.ObserveNext(previous.itemId(), recorded.itemId(),
                    InteractionWeights.of(recorded.type(), recorded.value()), recorded.timestamp(), recorded.eventId()));
        }
    }

    private ReplyEffect<Event, UserProfile> onGetTaste(UserProfile state, GetTaste cmd) {
        Optional<ServingModel> model = learning.model().current();
        if (model.isEmpty()) {
            embedding = null;
        } else if (embedding == null || !embedding.versionId().equals(model.get().versionId())) {
            embedding = embeddingOf(state, model.get(), learning.tasteHalfLife());
        }
        float[] vector = embedding == null || embedding.isEmpty() ? null : embedding.vector();
        Taste taste = new Taste(userId, state.eventCount(), vector == null ? null : embedding.versionId(), vector,
                recentPositiveItems(state, cmd.recentItems()), state.excludedItems(cmd.excludeTypes()));
        return Effect().reply(cmd.replyTo(), taste);
    }

    private static UserEmbedding.Observation observation(UserProfile.Interaction i) {
        return new UserEmbedding.Observation(i.itemId(), InteractionWeights.of(i.type(), i.value()), i.timestamp());
    }

    private static List<String> recentPositiveItems(UserProfile state, int wanted) {
        Set<String> items = new LinkedHashSet<>();
        List<UserProfile.Interaction> history = state.recentHistory();
        for (int i = history.size() - 1; i >= 0 && items.size() < wanted; i--) {
            if (InteractionWeights.of(history.get(i).type(), history.get(i).value()) > 0) {
                items.add(history.get(i).itemId());
            }
        }
        return List.copyOf(items);
    }

    @Override
    public EventHandler<UserProfile, Event> eventHandler() {
        return newEventHandlerBuilder()
                .forAnyState()
                .onEvent(InteractionRecorded.class, (state, event) -> state.apply(event.asInteraction(), limits))
                .build();
    }

    @Override
    public Set<String> tagsFor(Event event) {
        return tags;
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(limits.snapshotEvery(), 2);
    }

    // ---- the same functions, for an audit that rebuilds a user from the journal ----

    /**
     * The embedding the entity builds from {@code profile} under {@code model}: the one function the live entity and
     * an audit replay share, so a replayed embedding equals the one served then.
     */
    public static UserEmbedding embeddingOf(UserProfile profile, ServingModel model, Duration tasteHalfLife) {
        return UserEmbedding.refold(model, tasteHalfLife, profile.recentHistory().stream().map(UserEntity::observation).toList());
    }

    /** The profile after {@code events}, oldest first, applied from the empty state by this entity's own event handler. */
    public static UserProfile replay(String userId, UserLimits limits, Iterable<Event> events) {
        EventHandler<UserProfile, Event> handler = new UserEntity(userId, limits, "", null).eventHandler();
        UserProfile state = UserProfile.EMPTY;
        for (Event event : events) {
            state = handler.apply(state, event);
        }
        return state;
    }
}
