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
import io.murmuration.node.model.ModelStore.StoredFactors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;

/**
 * One of S shards of the item catalog: item {@code i} belongs to shard {@code floorMod(i.hashCode(), S)}.
 * A shard serves nearest-neighbour search over its items' factors for the active model version, and keeps
 * the previously active version's index loaded so a rollback is a swap, not a rebuild. A new version is
 * first prepared (factors loaded, graph built off the actor while the old one keeps serving), then
 * activated. The shard also keeps its items' co-occurrence neighbours, fed by consecutive interactions.
 * Indexes and co-occurrences are rebuilt from the model store and the log, so the shard persists nothing.
 */
public final class ItemShard extends AbstractBehavior<ItemShard.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "item-shard");

    /** Where a shard gets a version's item factors from (the model store in production). */
    @FunctionalInterface
    public interface FactorSource {
        CompletionStage<Optional<StoredFactors>> load(String versionId);
    }

    /** How a shard builds and searches its indexes, and how long co-occurrence lasts. */
    public record Settings(
            int shards, AnnParameters ann, ForkJoinPool buildPool, int maxNeighbours, Duration coOccurrenceHalfLife) {}

    public static int shardOf(String itemId, int shards) {
        return Math.floorMod(itemId.hashCode(), shards); // String.hashCode is fixed by the language, so every node agrees
    }

    /** Registers the entity type with cluster sharding on this node; entity ids are "0" … "S−1". */
    public static void init(ActorSystem<?> system, FactorSource source, Settings settings) {
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY,
                ctx -> create(Integer.parseInt(ctx.getEntityId()), source, settings)));
    }

    public static Behavior<Command> create(int shard, FactorSource source, Settings settings) {
        return Behaviors.setup(ctx -> new ItemShard(ctx, shard, source, settings));
    }

    // ---- protocol ----

    public sealed interface Command extends CborSerializable
            permits Prepare, Activate, Search, ObserveNext, Neighbours, GetServing, Prepared, PrepareFailed {}

    /** Loads the version's factors for this shard's items and builds its index, ready to activate. */
    public record Prepare(String versionId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

    /** Serves the version from now on; it must be prepared, or be the previously active one. */
    public record Activate(String versionId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

    /** The {@code k} items of this shard with the highest inner product with {@code query}, none excluded. */
    public record Search(float[] query, int k, Set<String> exclude, ActorRef<Candidates> replyTo) implements Command {}

    /** A user who interacted with {@code previous} (an item of this shard) next interacted with {@code next}. */
    public record ObserveNext(String previous, String next, double weight, Instant at) implements Command {}

    public record Neighbours(String itemId, int k, ActorRef<Candidates> replyTo) implements Command {}

    public record GetServing(ActorRef<Serving> replyTo) implements Command {}

    /** Candidates from this shard; {@code versionId} is the version they were scored with (null: none active). */
    public record Candidates(int shard, String versionId, List<ScoredItem> items) implements CborSerializable {}

    /** Which versions this shard serves and holds ready. */
    public record Serving(int shard, String active, String previous, List<String> prepared) implements CborSerializable {}

    private record Prepared(String versionId, AnnIndex index, ActorRef<StatusReply<Done>> replyTo) implements Command {}

    private record PrepareFailed(String versionId, String reason, ActorRef<StatusReply<Done>> replyTo) implements Command {}

    // ---- behaviour ----

    private final int shard;
    private final FactorSource source;
    private final Settings settings;
    private final CoOccurrenceNeighbours coOccurrence;
    private final Map<String, AnnIndex> prepared = new HashMap<>();
    private String activeVersion;
    private AnnIndex active;
    private String previousVersion;
    private AnnIndex previous;

    private ItemShard(ActorContext<Command> ctx, int shard, FactorSource source, Settings settings) {
        super(ctx);
        this.shard = shard;
        this.source = source;
        this.settings = settings;
        this.coOccurrence = new CoOccurrenceNeighbours(settings.maxNeighbours(), settings.coOccurrenceHalfLife());
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
                .build();
    }

    private Behavior<Command> onPrepare(Prepare cmd) {
        if (cmd.versionId().equals(activeVersion) || prepared.containsKey(cmd.versionId())
                || cmd.versionId().equals(previousVersion)) {
            cmd.replyTo().tell(StatusReply.ack());
            return this;
        }
        // Loading and the graph build run off the actor: searches go on being answered meanwhile.
        CompletionStage<AnnIndex> built = source.load(cmd.versionId()).thenCompose(stored -> {
            StoredFactors factors = stored.orElseThrow(
                    () -> new IllegalStateException("model version " + cmd.versionId() + " is not in the model store"));
            return CompletableFuture.supplyAsync(() -> buildOwnIndex(factors), settings.buildPool());
        });
        getContext().pipeToSelf(built, (index, failure) -> failure == null
                ? new Prepared(cmd.versionId(), index, cmd.replyTo())
                : new PrepareFailed(cmd.versionId(), rootMessage(failure), cmd.replyTo()));
        return this;
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
        prepared.put(msg.versionId(), msg.index());
        getContext().getLog().info("Item shard {} prepared model version {} ({} items)", shard, msg.versionId(), msg.index().size());
        msg.replyTo().tell(StatusReply.ack());
        return this;
    }

    private Behavior<Command> onPrepareFailed(PrepareFailed msg) {
        getContext().getLog().warn("Item shard {} could not prepare model version {}: {}", shard, msg.versionId(), msg.reason());
        msg.replyTo().tell(StatusReply.error("shard " + shard + " could not prepare " + msg.versionId() + ": " + msg.reason()));
        return this;
    }

    private Behavior<Command> onActivate(Activate cmd) {
        String version = cmd.versionId();
        if (version.equals(activeVersion)) {
            cmd.replyTo().tell(StatusReply.ack());
            return this;
        }
        AnnIndex next;
        if (version.equals(previousVersion)) {
            next = previous; // a rollback: the old index never left memory
        } else if (prepared.containsKey(version)) {
            next = prepared.remove(version);
        } else {
            cmd.replyTo().tell(StatusReply.error("shard " + shard + " has not prepared model version " + version));
            return this;
        }
        previousVersion = activeVersion;
        previous = active;
        activeVersion = version;
        active = next;
        getContext().getLog().info("Item shard {} serves model version {} (previous {})", shard, activeVersion, previousVersion);
        cmd.replyTo().tell(StatusReply.ack());
        return this;
    }

    private Behavior<Command> onSearch(Search cmd) {
        List<ScoredItem> items = active == null ? List.of() : active.search(cmd.query(), cmd.k(), cmd.exclude()::contains);
        cmd.replyTo().tell(new Candidates(shard, activeVersion, items));
        return this;
    }

    private Behavior<Command> onObserveNext(ObserveNext msg) {
        coOccurrence.observe(msg.previous(), msg.next(), msg.weight(), msg.at());
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
