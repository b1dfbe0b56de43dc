package io.murmuration.node.user;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.ClusterShardingSettings;
import akka.cluster.sharding.typed.ShardingEnvelope;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import io.murmuration.node.CborSerializable;
import io.murmuration.node.Settings.UserLimits;
import io.murmuration.node.drift.DriftMonitor;
import io.murmuration.node.drift.DriftSettings;
import io.murmuration.node.drift.PageHinkleyDetector;
import io.murmuration.node.interaction.EarlierItem;
import io.murmuration.node.interaction.InteractionRecorded;
import io.murmuration.node.interaction.UserEvent;
import io.murmuration.node.item.CoVisitations;
import io.murmuration.node.item.InteractionWeights;
import io.murmuration.node.item.ItemShard;
import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.model.serving.ActiveModel;
import io.murmuration.node.model.serving.ServingModel;
import io.murmuration.node.model.serving.UserEmbedding;
import io.murmuration.protocol.InteractionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user of the recommender: the single writer of that user's interaction history. Each interaction
 * arriving from Kafka (or a synchronous HTTP post) is persisted once — a redelivered event id is
 * acknowledged without a second write — and tagged so the whole interaction log can be read back in order.
 * The state is a {@link UserProfile}. Besides it the entity keeps the user's embedding under the active model
 * version, folded in on every event and rebuilt from the retained history when the version changes; it is
 * derived, never persisted, so the event handler stays a pure function of (state, event). Each event also tells
 * the shard of the user's previous item what came next, which feeds the item co-occurrences. The item shards'
 * answer to the last search with the embedding is kept too, in memory, until an event or a new version changes the
 * embedding ({@link SearchedCandidates}).
 *
 * <p>Drift: before an interaction is persisted, its surprise under the current embedding is measured and written
 * into the event, and the event handler feeds it to the user's Page-Hinkley test ({@link DriftState}). When the test
 * fires, a {@link DriftDetected} is persisted with the interaction; applying it resets the test and records where
 * the new taste began, and the embedding is rebuilt with the interactions before that weighing
 * {@link DriftSettings.PerUser#weightBeforeShift()} as much. The entity also remembers, in memory only, the last list
 * the recommender served; the next interaction is a hit when its item is in it. Hit and surprise of every
 * interaction, and every alarm, go on to the {@link DriftMonitor}.
 *
 * <p>A copy of the profile is kept outside the journal ({@link Keeping}, decision 024) once the user has been quiet for
 * a while, so that a request for this user while the entity recovers can be answered from one read.
 */
public final class UserEntity
        extends EventSourcedBehaviorWithEnforcedReplies<UserEntity.Command, UserEvent, UserProfile> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "user");

    /**
     * What the entity learns with, besides its journal: the node's active model, the half-life of an event's
     * weight in the embedding (event time), how many earlier distinct items a visit pairs with and where each recorded
     * visit goes (the item shards' co-visitations and every node's popularity board), the user's drift test and where hits, surprises and alarms go, and where
     * the weight sets that would have had a taken item in their list are credited (the node's {@code BlendLeader}),
     * and whether an item is in the popular list's head now (null: no list yet), recorded with each interaction, and
     * where the learned ranking is told the candidate the user took after a list it ranked.
     */
    public record OnlineLearning(
            ActiveModel model,
            Duration tasteHalfLife,
            int coVisitWindow,
            Consumer<ItemShard.ObserveVisit> visits,
            DriftSettings.PerUser drift,
            Consumer<DriftMonitor.Command> driftMonitor,
            BlendCredits blendHits,
            Function<String, Boolean> popularNow,
            RankingSteps rankingSteps) {

        /** Without crediting weight sets (a fixed blend) or judging items popular. */
        public OnlineLearning(ActiveModel model, Duration tasteHalfLife, int coVisitWindow,
                Consumer<ItemShard.ObserveVisit> visits, DriftSettings.PerUser drift,
                Consumer<DriftMonitor.Command> driftMonitor) {
            this(model, tasteHalfLife, coVisitWindow, visits, drift, driftMonitor, (context, hits) -> {}, item -> null);
        }

        /** Without a learned ranking to teach. */
        public OnlineLearning(ActiveModel model, Duration tasteHalfLife, int coVisitWindow,
                Consumer<ItemShard.ObserveVisit> visits, DriftSettings.PerUser drift,
                Consumer<DriftMonitor.Command> driftMonitor, BlendCredits blendHits, Function<String, Boolean> popularNow) {
            this(model, tasteHalfLife, coVisitWindow, visits, drift, driftMonitor, blendHits, popularNow,
                    (candidates, taken) -> {});
        }
    }

    /**
     * Where the learned ranking is told which of a list's candidates the user took next (the node's
     * {@code LearnedRanking}); only a taken item among the candidates is told.
     */
    @FunctionalInterface
    public interface RankingSteps {
        void taken(RankedCandidates candidates, int index);
    }

    /** Where the weight sets whose top k held the item a user took after a list of {@code context} are credited. */
    @FunctionalInterface
    public interface BlendCredits {
        void credit(int context, long hitMask);
    }

    /** Registers the entity type with cluster sharding on this node, with Akka's default shards, allocation and passivation. */
    public static void init(ActorSystem<?> system, UserLimits limits, String interactionTag, OnlineLearning learning) {
        init(system, limits, null, interactionTag, learning, Keeping.NOTHING, UnaryOperator.identity());
    }

    /**
     * Registers the entity type with cluster sharding on this node, at most {@code resident}'s budget of users in
     * memory (null: Akka's configured passivation), keeping each user's profile as {@code keeping} says;
     * {@code placement} sets its shards and their allocation.
     */
    public static void init(ActorSystem<?> system, UserLimits limits, ResidentUsers resident, String interactionTag,
            OnlineLearning learning, Keeping keeping, UnaryOperator<Entity<Command, ShardingEnvelope<Command>>> placement) {
        Entity<Command, ShardingEnvelope<Command>> entity =
                Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), limits, interactionTag, learning, keeping));
        if (resident != null) {
            long maxHeap = Runtime.getRuntime().maxMemory();
            int limit = resident.limitFor(maxHeap);
            ClusterShardingSettings settings = ClusterShardingSettings.create(system);
            // The configured strategy (segmented LRU with a frequency filter) stays; only its limit is ours.
            entity = entity.withSettings(settings.withPassivationStrategy(
                    settings.passivationStrategySettings().withActiveEntityLimit(limit)));
            LOG.info("At most {} users resident on this node ({} of a {} MB heap at {} bytes each{})", limit,
                    resident.heapShare(), maxHeap >> 20, resident.bytesPerUser(), resident.limit() > 0 ? ", limit set" : "");
        }
        ClusterSharding.get(system).init(placement.apply(entity));
    }

    public static Behavior<Command> create(String userId, UserLimits limits, String interactionTag, OnlineLearning learning) {
        return create(userId, limits, interactionTag, learning, Keeping.NOTHING);
    }

    /** As above, keeping the user's profile in {@code keeping}'s store once the user has been quiet for a while. */
    public static Behavior<Command> create(String userId, UserLimits limits, String interactionTag, OnlineLearning learning,
            Keeping keeping) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new UserEntity(userId, limits, interactionTag, learning,
                keeping, ctx, timers, RecoveredUsers.get(ctx.getSystem()))));
    }

    /** The id of the user's history in the journal. */
    public static String persistenceIdOf(String userId) {
        return PersistenceId.of(TYPE_KEY.name(), userId).id();
    }

    /**
     * Where the entity keeps a copy of its profile for a returning user's first request (decision 024), and after how
     * long without a new event: one write per burst of the user's activity rather than one per event. An entity that
     * stops with a copy still due writes it then.
     */
    public record Keeping(ProfileStore store, Duration quietFor) {

        /** No copy: a returning user waits for the recovery. */
        public static final Keeping NOTHING = new Keeping(ProfileStore.NONE, Duration.ofSeconds(10));

        public Keeping {
            if (quietFor.isNegative() || quietFor.isZero()) {
                throw new IllegalArgumentException("a profile is kept after a positive quiet time, got " + quietFor);
            }
        }
    }

    // ---- protocol ----

    public sealed interface Command extends CborSerializable
            permits RecordInteraction, GetProfile, GetTaste, ListServed, RememberCandidates, KeepProfile {}

    /** Persist this interaction unless its event id was already recorded. */
    public record RecordInteraction(InteractionEvent event, ActorRef<RecordResult> replyTo) implements Command {}

    public record GetProfile(ActorRef<Profile> replyTo) implements Command {}

    /**
     * What recommending for this user needs: the embedding, the {@code recentItems} most recent distinct items
     * with a positive weight, and the items to leave out — those consumed with a type in {@code excludeTypes}.
     */
    public record GetTaste(int recentItems, Set<String> excludeTypes, ActorRef<Taste> replyTo) implements Command {}

    public sealed interface RecordResult extends CborSerializable permits Recorded, AlreadyRecorded, NotRecorded {}

    public record Recorded(String eventId) implements RecordResult {}

    public record AlreadyRecorded(String eventId) implements RecordResult {}

    /**
     * Handling this interaction failed before anything was persisted; {@code reason} names the failure. The entity
     * stays up and answers; the ingest stream counts such answers towards dead-lettering the record as poison.
     */
    public record NotRecorded(String eventId, String reason) implements RecordResult {}

    /** The recommender served this personalised list; nothing is replied. */
    public record ListServed(ServedList list) implements Command {}

    /**
     * The recommender searched the item shards with the embedding of {@code candidates}; nothing is replied. The entity
     * keeps them, in memory only, for as long as that embedding stays its own.
     */
    public record RememberCandidates(SearchedCandidates candidates) implements Command {}

    /** The user has been quiet since its last event: time to keep a copy of the profile ({@link Keeping}). */
    public record KeepProfile() implements Command {}

    /**
     * The best {@code wanted} items of an embedding search (not excluded, best first) with what they depend on: the
     * version the embedding was built on and the user's event count when it was. The same version and count mean the
     * same embedding and the same exclusions, so the same search would find the same items: a user who asks again
     * without acting in between is answered without searching.
     */
    public record SearchedCandidates(String versionId, long eventCount, int wanted, List<ScoredItem> items)
            implements CborSerializable {

        public SearchedCandidates {
            items = List.copyOf(items);
        }
    }

    /**
     * The best candidates of a list a learned ranking served, best first, each described by the same number of
     * features ({@code itemFeatures} row by row), and the features of the request ({@code userFeatures}).
     */
    public record RankedCandidates(List<String> itemIds, float[] itemFeatures, float[] userFeatures)
            implements CborSerializable {

        public RankedCandidates {
            itemIds = itemIds == null ? List.of() : List.copyOf(itemIds);
        }
    }

    /**
     * A list served to the user: item ids best first, the version that scored them, and when (wall clock).
     * {@code setsByItem} maps each item in the top k of some competing weight set to the bits of those sets (see
     * {@code BlendLeader}); null when the blend is fixed or the list was not one the leader compares, or once the user's
     * next item has been credited. {@code context} is the leader's context the list was served in (its credit
     * names it; 0 in lists of nodes of the version before, which had one). {@code rankedFrom}: the candidates a
     * learned ranking ranked the list from, which the user's next item teaches it (null when the blend ranked it, or
     * once taught).
     */
    public record ServedList(List<String> itemIds, String modelVersion, Instant servedAt, Map<String, Long> setsByItem,
            int context, RankedCandidates rankedFrom) implements CborSerializable {

        public ServedList {
            itemIds = List.copyOf(itemIds);
            setsByItem = setsByItem == null ? null : Map.copyOf(setsByItem);
        }

        public ServedList(List<String> itemIds, String modelVersion, Instant servedAt, Map<String, Long> setsByItem,
                int context) {
            this(itemIds, modelVersion, servedAt, setsByItem, context, null);
        }

        public ServedList(List<String> itemIds, String modelVersion, Instant servedAt, Map<String, Long> setsByItem) {
            this(itemIds, modelVersion, servedAt, setsByItem, 0);
        }

        public ServedList(List<String> itemIds, String modelVersion, Instant servedAt) {
            this(itemIds, modelVersion, servedAt, null, 0);
        }

        /** The bits of the sets whose top k held {@code itemId}: 0 when none did. */
        public long setsHolding(String itemId) {
            return setsByItem == null ? 0 : setsByItem.getOrDefault(itemId, 0L);
        }

        /** The same list, its sets credited and its ranking taught. */
        ServedList credited() {
            return new ServedList(itemIds, modelVersion, servedAt, null, context, null);
        }
    }

    /**
     * The persisted profile, the last list served to the user if the entity remembers one (else null), and the
     * embedding under the active version with that version's id (both null without one, or with an empty embedding).
     */
    public record Profile(String userId, UserProfile profile, ServedList lastServed, String embeddingVersion,
            float[] embedding) implements CborSerializable {

        public Profile(String userId, UserProfile profile, ServedList lastServed) {
            this(userId, profile, lastServed, null, null);
        }
    }

    /**
     * A user's taste: {@code embedding} is null when no model version is active or none of the user's items is
     * known to it; otherwise it was built on {@code versionId}. {@code recentItems} are newest first.
     * {@code popularShare} is how much the user follows the crowd ({@link UserProfile#popularShare()}), which picks the
     * blend leader's context of the user's list (0 from a node of the version before). {@code lastSeen} is the event
     * time of the user's latest interaction (null: none, or from a node of the version before), from which the learned
     * ranking reads how long the user has been away. {@code recentTakenAt}: when the user last took each of
     * {@code recentItems} (aligned; null from a node of the version before), from which the learned ranking reads how
     * many of them were new when taken.
     */
    public record Taste(
            String userId,
            long eventCount,
            String versionId,
            float[] embedding,
            List<String> recentItems,
            Set<String> exclude,
            SearchedCandidates searched,
            double popularShare,
            Instant lastSeen,
            List<Instant> recentTakenAt)
            implements CborSerializable {

        public boolean isNew() {
            return eventCount == 0;
        }
    }

    // The journal holds UserEvents: InteractionRecorded, which lives in the interaction package so that the item shards,
    // the popularity view and the trainer read it without depending on this entity, and the DriftDetected below.

    /**
     * The user's Page-Hinkley test fired on the interaction persisted just before this event.
     *
     * @param alarmId      {@code user-<userId>-<n>}, n the interaction's number in the user's history
     * @param statistic    the Page-Hinkley statistic that passed λ
     * @param observations surprises since the test's last reset, this one included
     * @param meanSurprise their mean
     * @param shiftFrom    the estimated start of the new taste: the first interaction after the statistic's minimum
     * @param at           event time of the interaction that fired the test
     * @param modelVersion the version the surprises were measured under
     */
    public record DriftDetected(
            String userId,
            String alarmId,
            double statistic,
            long observations,
            double meanSurprise,
            Instant shiftFrom,
            Instant at,
            String modelVersion)
            implements UserEvent {

        /** The detector's figures as the drift monitor keeps them. */
        public Map<String, Double> figures() {
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("statistic", statistic);
            figures.put("observations", (double) observations);
            figures.put("meanSurprise", meanSurprise);
            return figures;
        }
    }

    // ---- behaviour ----

    private static final Logger LOG = LoggerFactory.getLogger(UserEntity.class);
    private static final String KEEP_PROFILE = "keep-profile";

    private final String userId;
    private final UserLimits limits;
    private final Set<String> tags;
    private final OnlineLearning learning;
    private final DriftSettings.PerUser drift;
    // Derived from the history and the active version; null until first needed, and after a version change or alarm.
    private UserEmbedding embedding;
    // The last list served, in memory only: what the next interaction's hit is counted against.
    private ServedList lastServed;
    // The last embedding search, in memory only; handed out while its version and event count are the taste's own.
    private SearchedCandidates searched;
    private final Keeping keeping;
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final RecoveredUsers recovered;
    // An event was persisted since the profile was last kept: a copy is due.
    private boolean keepDue;

    private UserEntity(String userId, UserLimits limits, String interactionTag, OnlineLearning learning, Keeping keeping,
            ActorContext<Command> ctx, TimerScheduler<Command> timers, RecoveredUsers recovered) {
        // A failed write (Cassandra away) restarts the entity after a pause instead of hammering the journal.
        super(
                PersistenceId.ofUniqueId(persistenceIdOf(userId)),
                SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
        this.userId = userId;
        this.limits = limits;
        this.tags = Set.of(interactionTag);
        this.learning = learning;
        this.drift = learning.drift();
        this.keeping = keeping;
        this.ctx = ctx;
        this.timers = timers;
        this.recovered = recovered;
    }

    @Override
    public UserProfile emptyState() {
        return UserProfile.EMPTY;
    }

    @Override
    public CommandHandlerWithReply<Command, UserEvent, UserProfile> commandHandler() {
        return newCommandHandlerWithReplyBuilder()
                .forAnyState()
                .onCommand(RecordInteraction.class, this::onRecord)
                .onCommand(GetProfile.class, this::onGetProfile)
                .onCommand(GetTaste.class, this::onGetTaste)
                .onCommand(ListServed.class, (state, cmd) -> {
                    lastServed = cmd.list();
                    return Effect().noReply();
                })
                .onCommand(RememberCandidates.class, (state, cmd) -> {
                    // A search that an interaction overtook belongs to an embedding the user no longer has.
                    if (cmd.candidates().eventCount() == state.eventCount()) searched = cmd.candidates();
                    return Effect().noReply();
                })
                .onCommand(KeepProfile.class, (state, cmd) -> {
                    keepProfile(state);
                    return Effect().noReply();
                })
                .build();
    }

    @Override
    public SignalHandler<UserProfile> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> {
                    recovered.recovered(userId);
                    // A list served from the kept copy while the entity was stopped is the one the next event answers.
                    ServedList servedFromCopy = recovered.takeServedWhileStopped(userId);
                    if (servedFromCopy != null) lastServed = servedFromCopy;
                })
                // Passivated, handed off or shut down: the copy still due is written now, or the user's next request
                // after a restart would be answered from an older one.
                .onSignal(PostStop.instance(), state -> {
                    recovered.stopped(userId);
                    if (keepDue) keepProfile(state);
                })
                .onSignal(PreRestart.instance(), state -> recovered.stopped(userId))
                .build();
    }

    /**
     * Writes the profile to the store, without waiting: a copy that fails to be written is older than the journal, and
     * is not served.
     */
    private void keepProfile(UserProfile state) {
        keepDue = false;
        if (state.isNew()) {
            return;
        }
        try {
            keeping.store().save(userId, state, lastSequenceNumber(ctx)).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.debug("User {}: the copy of the profile was not kept: {}", userId, failure.toString());
                }
            });
        } catch (RuntimeException failure) {
            LOG.warn("User {}: the copy of the profile could not be written", userId, failure);
        }
    }

    private ReplyEffect<UserEvent, UserProfile> onRecord(UserProfile state, RecordInteraction cmd) {
        InteractionEvent e = cmd.event();
        try {
            return record(state, cmd);
        } catch (RuntimeException failure) {
            // Nothing was persisted: the entity answers and stays up, whatever this one event did.
            LOG.warn("Could not record event {} of user {}", e.eventId(), userId, failure);
            return Effect().reply(cmd.replyTo(), new NotRecorded(e.eventId(), describe(failure)));
        }
    }

    private ReplyEffect<UserEvent, UserProfile> record(UserProfile state, RecordInteraction cmd) {
        InteractionEvent e = cmd.event();
        if (state.hasRecorded(e.eventId())) {
            return Effect().reply(cmd.replyTo(), new AlreadyRecorded(e.eventId()));
        }
        Optional<ServingModel> model = learning.model().current();
        Double surprise = model.flatMap(m -> derived("the surprise of " + e.eventId(), () -> surpriseOf(state, m, e.itemId()),
                Optional.<Double>empty())).orElse(null);
        InteractionRecorded recorded =
                new InteractionRecorded(
                        userId, e.eventId(), e.itemId(), e.type().wireName(), e.value(), e.timestamp(), e.context(),
                        surprise, surprise == null ? null : model.get().versionId(),
                        earlierVisits(state, learning.coVisitWindow()),
                        derived("whether " + e.itemId() + " is popular", () -> learning.popularNow().apply(e.itemId()), null));
        Boolean hit = lastServed == null ? null : lastServed.itemIds().contains(e.itemId());
        // The first item the user takes after a list decides which weight sets would have had it: one credit per list,
        // as one prequential trial per list served.
        boolean positive = InteractionWeights.of(e.type().wireName(), e.value()) > 0;
        Long credit = lastServed != null && lastServed.setsByItem() != null && positive
                ? lastServed.setsHolding(e.itemId())
                : null;
        RankedCandidates taught = lastServed != null && positive ? lastServed.rankedFrom() : null;
        DriftDetected alarm = surprise == null ? null : driftAfter(state, recorded);
        List<UserEvent> events = new ArrayList<>(2);
        events.add(recorded);
        if (alarm != null) {
            events.add(alarm);
        }
        return Effect().persist(events)
                .thenRun(s -> derived("learning from " + e.eventId(), () -> {
                    if (keeping.store() != ProfileStore.NONE) {
                        keepDue = true;
                        timers.startSingleTimer(KEEP_PROFILE, new KeepProfile(), keeping.quietFor());
                    }
                    learnFrom(s, recorded, alarm != null);
                    report(recorded, hit, alarm);
                    if (credit != null || taught != null) {
                        lastServed = lastServed.credited();
                    }
                    if (credit != null) {
                        learning.blendHits().credit(lastServed.context(), credit);
                    }
                    if (taught != null && taught.itemIds().contains(e.itemId())) {
                        learning.rankingSteps().taken(taught, taught.itemIds().indexOf(e.itemId()));
                    }
                    return true;
                }, false))
                .thenReply(cmd.replyTo(), s -> new Recorded(e.eventId()));
    }

    /**
     * Runs a computation of derived state (embedding, surprise, co-occurrence and drift reports); should it fail, the
     * embedding is dropped, to be refolded on its next read, and {@code otherwise} stands in. The persisted history is
     * the truth: a failure in what is derived from it never stops the entity.
     */
    private <T> T derived(String what, Supplier<T> computation, T otherwise) {
        try {
            return computation.get();
        } catch (RuntimeException failure) {
            LOG.warn("User {}: {} failed; the embedding is rebuilt on its next read", userId, what, failure);
            embedding = null;
            searched = null;
            return otherwise;
        }
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    /** The item's surprise under the user's current embedding; empty without an embedding or for an unknown item. */
    private Optional<Double> surpriseOf(UserProfile state, ServingModel model, String itemId) {
        UserEmbedding current = embeddingUnder(model, state);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        return model.vectorOf(itemId).map(item -> model.surprise().surpriseOf(current.vector(), item));
    }

    /** The alarm this interaction raises, if the user's test fires on its surprise. */
    private DriftDetected driftAfter(UserProfile state, InteractionRecorded recorded) {
        DriftState after = state.drift().afterSurprise(recorded.surprise(), recorded.modelVersion(), recorded.timestamp(),
                drift);
        if (!after.alarm(drift)) {
            return null;
        }
        PageHinkleyDetector.State test = after.detector();
        String alarmId = "user-" + userId + "-" + (state.eventCount() + 1);
        return new DriftDetected(userId, alarmId, test.statistic(), test.count(), test.mean(), after.changeFrom(),
                recorded.timestamp(), recorded.modelVersion());
    }

    private void learnFrom(UserProfile state, InteractionRecorded recorded, boolean shifted) {
        searched = null; // found with the embedding this interaction changes
        if (shifted) {
            embedding = null; // rebuilt on its next use, with the history before the shift down-weighted
        } else if (embedding != null) {
            boolean current = learning.model().current().map(m -> m.versionId().equals(embedding.versionId())).orElse(false);
            if (current) {
                embedding.add(observation(UserProfile.Interaction.of(recorded), state.drift().lastShiftAt(), drift.weightBeforeShift()));
            } else {
                embedding = null; // built on another version: refolded on its next read
            }
        }
        learning.visits().accept(new ItemShard.ObserveVisit(new CoVisitations.Visit(recorded.itemId(),
                InteractionWeights.of(recorded.type(), recorded.value()), recorded.earlierItems(), recorded.timestamp()),
                recorded.eventId()));
    }

    private void report(InteractionRecorded recorded, Boolean hit, DriftDetected alarm) {
        if (hit != null || recorded.surprise() != null) {
            learning.driftMonitor().accept(new DriftMonitor.Observe(userId, hit, recorded.surprise(), recorded.timestamp()));
        }
        if (alarm != null) {
            learning.driftMonitor().accept(new DriftMonitor.RaiseUserAlarm(alarm.alarmId(), userId, alarm.figures(),
                    alarm.modelVersion(), alarm.at(), alarm.shiftFrom()));
        }
    }

    private ReplyEffect<UserEvent, UserProfile> onGetProfile(UserProfile state, GetProfile cmd) {
        float[] vector = derived("the embedding for a profile", () -> currentVector(state), null);
        return Effect().reply(cmd.replyTo(),
                new Profile(userId, state, lastServed, vector == null ? null : embedding.versionId(), vector));
    }

    private ReplyEffect<UserEvent, UserProfile> onGetTaste(UserProfile state, GetTaste cmd) {
        float[] vector = derived("the embedding for a taste", () -> currentVector(state), null);
        String versionId = vector == null ? null : embedding.versionId();
        boolean stillValid = searched != null && searched.eventCount() == state.eventCount()
                && searched.versionId().equals(versionId);
        return Effect().reply(cmd.replyTo(),
                taste(userId, state, versionId, vector, cmd.recentItems(), cmd.excludeTypes(), stillValid ? searched : null));
    }

    /** The embedding's vector under the active version, solved if needed; null without a version or a known item. */
    private float[] currentVector(UserProfile state) {
        Optional<ServingModel> model = learning.model().current();
        if (model.isEmpty()) {
            embedding = null;
        } else {
            embeddingUnder(model.get(), state);
        }
        return embedding == null || embedding.isEmpty() ? null : embedding.vector();
    }

    /** The embedding under {@code model}, refolded from the retained history unless it was built on that version. */
    private UserEmbedding embeddingUnder(ServingModel model, UserProfile state) {
        if (embedding == null || !embedding.versionId().equals(model.versionId())) {
            embedding = embeddingOf(state, model, learning.tasteHalfLife(), drift.weightBeforeShift());
        }
        return embedding;
    }

    /** An interaction as the fold-in sees it: before the latest detected shift of taste, it weighs less. */
    private static UserEmbedding.Observation observation(UserProfile.Interaction i, Instant shift, double weightBeforeShift) {
        double weight = InteractionWeights.of(i.type(), i.value());
        if (shift != null && i.timestamp().isBefore(shift)) {
            weight *= weightBeforeShift;
        }
        return new UserEmbedding.Observation(i.itemId(), weight, i.timestamp());
    }

    /** The user's distinct positive visits, latest first, up to {@code wanted}, with the weight of the latest of each. */
    private static List<EarlierItem> earlierVisits(UserProfile state, int wanted) {
        return recentPositive(state, wanted).stream()
                .map(i -> new EarlierItem(i.itemId(), InteractionWeights.of(i.type(), i.value())))
                .toList();
    }

    /** The latest positive interaction with each of the user's {@code wanted} latest distinct positive items, newest first. */
    private static List<UserProfile.Interaction> recentPositive(UserProfile state, int wanted) {
        Set<String> items = new HashSet<>();
        List<UserProfile.Interaction> recent = new ArrayList<>(wanted);
        List<UserProfile.Interaction> history = state.recentHistory();
        for (int i = history.size() - 1; i >= 0 && recent.size() < wanted; i--) {
            UserProfile.Interaction interaction = history.get(i);
            if (InteractionWeights.of(interaction.type(), interaction.value()) > 0 && items.add(interaction.itemId())) {
                recent.add(interaction);
            }
        }
        return List.copyOf(recent);
    }

    @Override
    public EventHandler<UserProfile, UserEvent> eventHandler() {
        return newEventHandlerBuilder()
                .forAnyState()
                .onEvent(InteractionRecorded.class, (state, event) -> {
                    UserProfile next = state.apply(UserProfile.Interaction.of(event), event.popular(), limits);
                    return event.surprise() == null ? next : next.withDrift(state.drift().afterSurprise(
                            event.surprise(), event.modelVersion(), event.timestamp(), drift));
                })
                .onEvent(DriftDetected.class, (state, event) ->
                        state.withDrift(state.drift().afterAlarm(event.alarmId(), event.shiftFrom())))
                .build();
    }

    @Override
    public Set<String> tagsFor(UserEvent event) {
        // The tag marks the interaction log; an alarm is no interaction.
        return event instanceof InteractionRecorded ? tags : Set.of();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(limits.snapshotEvery(), 2);
    }

    // ---- the same functions, for an audit that rebuilds a user from the journal ----

    /**
     * The embedding the entity builds from {@code profile} under {@code model}: the one function the live entity and
     * an audit replay share, so a replayed embedding equals the one served then. Interactions before the profile's
     * latest detected shift of taste weigh {@code weightBeforeShift} as much.
     */
    public static UserEmbedding embeddingOf(UserProfile profile, ServingModel model, Duration tasteHalfLife,
            double weightBeforeShift) {
        Instant shift = profile.drift().lastShiftAt();
        return UserEmbedding.refold(model, tasteHalfLife,
                profile.recentHistory().stream().map(i -> observation(i, shift, weightBeforeShift)).toList());
    }

    /**
     * A user's taste from a copy of the profile kept outside the journal ({@link ProfileStore}): the embedding under
     * {@code model} refolded as the entity refolds it, the recent items and the exclusions as the entity finds them.
     * The embedding is null without a model or when none of the user's items is known to it.
     */
    public static Taste tasteOf(String userId, UserProfile profile, Optional<ServingModel> model, Duration tasteHalfLife,
            double weightBeforeShift, int recentItems, Set<String> excludeTypes) {
        UserEmbedding folded = model.map(m -> embeddingOf(profile, m, tasteHalfLife, weightBeforeShift)).orElse(null);
        boolean known = folded != null && !folded.isEmpty();
        return taste(userId, profile, known ? folded.versionId() : null, known ? folded.vector() : null, recentItems,
                excludeTypes, null);
    }

    /** The taste of {@code profile} with its embedding's vector (null: none) under {@code versionId}. */
    private static Taste taste(String userId, UserProfile profile, String versionId, float[] vector, int recentItems,
            Set<String> excludeTypes, SearchedCandidates searched) {
        List<UserProfile.Interaction> recent = recentPositive(profile, recentItems);
        return new Taste(userId, profile.eventCount(), versionId, vector,
                recent.stream().map(UserProfile.Interaction::itemId).toList(), profile.excludedItems(excludeTypes),
                searched, profile.popularShare(), profile.lastSeen(),
                recent.stream().map(UserProfile.Interaction::timestamp).toList());
    }

    /**
     * The profile after {@code events}, oldest first, applied from the empty state by this entity's own event handler;
     * the drift test's δ must be the one the events were written with.
     */
    public static UserProfile replay(String userId, UserLimits limits, DriftSettings.PerUser drift, Iterable<UserEvent> events) {
        EventHandler<UserProfile, UserEvent> handler =
                new UserEntity(userId, limits, "", new OnlineLearning(null, null, 0, null, drift, null), Keeping.NOTHING, null,
                        null, null).eventHandler();
        UserProfile state = UserProfile.EMPTY;
        for (UserEvent event : events) {
            state = handler.apply(state, event);
        }
        return state;
    }
}
