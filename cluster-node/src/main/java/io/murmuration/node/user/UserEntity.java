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
import io.murmuration.node.item.ScoredItem;
import io.murmuration.protocol.InteractionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One user of the recommender: the single writer of that user's interaction history. Each interaction
 * arriving from Kafka (or a synchronous HTTP post) is persisted once — a redelivered event id is
 * acknowledged without a second write — and tagged so the whole interaction log can be read back in order.
 * The state is a {@link UserProfile}; recommendations are ranked from candidates the caller brings, with the
 * items this user already consumed left out.
 */
public final class UserEntity
        extends EventSourcedBehaviorWithEnforcedReplies<UserEntity.Command, UserEntity.Event, UserProfile> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "user");

    /** Registers the entity type with cluster sharding on this node. */
    public static void init(ActorSystem<?> system, UserLimits limits, String interactionTag) {
        ClusterSharding.get(system)
                .init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), limits, interactionTag)));
    }

    public static Behavior<Command> create(String userId, UserLimits limits, String interactionTag) {
        return Behaviors.setup(ctx -> new UserEntity(userId, limits, interactionTag));
    }

    // ---- protocol ----

    public sealed interface Command extends CborSerializable
            permits RecordInteraction, GetProfile, GetRecommendations {}

    /** Persist this interaction unless its event id was already recorded. */
    public record RecordInteraction(InteractionEvent event, ActorRef<RecordResult> replyTo) implements Command {}

    public record GetProfile(ActorRef<Profile> replyTo) implements Command {}

    /** Rank {@code candidates} (best first) for this user, leaving out consumed items, and keep {@code k}. */
    public record GetRecommendations(int k, List<ScoredItem> candidates, ActorRef<Recommendations> replyTo)
            implements Command {}

    public sealed interface RecordResult extends CborSerializable permits Recorded, AlreadyRecorded {}

    public record Recorded(String eventId) implements RecordResult {}

    public record AlreadyRecorded(String eventId) implements RecordResult {}

    public record Profile(String userId, UserProfile profile) implements CborSerializable {}

    /** {@code fallback} is true when the user has no history, so the list is not personal. */
    public record Recommendations(String userId, boolean fallback, List<ScoredItem> items) implements CborSerializable {}

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

    private UserEntity(String userId, UserLimits limits, String interactionTag) {
        // A failed write (Cassandra away) restarts the entity after a pause instead of hammering the journal.
        super(
                PersistenceId.of(TYPE_KEY.name(), userId),
                SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
        this.userId = userId;
        this.limits = limits;
        this.tags = Set.of(interactionTag);
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
                .onCommand(GetRecommendations.class, this::onRecommend)
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
        return Effect().persist(recorded).thenReply(cmd.replyTo(), s -> new Recorded(e.eventId()));
    }

    private ReplyEffect<Event, UserProfile> onRecommend(UserProfile state, GetRecommendations cmd) {
        List<ScoredItem> items =
                cmd.candidates().stream().filter(c -> !state.hasSeen(c.itemId())).limit(cmd.k()).toList();
        return Effect().reply(cmd.replyTo(), new Recommendations(userId, state.isNew(), items));
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
}
