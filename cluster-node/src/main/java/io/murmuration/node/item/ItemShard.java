package io.murmuration.node.item;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.pattern.StatusReply;
import io.murmuration.node.CborSerializable;
import io.murmuration.node.Supervision;
import io.murmuration.node.model.ModelRegistry;
import io.murmuration.node.model.ModelStore.StoredFactors;
import io.murmuration.node.user.UserEntity.InteractionRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

/**
 * One of S shards of the item catalog: item {@code i} belongs to shard {@code floorMod(i.hashCode(), S)}.
 * A shard serves nearest-neighbour search over its items' factors for the active model version, and keeps
 * the previously active version's index loaded so a rollback is a swap, not a rebuild. A new version is
 * first prepared (factors loaded, graph built off the actor while the old one keeps serving), then
 * activated. The shard also keeps its items' co-occurrence neighbours, fed by consecutive interactions.
 * Indexes and co-occurrences are rebuilt from the model store and the log, so the shard persists nothing:
 * every {@code reconcileInterval} it asks the registry which version is active and activates it (preparing it
 * first when needed), and on start it reads the interaction log back to rebuild its co-occurrences while
 * live observations keep arriving (an event seen both ways counts once, by its event id).
 */
public final class ItemShard extends AbstractBehavior<ItemShard.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "item-shard");

    /** Where a shard gets a version's item factors from (the model store in production). */
    @FunctionalInterface
    public interface FactorSource {
        CompletionStage<Optional<StoredFactors>> load(String versionId);
    }

    /** Where a shard reads the interaction log from to rebuild its co-occurrences (the journal in production). */
    @FunctionalInterface
    public interface InteractionHistory {
        CompletionStage<Done> readAll(Consumer<InteractionRecorded> sink);
    }

    /**
     * Where a shard's state comes from; {@code history} and {@code registry} may be null (tests), which leaves
     * co-occurrences to live observations and activation to explicit commands.
     */
    public record Sources(FactorSource factors, InteractionHistory history, ActorRef<ModelRegistry.Command> registry) {}

    /** How a shard builds and searches its indexes, how long co-occurrence lasts and how often it asks the registry. */
    public record Settings(
            int shards,
            AnnParameters ann,
            ForkJoinPool buildPool,
            int maxNeighbours,
            Duration coOccurrenceHalfLife,
            Duration reconcileInterval) {}

    public static int shardOf(String itemId, int shards) {
        return Math.floorMod(itemId.hashCode(), shards); // String.hashCode is fixed by the language, so every node agrees
    }

    /**
     * Registers the entity type with cluster sharding on this node, entity ids "0" … "S−1", and wakes every shard.
     * Shards are not remembered entities, so without the wake-up a restarted shard would start only on its first
     * search, and that search's users would wait while it reads the log back and builds its indexes.
     */
    public static void init(ActorSystem<?> system, Sources sources, Settings settings, Supervision supervision) {
        ClusterSharding sharding = ClusterSharding.get(system);
        sharding.init(Entity.of(TYPE_KEY,
                ctx -> supervision.restarting(create(Integer.parseInt(ctx.getEntityId()), sources, settings))));
        for (String id : entityIds(settings.shards())) {
            sharding.entityRefFor(TYPE_KEY, id).tell(new Reconcile());
        }
    }

    /** Every shard's entity id, "0" … "S−1". */
    public static List<String> entityIds(int shards) {
        return java.util.stream.IntStream.range(0, shards).mapToObj(Integer::toString).toList();
    }

    public static Behavior<Command> create(int shard, Sources sources, Settings settings) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            if (sources.registry() != null) {
                timers.startTimerWithFixedDelay(new Reconcile(), Duration.ZERO, settings.reconcileInterval());
            }
            return new ItemShard(ctx, shard, sources, settings);
        }));
    }

    // ---- protocol ----

    public sealed interface Command extends CborSerializable
            permits Prepare, Activate, Search, ObserveNext, Neighbours, GetServing, Prepared, PrepareFailed, Reconcile,
                    RegistrySays, Replayed, ReplayDone, RetryReplay {}

    /** Loads the version's factors for this shard's items and builds its index, ready to activate. */
    public record Prepare(String versionId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

    /**
     * Serves the version from now on: at once when it is prepared or was the previously active one, otherwise
     * once it has been prepared; the reply comes when the shard serves it.
     */
    public record Activate(String versionId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

    /**
     * The {@code k} items of this shard with the highest inner product with {@code query}, none excluded, scored
     * with the index of {@code versionId} (the query was built on that version; null means the active one). A shard
     * that holds no index of that version answers with no items and the version it serves.
     */
    public record Search(float[] query, String versionId, int k, Set<String> exclude, ActorRef<Candidates> replyTo)
            implements Command {}

    /** A user who interacted with {@code previous} (an item of this shard) next interacted with {@code next}. */
    public record ObserveNext(String previous, String next, double weight, Instant at, String eventId)
            implements Command {}

    public record Neighbours(String itemId, int k, ActorRef<Candidates> replyTo) implements Command {}

    public record GetServing(ActorRef<Serving> replyTo) implements Command {}

    /** Candidates from this shard; {@code versionId} is the version they were scored with (null: none active). */
    public record Candidates(int shard, String versionId, List<ScoredItem> items) implements CborSerializable {}

    /** Which versions this shard serves and holds ready. */
    public record Serving(int shard, String active, String previous, List<String> prepared) implements CborSerializable {}

    private record Prepared(String versionId, AnnIndex index, ActorRef<StatusReply<Done>> replyTo) implements Command {}

    private record PrepareFailed(String versionId, String reason, ActorRef<StatusReply<Done>> replyTo) implements Command {}

    private record Reconcile() implements Command {}

    private record RegistrySays(Optional<String> active) implements Command {}

    private record Replayed(ObserveNext observation) implements Command {}

    private record ReplayDone(long observations, Throwable failure) implements Command {}

    private record RetryReplay() implements Command {}

    /** The first wait before reading the log back again after a failed read; it doubles up to the maximum. */
    private static final Duration FIRST_REPLAY_RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_REPLAY_RETRY = Duration.ofMinutes(1);

    /** How many prepared versions a shard keeps besides the active and previous ones. */
    private static final int MAX_PREPARED = 2;

    // ---- behaviour ----

    private final int shard;
    private final Sources sources;
    private final Settings settings;
    // Replaced, empty, when a read-back fails part way: the next read counts everything again.
    private CoOccurrenceNeighbours coOccurrence;
    private final Map<String, AnnIndex> prepared = new LinkedHashMap<>();
    private final Set<String> preparing = new HashSet<>();
    private final Map<String, List<ActorRef<StatusReply<Done>>>> activateWhenPrepared = new HashMap<>();
    // Event ids observed live while the log is being read back, so the read-back does not count them again.
    private Set<String> observedDuringReplay;
    private Duration nextReplayRetry = FIRST_REPLAY_RETRY;
    private String activeVersion;
    private AnnIndex active;
    private String previousVersion;
    private AnnIndex previous;

    private ItemShard(ActorContext<Command> ctx, int shard, Sources sources, Settings settings) {
        super(ctx);
        this.shard = shard;
        this.sources = sources;
        this.settings = settings;
        this.coOccurrence = new CoOccurrenceNeighbours(settings.maxNeighbours(), settings.coOccurrenceHalfLife());
        if (sources.history() != null) {
            observedDuringReplay = new HashSet<>();
            replayHistory();
        }
    }

    private void replayHistory() {
        ActorRef<Command> self = getContext().getSelf();
        ConsecutiveInteractions consecutive = new ConsecutiveInteractions();
        long[] sent = new long[1];
        // The sink runs on one stream thread at a time, so the per-user bookkeeping needs no lock.
        CompletionStage<Done> done = sources.history().readAll(event -> consecutive.previousOf(event.userId(), event.itemId())
                .filter(previousItem -> shardOf(previousItem, settings.shards()) == shard)
                .ifPresent(previousItem -> {
                    sent[0]++;
                    self.tell(new Replayed(new ObserveNext(previousItem, event.itemId(),
                            InteractionWeights.of(event.type(), event.value()), event.timestamp(), event.eventId())));
                }));
        getContext().pipeToSelf(done, (ok, failure) -> new ReplayDone(sent[0], failure));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Prepare.class, this::onPrepare)
                .onMessage(Prepared.class, this::onPrepared)
                .onMessage(PrepareFailed.class, this::onPrepareFailed)
                .onMessage(Activate.class, this::onActivate)
                .onMessage(Search.class, this::onSearch)
                .onMessage(ObserveNext.class, this::onObserveNext)
                .onMessage(Neighbours.class, this::onNeighbours)
                .onMessage(GetServing.class, this::onGetServing)
                .onMessage(Reconcile.class, this::onReconcile)
                .onMessage(RegistrySays.class, this::onRegistrySays)
                .onMessage(Replayed.class, this::onReplayed)
                .onMessage(ReplayDone.class, this::onReplayDone)
                .onMessage(RetryReplay.class, retry -> {
                    replayHistory();
                    return this;
                })
                .build();
    }

    private Behavior<Command> onPrepare(Prepare cmd) {
        if (indexOf(cmd.versionId()) != null) {
            cmd.replyTo().tell(StatusReply.ack());
            return this;
        }
        startPreparing(cmd.versionId(), cmd.replyTo());
        return this;
    }

    private void startPreparing(String version, ActorRef<StatusReply<Done>> replyTo) {
        preparing.add(version);
        // Loading and the graph build run off the actor: searches go on being answered meanwhile.
        CompletionStage<AnnIndex> built = sources.factors().load(version).thenCompose(stored -> {
            StoredFactors factors = stored.orElseThrow(
                    () -> new IllegalStateException("model version " + version + " is not in the model store"));
            return CompletableFuture.supplyAsync(() -> buildOwnIndex(factors), settings.buildPool());
        });
        getContext().pipeToSelf(built, (index, failure) -> failure == null
                ? new Prepared(version, index, replyTo)
                : new PrepareFailed(version, rootMessage(failure), replyTo));
    }

    /** The index of that version if this shard holds it (active, previous or prepared), else null. */
    private AnnIndex indexOf(String version) {
        if (version == null) return null;
        if (version.equals(activeVersion)) return active;
        if (version.equals(previousVersion)) return previous;
        return prepared.get(version);
    }

    private AnnIndex buildOwnIndex(StoredFactors factors) {
        int d = factors.dimension();
        List<String> ids = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < factors.itemIds().length; i++) {
            if (shardOf(factors.itemIds()[i], settings.shards()) == shard) {
                ids.add(factors.itemIds()[i]);
                rows.add(i);
            }
        }
        float[] own = new float[ids.size() * d];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(factors.factors(), rows.get(r) * d, own, r * d, d);
        }
        return AnnIndex.build(ids.toArray(String[]::new), own, d, settings.ann(), settings.buildPool());
    }

    private Behavior<Command> onPrepared(Prepared msg) {
        preparing.remove(msg.versionId());
        prepared.put(msg.versionId(), msg.index());
        while (prepared.size() > MAX_PREPARED) {
            prepared.remove(prepared.keySet().iterator().next()); // the oldest preparation that was never activated
        }
        getContext().getLog().info("Item shard {} prepared model version {} ({} items)", shard, msg.versionId(), msg.index().size());
        msg.replyTo().tell(StatusReply.ack());
        List<ActorRef<StatusReply<Done>>> waiting = activateWhenPrepared.remove(msg.versionId());
        if (waiting != null) {
            swapTo(msg.versionId());
            waiting.forEach(r -> r.tell(StatusReply.ack()));
        }
        return this;
    }

    private Behavior<Command> onPrepareFailed(PrepareFailed msg) {
        preparing.remove(msg.versionId());
        getContext().getLog().warn("Item shard {} could not prepare model version {}: {}", shard, msg.versionId(), msg.reason());
        StatusReply<Done> failure =
                StatusReply.error("shard " + shard + " could not prepare " + msg.versionId() + ": " + msg.reason());
        msg.replyTo().tell(failure);
        List<ActorRef<StatusReply<Done>>> waiting = activateWhenPrepared.remove(msg.versionId());
        if (waiting != null) {
            waiting.forEach(r -> r.tell(failure));
        }
        return this;
    }

    private Behavior<Command> onActivate(Activate cmd) {
        String version = cmd.versionId();
        if (indexOf(version) != null) {
            swapTo(version);
            cmd.replyTo().tell(StatusReply.ack());
            return this;
        }
        activateWhenPrepared.computeIfAbsent(version, v -> new ArrayList<>()).add(cmd.replyTo());
        if (!preparing.contains(version)) {
            startPreparing(version, getContext().getSystem().ignoreRef());
        }
        return this;
    }

    private void swapTo(String version) {
        if (version.equals(activeVersion)) {
            return;
        }
        AnnIndex next = version.equals(previousVersion) ? previous : prepared.remove(version); // previous: a rollback, no rebuild
        previousVersion = activeVersion;
        previous = active;
        activeVersion = version;
        active = next;
        getContext().getLog().info("Item shard {} serves model version {} (previous {})", shard, activeVersion, previousVersion);
    }

    private Behavior<Command> onReconcile(Reconcile tick) {
        // Without a registry (tests) there is nothing to ask; the wake-up at start-up is a Reconcile too.
        if (sources.registry() == null) return this;
        getContext().ask(ModelRegistry.State.class, sources.registry(), settings.reconcileInterval(),
                ModelRegistry.GetState::new, (state, failure) -> new RegistrySays(
                        state == null ? Optional.ofNullable(activeVersion) : state.active()));
        return this;
    }

    private Behavior<Command> onRegistrySays(RegistrySays msg) {
        msg.active()
                .filter(version -> !version.equals(activeVersion) && !activateWhenPrepared.containsKey(version))
                .ifPresent(version -> getContext().getSelf().tell(new Activate(version, getContext().getSystem().ignoreRef())));
        return this;
    }

    private Behavior<Command> onSearch(Search cmd) {
        String version = cmd.versionId() == null ? activeVersion : cmd.versionId();
        AnnIndex index = indexOf(version);
        List<ScoredItem> items = index == null ? List.of() : index.search(cmd.query(), cmd.k(), cmd.exclude()::contains);
        cmd.replyTo().tell(new Candidates(shard, index == null ? activeVersion : version, items));
        return this;
    }

    private Behavior<Command> onObserveNext(ObserveNext msg) {
        if (observedDuringReplay != null) {
            observedDuringReplay.add(msg.eventId());
        }
        observeNext(msg);
        return this;
    }

    // A co-occurrence is derived state: an observation it cannot take is logged and left out, never a failed shard.
    private void observeNext(ObserveNext o) {
        try {
            coOccurrence.observe(o.previous(), o.next(), o.weight(), o.at());
        } catch (RuntimeException e) {
            getContext().getLog().warn("Item shard {} left out the co-occurrence {} -> {} of event {}", shard, o.previous(),
                    o.next(), o.eventId(), e);
        }
    }

    private Behavior<Command> onReplayed(Replayed msg) {
        ObserveNext o = msg.observation();
        if (observedDuringReplay == null || !observedDuringReplay.contains(o.eventId())) {
            observeNext(o);
        }
        return this;
    }

    private Behavior<Command> onReplayDone(ReplayDone msg) {
        if (msg.failure() != null) {
            getContext().getLog().warn("Item shard {} could not read the interaction log back, reading it again in {} s: {}",
                    shard, nextReplayRetry.toSeconds(), rootMessage(msg.failure()));
            // Every pair the failed read counted, and every live one since (all in the log), is counted again by
            // the next read; only events that arrive live from now on are left out of it.
            coOccurrence = new CoOccurrenceNeighbours(settings.maxNeighbours(), settings.coOccurrenceHalfLife());
            observedDuringReplay = new HashSet<>();
            getContext().scheduleOnce(nextReplayRetry, getContext().getSelf(), new RetryReplay());
            Duration doubled = nextReplayRetry.multipliedBy(2);
            nextReplayRetry = doubled.compareTo(MAX_REPLAY_RETRY) > 0 ? MAX_REPLAY_RETRY : doubled;
            return this;
        }
        getContext().getLog().info("Item shard {} rebuilt co-occurrences from {} logged pairs ({} items)", shard,
                msg.observations(), coOccurrence.itemCount());
        observedDuringReplay = null;
        return this;
    }

    private Behavior<Command> onNeighbours(Neighbours cmd) {
        cmd.replyTo().tell(new Candidates(shard, activeVersion, coOccurrence.neighbours(cmd.itemId(), cmd.k())));
        return this;
    }

    private Behavior<Command> onGetServing(GetServing cmd) {
        cmd.replyTo().tell(new Serving(shard, activeVersion, previousVersion, List.copyOf(prepared.keySet())));
        return this;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
