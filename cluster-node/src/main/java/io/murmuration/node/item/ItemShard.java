package io.murmuration.node.item;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.pattern.StatusReply;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.murmuration.node.CborSerializable;
import io.murmuration.node.Supervision;
import io.murmuration.node.checkpoint.CheckpointStore;
import io.murmuration.node.checkpoint.ViewCheckpoints;
import io.murmuration.node.interaction.EarlierItem;
import io.murmuration.node.interaction.InteractionRecorded;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.node.model.versions.ModelStore.StoredFactors;
import io.murmuration.protocol.CatalogItem;
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
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One of S shards of the item catalog: item {@code i} belongs to shard {@code floorMod(i.hashCode(), S)}.
 * A shard serves nearest-neighbour search over its items' factors for the active model version, and keeps
 * the previously active version's index loaded so a rollback is a swap, not a rebuild. A new version is
 * first prepared (factors loaded, graph built off the actor while the old one keeps serving), then
 * activated. The shard also keeps its items' co-visitations ({@link CoVisitations}) and activity ({@link
 * ItemActivity}: how often and when each was taken): every visit of one of its items, or after one of them, reaches
 * it from the user's entity, with the visits before it.
 * Indexes are rebuilt from the model store: every {@code reconcileInterval} the shard asks the registry which version
 * is active and activates it (preparing it first when needed). Co-visitations are checkpointed every
 * {@code checkpointInterval}; a shard that starts (after a crash, a restart, or on another node) loads its last
 * checkpoint and reads back only the log since it, while live observations keep arriving (an event seen both ways
 * counts once, by its event id). Without a checkpoint it reads the whole log once.
 *
 * <p>The shard also keeps its cold items ({@link ColdItems}): the catalog attributes of its items, told by the catalog
 * stream and read from the items table once its co-visitations are restored, and how often each was visited (in the co-visitation
 * checkpoint), so it can answer which of its items are new and like a user's recent ones.
 */
public final class ItemShard extends AbstractBehavior<ItemShard.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "item-shard");

    /** Where a shard gets a version's item factors from (the model store in production). */
    @FunctionalInterface
    public interface FactorSource {
        CompletionStage<Optional<StoredFactors>> load(String versionId);
    }

    /** Where a shard reads the interaction log from to rebuild its co-visitations (the journal in production). */
    @FunctionalInterface
    public interface InteractionHistory {
        /** Every interaction recorded after {@code after} (the whole log when empty) up to now, in log order. */
        CompletionStage<Done> readSince(Optional<UUID> after, Consumer<InteractionRecorded> sink);
    }

    /** Where a shard reads its items' catalog attributes from when it starts (the items table in production). */
    @FunctionalInterface
    public interface CatalogSource {
        /** Every item {@code owns} accepts that has catalog attributes. */
        CompletionStage<List<CatalogItem>> itemsWithAttributes(Predicate<String> owns);
    }

    /**
     * Where a shard's state comes from; {@code history}, {@code checkpoints}, {@code registry} and {@code catalog} may
     * be null (tests): without a history co-visitations come from live observations only, without checkpoints a start
     * reads the whole history, without a registry activation waits for explicit commands, without a catalog the cold
     * items are only those catalogued since the start.
     */
    public record Sources(FactorSource factors, InteractionHistory history, CheckpointStore checkpoints,
            ActorRef<ModelRegistry.Command> registry, CatalogSource catalog) {

        public Sources(FactorSource factors, InteractionHistory history, CheckpointStore checkpoints,
                ActorRef<ModelRegistry.Command> registry) {
            this(factors, history, checkpoints, registry, null);
        }

        public Sources(FactorSource factors, InteractionHistory history, ActorRef<ModelRegistry.Command> registry) {
            this(factors, history, null, registry, null);
        }
    }

    /**
     * How a shard builds and searches its indexes, how co-visitations are counted, how often it asks the registry and
     * how often it checkpoints its co-visitations.
     */
    public record Settings(
            int shards,
            AnnParameters ann,
            ForkJoinPool buildPool,
            CoVisitSettings coVisits,
            Duration reconcileInterval,
            Duration checkpointInterval,
            ColdSettings cold) {

        /** With the default cold items. */
        public Settings(int shards, AnnParameters ann, ForkJoinPool buildPool, CoVisitSettings coVisits,
                Duration reconcileInterval, Duration checkpointInterval) {
            this(shards, ann, buildPool, coVisits, reconcileInterval, checkpointInterval, ColdSettings.DEFAULTS);
        }

        /** With a checkpoint every 30 s. */
        public Settings(int shards, AnnParameters ann, ForkJoinPool buildPool, CoVisitSettings coVisits,
                Duration reconcileInterval) {
            this(shards, ann, buildPool, coVisits, reconcileInterval, Duration.ofSeconds(30));
        }
    }

    /** Which items are cold and how they are matched (see {@link ColdItems}). */
    public record ColdSettings(int warmAfter, Set<String> attributes, int maxPerValue) {

        public static final ColdSettings DEFAULTS = new ColdSettings(5, Set.of("category"), 10);

        public ColdSettings {
            attributes = Set.copyOf(attributes);
        }

        ColdItems empty(Predicate<String> owns) {
            return new ColdItems(warmAfter, attributes, maxPerValue, owns);
        }
    }

    /**
     * How co-visitations are counted and kept (see {@link CoVisitations}); {@code window} is how many of a user's
     * earlier distinct items each visit pairs with, recorded with the visit so that the log read back pairs alike.
     */
    public record CoVisitSettings(int window, double distanceExponent, double backwardWeight, Duration halfLife,
            int maxNeighbours) {

        CoVisitations empty(Predicate<String> owns) {
            return new CoVisitations(maxNeighbours, halfLife, distanceExponent, backwardWeight, owns);
        }
    }

    /**
     * The view name of shard {@code shard}'s co-visitation checkpoints (the "co-occurrence-" checkpoints of the
     * consecutive pairs counted before are not read: a shard without one of these reads the whole log once).
     */
    public static String checkpointView(int shard) {
        return "co-visitation-" + shard;
    }

    /**
     * How long before a checkpoint is taken its log position lies: a live observation reaches the shard this long
     * after its event was journalled at most, or it is missed by the checkpoint's read-back.
     */
    static final Duration CHECKPOINT_MARGIN = Duration.ofSeconds(10);

    public static int shardOf(String itemId, int shards) {
        return Math.floorMod(itemId.hashCode(), shards); // String.hashCode is fixed by the language, so every node agrees
    }

    /** The shards a visit concerns: its item's, and those of the items before it; each counts its own part. */
    public static Set<Integer> shardsOf(CoVisitations.Visit visit, int shards) {
        Set<Integer> concerned = new TreeSet<>();
        concerned.add(shardOf(visit.itemId(), shards));
        for (EarlierItem earlier : visit.before()) {
            concerned.add(shardOf(earlier.itemId(), shards));
        }
        return concerned;
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
            permits Prepare, Activate, Search, ObserveVisit, Neighbours, Popularity, Activities, GetServing, Prepared,
                    PrepareFailed,
                    ServeWhileBuilding, Reconcile, RegistrySays, HeadLoaded, CheckpointLoaded, Replayed, ReplayDone, RetryReplay, CheckpointDue,
                    CheckpointSaved, Catalogue, ColdLike, CatalogLoaded, ReloadCatalog {}

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

    /** A visit that concerns this shard (its item, or one before it, is of this shard), from the event {@code eventId}. */
    public record ObserveVisit(CoVisitations.Visit visit, String eventId) implements Command {}

    /** The {@code k} strongest co-visitation neighbours of each of {@code itemIds} (items of this shard). */
    public record Neighbours(List<String> itemIds, int k, ActorRef<NeighbourLists> replyTo) implements Command {}

    /**
     * Each item's neighbours, raw co-visitation sums, best first; an item without any maps to an empty list. With them,
     * each item's catalog attribute values ({@code key=value}, those cold items are matched on), for asking for new
     * items like it.
     */
    public record NeighbourLists(Map<String, List<ScoredItem>> byItem, Map<String, List<String>> valuesByItem)
            implements CborSerializable {

        public NeighbourLists(Map<String, List<ScoredItem>> byItem) {
            this(byItem, Map.of());
        }
    }

    /** The catalog's attributes of an item of this shard, replacing the ones before (from the catalog stream). */
    public record Catalogue(String itemId, Map<String, String> attributes) implements Command {}

    /**
     * For each source item, the {@code k} best cold items of this shard sharing one of its attribute values
     * ({@code key=value}), none excluded.
     */
    public record ColdLike(Map<String, List<String>> valuesBySource, int k, Set<String> exclude,
            ActorRef<ColdAnswers> replyTo) implements Command {}

    /** Cold items of this shard per source item, best first (see {@link ColdItems#like}). */
    public record ColdAnswers(Map<String, List<ScoredItem>> bySource) implements CborSerializable {}

    private record CatalogLoaded(List<CatalogItem> items, Throwable failure) implements Command {}

    private record ReloadCatalog() implements Command {}

    /**
     * The weighted, decayed visits of each of {@code itemIds} (items of this shard), to discount popular neighbours.
     * A node of this version asks {@link Activities}, which answers them too; kept for the nodes of the version before
     * during a rolling deploy.
     */
    public record Popularity(List<String> itemIds, ActorRef<Popularities> replyTo) implements Command {}

    public record Popularities(Map<String, Double> byItem) implements CborSerializable {}

    /**
     * What the ranking of a list reads of each of {@code itemIds} (items of this shard), in one ask after the sources:
     * its popularity, to discount popular neighbours, and its activity, for the learned ranking.
     */
    public record Activities(List<String> itemIds, ActorRef<ActivityFacts> replyTo) implements Command {}

    /**
     * The activity of the items asked for that were ever taken, and the event time of the latest positive interaction
     * the shard has seen (null: none), against which the times are read; {@code popularity}: the weighted, decayed
     * visits of every item asked for (null from a shard of the version before, which did not send them).
     */
    public record ActivityFacts(Map<String, ItemActivity.Facts> byItem, Instant latest, Map<String, Double> popularity)
            implements CborSerializable {

        public ActivityFacts {
            byItem = byItem == null ? Map.of() : Map.copyOf(byItem);
            popularity = popularity == null ? null : Map.copyOf(popularity);
        }
    }

    public record GetServing(ActorRef<Serving> replyTo) implements Command {}

    /** Candidates from this shard; {@code versionId} is the version they were scored with (null: none active). */
    public record Candidates(int shard, String versionId, List<ScoredItem> items) implements CborSerializable {}

    /** Which versions this shard serves and holds ready. */
    public record Serving(int shard, String active, String previous, List<String> prepared) implements CborSerializable {}

    private record Prepared(String versionId, AnnIndex index, ActorRef<StatusReply<Done>> replyTo) implements Command {}

    private record PrepareFailed(String versionId, String reason, ActorRef<StatusReply<Done>> replyTo) implements Command {}

    /** The version's items, to be scanned exactly until its graph is built (null when they could not be had). */
    private record ServeWhileBuilding(String versionId, AnnIndex scan) implements Command {}

    private record Reconcile() implements Command {}

    private record RegistrySays(Optional<String> active) implements Command {}

    private record HeadLoaded(Optional<CheckpointStore.Head> head, Throwable failure) implements Command {}

    private record CheckpointLoaded(ViewCheckpoints.Checkpoint checkpoint, Throwable failure) implements Command {}

    private record Replayed(ObserveVisit observation) implements Command {}

    private record CheckpointDue() implements Command {}

    private record CheckpointSaved(long pairs, int bytes, Throwable failure) implements Command {}

    private record ReplayDone(long observations, Throwable failure) implements Command {}

    private record RetryReplay() implements Command {}

    /** The first wait before reading the log back again after a failed read; it doubles up to the maximum. */
    private static final Duration FIRST_REPLAY_RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_REPLAY_RETRY = Duration.ofMinutes(1);

    /** The wait before reading the items table again after a failed read. */
    private static final Duration CATALOG_RETRY = Duration.ofSeconds(10);

    /** How many prepared versions a shard keeps besides the active and previous ones. */
    private static final int MAX_PREPARED = 2;
    // A shard that serves no version yet (it just started: a restart, or a move to another node) serves its first one
    // by an exact scan of its items until the graph is built. Building the graphs is most of a restarted node's CPU
    // (two thirds of it with 94,537 items in 8 shards), and meanwhile every list fell back to the popular items. A scan
    // costs about 32 multiply-adds per item and query: cheap up to this many items, a burden on a busy node beyond.
    static final int SCAN_WHILE_BUILDING_UP_TO = 50_000;

    // ---- behaviour ----

    private final int shard;
    private final Sources sources;
    private final Settings settings;
    // Replaced, empty, when a read-back fails part way: the next read counts everything again.
    private CoVisitations coVisits;
    // Counted and kept with the co-visitations: restored, and started over, together with them.
    private ItemActivity activity;
    private final ColdItems cold;
    // Items catalogued live before the items table was read at start: the table's older attributes do not replace them.
    private Set<String> cataloguedBeforeLoad = new HashSet<>();
    private boolean catalogRequested;
    private final Map<String, AnnIndex> prepared = new LinkedHashMap<>();
    private final Set<String> preparing = new HashSet<>();
    private final Map<String, List<ActorRef<StatusReply<Done>>>> activateWhenPrepared = new HashMap<>();
    // Event ids observed live while the log is being read back, and those a loaded checkpoint counts near its end,
    // so the read-back does not count them again; null once the read-back is done.
    private Set<String> observedDuringReplay;
    // Live observations that arrive before the checkpoint is loaded, applied on top of it.
    private List<ObserveVisit> heldUntilCheckpoint;
    // The read-back of the log since the checkpoint runs while the checkpoint's state loads: what it reads, and its
    // end, wait here until the state is decoded. readBackDiscarded: the state could not be read, so what this
    // read-back brings is dropped and the whole log is read once it ends.
    private List<ObserveVisit> readBackHeld;
    private ReplayDone readBackEndHeld;
    private boolean readBackDiscarded;
    private final CoVisitCheckpoint.RecentlyApplied recentlyApplied = new CoVisitCheckpoint.RecentlyApplied(CHECKPOINT_MARGIN);
    private boolean changedSinceCheckpoint;
    private boolean checkpointing;
    private long restoreStartedNanos;
    private String restoredFrom = "the whole log";
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
        this.coVisits = settings.coVisits().empty(this::owns);
        this.activity = new ItemActivity(this::owns);
        this.cold = settings.cold().empty(this::owns);
        restore();
        if (sources.history() == null) {
            loadCatalog();
        }
    }

    /** Reads this shard's items' attributes from the catalog table, if the shard has one. */
    private void loadCatalog() {
        if (sources.catalog() == null) {
            cataloguedBeforeLoad = null;
            return;
        }
        getContext().pipeToSelf(sources.catalog().itemsWithAttributes(this::owns),
                (items, failure) -> new CatalogLoaded(items, failure));
    }

    private Behavior<Command> onCatalogLoaded(CatalogLoaded msg) {
        if (msg.failure() != null) {
            getContext().getLog().warn("Item shard {} could not read the items table, reads it again in {} s: {}",
                    shard, CATALOG_RETRY.toSeconds(), rootMessage(msg.failure()));
            getContext().scheduleOnce(CATALOG_RETRY, getContext().getSelf(), new ReloadCatalog());
            return this;
        }
        for (CatalogItem item : msg.items()) {
            if (!cataloguedBeforeLoad.contains(item.itemId())) {
                cold.catalogue(item.itemId(), item.attributes());
            }
        }
        cataloguedBeforeLoad = null;
        getContext().getLog().info("Item shard {} read {} catalogued items, {} of them cold", shard,
                cold.cataloguedCount(), cold.coldCount());
        return this;
    }

    private Behavior<Command> onCatalogue(Catalogue msg) {
        if (owns(msg.itemId())) {
            cold.catalogue(msg.itemId(), msg.attributes());
            if (cataloguedBeforeLoad != null) {
                cataloguedBeforeLoad.add(msg.itemId());
            }
        }
        return this;
    }

    private Behavior<Command> onColdLike(ColdLike cmd) {
        Map<String, List<ScoredItem>> bySource = new HashMap<>();
        cmd.valuesBySource().forEach((source, values) ->
                bySource.put(source, cold.like(values, cmd.k(), cmd.exclude()::contains)));
        cmd.replyTo().tell(new ColdAnswers(bySource));
        return this;
    }

    /**
     * Reads the head of the last checkpoint (if the shard has a store), then loads its state and reads back the log
     * since it (if it has a history) side by side: the read-back's fixed cost of a second or two overlaps the
     * megabytes of state.
     */
    private void restore() {
        restoreStartedNanos = System.nanoTime();
        if (sources.history() == null) {
            return;
        }
        observedDuringReplay = new HashSet<>();
        if (sources.checkpoints() == null) {
            replayHistory(Optional.empty());
            return;
        }
        heldUntilCheckpoint = new ArrayList<>();
        getContext().pipeToSelf(sources.checkpoints().head(checkpointView(shard)),
                (head, failure) -> new HeadLoaded(head, failure));
    }

    private Behavior<Command> onHeadLoaded(HeadLoaded msg) {
        if (msg.failure() != null || msg.head().isEmpty()) {
            if (msg.failure() != null) {
                warnCheckpointNotLoaded(msg.failure());
            }
            applyHeldLiveObservations();
            replayHistory(Optional.empty());
            return this;
        }
        CheckpointStore.Head head = msg.head().get();
        getContext().pipeToSelf(sources.checkpoints().state(checkpointView(shard), head),
                (checkpoint, failure) -> new CheckpointLoaded(checkpoint, failure));
        readBackHeld = new ArrayList<>();
        replayHistory(Optional.of(head.logOffset()));
        return this;
    }

    private Behavior<Command> onCheckpointLoaded(CheckpointLoaded msg) {
        boolean decoded = false;
        if (msg.failure() != null) {
            warnCheckpointNotLoaded(msg.failure());
        } else {
            ViewCheckpoints.Checkpoint checkpoint = msg.checkpoint();
            long loadedNanos = System.nanoTime();
            try {
                CoVisitCheckpoint.Decoded restored =
                        CoVisitCheckpoint.decode(checkpoint.state(), settings.coVisits(), this::owns, cold);
                coVisits = restored.coVisits();
                activity = restored.activity();
                observedDuringReplay.addAll(restored.recentEventIds());
                decoded = true;
                // Of the whole restore, how long the checkpoint took to load and to decode; the log since it is read
                // back meanwhile.
                long loadMillis = (loadedNanos - restoreStartedNanos) / 1_000_000;
                long decodeMillis = (System.nanoTime() - loadedNanos) / 1_000_000;
                restoredFrom = "the checkpoint of " + checkpoint.takenAt() + " (" + checkpoint.state().length
                        + " bytes, loaded in " + loadMillis + " ms and decoded in " + decodeMillis + " ms)";
            } catch (IllegalStateException refused) {
                cold.forgetVisits(); // the whole log counts them again
                getContext().getLog().warn("Item shard {} cannot use its co-visitation checkpoint, reads the whole log once: {}",
                        shard, refused.getMessage());
            } catch (RuntimeException e) {
                cold.forgetVisits();
                getContext().getLog().warn("Item shard {} could not read its co-visitation checkpoint, reads the whole log",
                        shard, e);
            }
        }
        applyHeldLiveObservations();
        List<ObserveVisit> readBack = readBackHeld;
        ReplayDone readBackEnd = readBackEndHeld;
        readBackHeld = null;
        readBackEndHeld = null;
        if (decoded) {
            readBack.forEach(this::applyReadBack);
            if (readBackEnd != null) {
                onReplayDone(readBackEnd);
            }
        } else if (readBackEnd != null) {
            replayHistory(Optional.empty());
        } else {
            readBackDiscarded = true; // the whole log is read when this read-back ends
        }
        return this;
    }

    private void warnCheckpointNotLoaded(Throwable failure) {
        getContext().getLog().warn("Item shard {} could not load its co-visitation checkpoint, reads the whole log: {}",
                shard, rootMessage(failure));
    }

    private void applyHeldLiveObservations() {
        List<ObserveVisit> held = heldUntilCheckpoint;
        heldUntilCheckpoint = null;
        held.forEach(this::observeLive);
    }

    private void replayHistory(Optional<UUID> since) {
        ActorRef<Command> self = getContext().getSelf();
        EarlierVisits earlierInLog = new EarlierVisits(settings.coVisits().window());
        long[] sent = new long[1];
        // The sink runs on one stream thread at a time, so the per-user bookkeeping needs no lock.
        CompletionStage<Done> done = sources.history().readSince(since, event -> {
            double weight = InteractionWeights.of(event.type(), event.value());
            // Events carry the visits before them; older ones do not, and then the read-back's own order tells.
            List<EarlierItem> fromLog = earlierInLog.before(event.userId(), event.itemId(), weight);
            CoVisitations.Visit visit = new CoVisitations.Visit(event.itemId(), weight,
                    event.earlierItems() != null ? event.earlierItems() : fromLog, event.timestamp());
            if (shardsOf(visit, settings.shards()).contains(shard)) {
                sent[0]++;
                self.tell(new Replayed(new ObserveVisit(visit, event.eventId())));
            }
        });
        getContext().pipeToSelf(done, (ok, failure) -> new ReplayDone(sent[0], failure));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Prepare.class, this::onPrepare)
                .onMessage(Prepared.class, this::onPrepared)
                .onMessage(PrepareFailed.class, this::onPrepareFailed)
                .onMessage(ServeWhileBuilding.class, this::onServeWhileBuilding)
                .onMessage(Activate.class, this::onActivate)
                .onMessage(Search.class, this::onSearch)
                .onMessage(ObserveVisit.class, this::onObserveVisit)
                .onMessage(Neighbours.class, this::onNeighbours)
                .onMessage(Popularity.class, this::onPopularity)
                .onMessage(Activities.class, this::onActivities)
                .onMessage(GetServing.class, this::onGetServing)
                .onMessage(Reconcile.class, this::onReconcile)
                .onMessage(RegistrySays.class, this::onRegistrySays)
                .onMessage(HeadLoaded.class, this::onHeadLoaded)
                .onMessage(CheckpointLoaded.class, this::onCheckpointLoaded)
                .onMessage(Replayed.class, this::onReplayed)
                .onMessage(ReplayDone.class, this::onReplayDone)
                .onMessage(RetryReplay.class, retry -> {
                    restore();
                    return this;
                })
                .onMessage(CheckpointDue.class, this::onCheckpointDue)
                .onMessage(CheckpointSaved.class, this::onCheckpointSaved)
                .onMessage(Catalogue.class, this::onCatalogue)
                .onMessage(ColdLike.class, this::onColdLike)
                .onMessage(CatalogLoaded.class, this::onCatalogLoaded)
                // Stopped or restarting, this instance's indexes are no longer this shard's word here.
                .onSignal(PostStop.class, stopped -> withdrawIndexes())
                .onSignal(PreRestart.class, restarting -> withdrawIndexes())
                .onMessage(ReloadCatalog.class, reload -> {
                    loadCatalog();
                    return this;
                })
                .build();
    }

    private Behavior<Command> onPrepare(Prepare cmd) {
        if (indexOf(cmd.versionId()) != null) {
            cmd.replyTo().tell(StatusReply.ack());
            return this;
        }
        startPreparing(cmd.versionId(), cmd.replyTo(), false);
        return this;
    }

    /** Loads the version's factors and builds its index; with {@code scanFirst} also hands a scan-only index ahead. */
    private void startPreparing(String version, ActorRef<StatusReply<Done>> replyTo, boolean scanFirst) {
        preparing.add(version);
        // Loading and the graph build run off the actor: searches go on being answered meanwhile.
        CompletionStage<StoredFactors> loaded = sources.factors().load(version).thenApply(stored -> stored.orElseThrow(
                () -> new IllegalStateException("model version " + version + " is not in the model store")));
        // This shard's rows are picked out once, for the scan and the graph alike, off the actor but not on the build
        // pool: the scan must not wait behind other shards' graph builds.
        CompletionStage<OwnItems> own = loaded.thenApplyAsync(this::ownItems, getContext().getExecutionContext());
        if (scanFirst) {
            // A failure here is reported by the build below, which meets the same one.
            getContext().pipeToSelf(own.thenApply(items -> items.scanOnly(settings.ann())),
                    (scan, failure) -> new ServeWhileBuilding(version, failure == null ? scan : null));
        }
        CompletionStage<AnnIndex> built = own.thenApplyAsync(items -> items.indexed(settings.ann(), settings.buildPool()),
                settings.buildPool());
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

    /** This shard's items of a version, with their factors (row-major). */
    private record OwnItems(String[] itemIds, float[] factors, int dimension) {
        AnnIndex indexed(AnnParameters params, ForkJoinPool buildPool) {
            return AnnIndex.build(itemIds, factors, dimension, params, buildPool);
        }

        AnnIndex scanOnly(AnnParameters params) {
            return AnnIndex.scanOnly(itemIds, factors, dimension, params);
        }
    }

    private OwnItems ownItems(StoredFactors factors) {
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
        return new OwnItems(ids.toArray(String[]::new), own, d);
    }

    private Behavior<Command> onPrepared(Prepared msg) {
        preparing.remove(msg.versionId());
        if (msg.versionId().equals(activeVersion) || msg.versionId().equals(previousVersion)) {
            // The graph of a version served by a scan meanwhile: searches walk it from now on.
            if (msg.versionId().equals(activeVersion)) {
                active = msg.index();
            } else {
                previous = msg.index();
            }
            publishIndexes();
            getContext().getLog().info("Item shard {} searches the graph of model version {} ({} items)", shard,
                    msg.versionId(), msg.index().size());
            msg.replyTo().tell(StatusReply.ack());
            return this;
        }
        prepared.put(msg.versionId(), msg.index());
        while (prepared.size() > MAX_PREPARED) {
            prepared.remove(prepared.keySet().iterator().next()); // the oldest preparation that was never activated
        }
        publishIndexes();
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
            startPreparing(version, getContext().getSystem().ignoreRef(), activeVersion == null);
        }
        return this;
    }

    private Behavior<Command> onServeWhileBuilding(ServeWhileBuilding msg) {
        List<ActorRef<StatusReply<Done>>> waiting = activateWhenPrepared.get(msg.versionId());
        // Only while nothing else is served and the activation still waits; a large shard waits for its graph.
        if (msg.scan() == null || activeVersion != null || waiting == null
                || msg.scan().size() > SCAN_WHILE_BUILDING_UP_TO) {
            return this;
        }
        activateWhenPrepared.remove(msg.versionId());
        activeVersion = msg.versionId();
        active = msg.scan();
        publishIndexes();
        getContext().getLog().info("Item shard {} serves model version {} by an exact scan of its {} items while their graph"
                + " is built", shard, activeVersion, active.size());
        waiting.forEach(r -> r.tell(StatusReply.ack()));
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
        publishIndexes();
        getContext().getLog().info("Item shard {} serves model version {} (previous {})", shard, activeVersion, previousVersion);
    }

    private Behavior<Command> withdrawIndexes() {
        LocalIndexes.get(getContext().getSystem()).withdraw(shard);
        return this;
    }

    /** Every index this shard searches, for this node's recommender to search without asking (decision 022). */
    private void publishIndexes() {
        Map<String, AnnIndex> all = new HashMap<>(prepared);
        if (previousVersion != null && previous != null) all.put(previousVersion, previous);
        if (activeVersion != null && active != null) all.put(activeVersion, active);
        LocalIndexes.get(getContext().getSystem()).publish(shard, all);
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
        List<ScoredItem> items = index == null ? List.of() : index.searchExcluding(cmd.query(), cmd.k(), cmd.exclude());
        cmd.replyTo().tell(new Candidates(shard, index == null ? activeVersion : version, items));
        return this;
    }

    private Behavior<Command> onObserveVisit(ObserveVisit msg) {
        if (heldUntilCheckpoint != null) {
            heldUntilCheckpoint.add(msg);
            return this;
        }
        observeLive(msg);
        return this;
    }

    private void observeLive(ObserveVisit msg) {
        if (observedDuringReplay != null) {
            observedDuringReplay.add(msg.eventId());
        }
        observe(msg);
    }

    // A co-visitation is derived state: a visit it cannot take is logged and left out, never a failed shard.
    private void observe(ObserveVisit o) {
        try {
            coVisits.observe(o.visit());
            activity.observe(o.visit().itemId(), o.visit().weight(), o.visit().at());
            if (o.visit().weight() > 0) {
                cold.visit(o.visit().itemId()); // counts only this shard's own items
            }
            recentlyApplied.add(o.eventId(), System.currentTimeMillis());
            changedSinceCheckpoint = true;
        } catch (RuntimeException e) {
            getContext().getLog().warn("Item shard {} left out the visit of {} in event {}", shard, o.visit().itemId(),
                    o.eventId(), e);
        }
    }

    private boolean owns(String itemId) {
        return shardOf(itemId, settings.shards()) == shard;
    }

    private Behavior<Command> onReplayed(Replayed msg) {
        if (readBackDiscarded) {
            return this;
        }
        if (readBackHeld != null) {
            readBackHeld.add(msg.observation());
            return this;
        }
        applyReadBack(msg.observation());
        return this;
    }

    private void applyReadBack(ObserveVisit o) {
        if (observedDuringReplay == null || !observedDuringReplay.contains(o.eventId())) {
            observe(o);
        }
    }

    private Behavior<Command> onReplayDone(ReplayDone msg) {
        if (readBackHeld != null) {
            readBackEndHeld = msg; // the checkpoint's state is still on its way
            return this;
        }
        if (readBackDiscarded) {
            readBackDiscarded = false;
            replayHistory(Optional.empty());
            return this;
        }
        // The catalog is read after the first read-back, not beside it: its scan of the items table competed with the
        // restore for Cassandra and the node's CPU and held back every shard's co-visitations by seconds after a
        // restart. Catalogue messages meanwhile are applied and kept (cataloguedBeforeLoad).
        if (!catalogRequested) {
            catalogRequested = true;
            loadCatalog();
        }
        if (msg.failure() != null) {
            getContext().getLog().warn("Item shard {} could not read the interaction log back, reading it again in {} s: {}",
                    shard, nextReplayRetry.toSeconds(), rootMessage(msg.failure()));
            // The next attempt starts over from the checkpoint: every pair the failed read counted, and every live one
            // since (all in the log), is counted again by it; only events that arrive live meanwhile are left out.
            coVisits = settings.coVisits().empty(this::owns);
            activity = new ItemActivity(this::owns);
            cold.forgetVisits();
            getContext().scheduleOnce(nextReplayRetry, getContext().getSelf(), new RetryReplay());
            Duration doubled = nextReplayRetry.multipliedBy(2);
            nextReplayRetry = doubled.compareTo(MAX_REPLAY_RETRY) > 0 ? MAX_REPLAY_RETRY : doubled;
            return this;
        }
        getContext().getLog().info("Item shard {} serves its co-visitations ({} items, {} pairs) after {} ms: from {} and {}"
                        + " logged visits since", shard, coVisits.itemCount(), coVisits.pairCount(),
                (System.nanoTime() - restoreStartedNanos) / 1_000_000, restoredFrom, msg.observations());
        observedDuringReplay = null;
        if (sources.checkpoints() != null) {
            getContext().scheduleOnce(settings.checkpointInterval(), getContext().getSelf(), new CheckpointDue());
        }
        return this;
    }

    /**
     * Writes a checkpoint when anything changed since the last one; the state is encoded here, on the shard's own
     * thread, and written off it. The next is due one interval after this one is written.
     */
    private Behavior<Command> onCheckpointDue(CheckpointDue msg) {
        if (checkpointing || observedDuringReplay != null) {
            return this; // a write is under way, or a read-back: its end schedules the next one
        }
        if (!changedSinceCheckpoint) {
            getContext().scheduleOnce(settings.checkpointInterval(), getContext().getSelf(), new CheckpointDue());
            return this;
        }
        long now = System.currentTimeMillis();
        byte[] state = CoVisitCheckpoint.encode(coVisits, cold, activity, recentlyApplied.within(now));
        long pairs = coVisits.pairCount();
        UUID covers = Uuids.startOf(now - CHECKPOINT_MARGIN.toMillis());
        checkpointing = true;
        changedSinceCheckpoint = false;
        getContext().pipeToSelf(sources.checkpoints().save(checkpointView(shard), state, covers, Instant.ofEpochMilli(now)),
                (done, failure) -> new CheckpointSaved(pairs, state.length, failure));
        return this;
    }

    private Behavior<Command> onCheckpointSaved(CheckpointSaved msg) {
        checkpointing = false;
        if (msg.failure() != null) {
            changedSinceCheckpoint = true;
            getContext().getLog().warn("Item shard {} could not write its co-visitation checkpoint, tries again in {}: {}",
                    shard, settings.checkpointInterval(), rootMessage(msg.failure()));
        } else {
            getContext().getLog().debug("Item shard {} checkpointed {} co-visitation pairs ({} bytes)", shard, msg.pairs(),
                    msg.bytes());
        }
        getContext().scheduleOnce(settings.checkpointInterval(), getContext().getSelf(), new CheckpointDue());
        return this;
    }

    private Behavior<Command> onNeighbours(Neighbours cmd) {
        Map<String, List<ScoredItem>> byItem = new HashMap<>();
        Map<String, List<String>> valuesByItem = new HashMap<>();
        for (String item : cmd.itemIds()) {
            byItem.put(item, coVisits.neighbours(item, cmd.k()));
            List<String> values = cold.valuesOf(item);
            if (!values.isEmpty()) {
                valuesByItem.put(item, values);
            }
        }
        cmd.replyTo().tell(new NeighbourLists(byItem, valuesByItem));
        return this;
    }

    private Behavior<Command> onPopularity(Popularity cmd) {
        Map<String, Double> byItem = new HashMap<>();
        for (String item : cmd.itemIds()) {
            byItem.put(item, coVisits.popularity(item));
        }
        cmd.replyTo().tell(new Popularities(byItem));
        return this;
    }

    private Behavior<Command> onActivities(Activities cmd) {
        Map<String, ItemActivity.Facts> byItem = new HashMap<>();
        Map<String, Double> popularity = new HashMap<>();
        for (String item : cmd.itemIds()) {
            ItemActivity.Facts facts = activity.of(item);
            if (facts != null) {
                byItem.put(item, facts);
            }
            popularity.put(item, coVisits.popularity(item));
        }
        cmd.replyTo().tell(new ActivityFacts(byItem, activity.latest(), popularity));
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
