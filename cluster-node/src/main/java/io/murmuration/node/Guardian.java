package io.murmuration.node;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.SingletonActor;
import akka.kafka.ProducerSettings;
import akka.kafka.javadsl.SendProducer;
import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.PersistenceQuery;
import io.murmuration.node.audit.ChangeLog;
import io.murmuration.node.audit.ChangeRecorder;
import io.murmuration.node.audit.UserAudit;
import io.murmuration.node.checkpoint.PrefetchingCheckpoints;
import io.murmuration.node.checkpoint.ViewCheckpoints;
import io.murmuration.node.cluster.ClusterFormation;
import io.murmuration.node.cluster.ClusterSettings;
import io.murmuration.node.cluster.GracefulLeave;
import io.murmuration.node.cluster.UserShardPlacement;
import io.murmuration.node.drift.DriftAlarms;
import io.murmuration.node.drift.DriftMonitor;
import io.murmuration.node.http.HttpServers;
import io.murmuration.node.ingest.CatalogIngest;
import io.murmuration.node.ingest.DeadLetters;
import io.murmuration.node.ingest.EventPublisher;
import io.murmuration.node.ingest.InteractionIngest;
import io.murmuration.node.interaction.InteractionLogFollower;
import io.murmuration.node.interaction.InteractionLogReader;
import io.murmuration.node.item.AnnParameters;
import io.murmuration.node.item.ItemCatalog;
import io.murmuration.node.item.ItemShard;
import io.murmuration.node.item.PopularHead;
import io.murmuration.node.item.PopularityBoard;
import io.murmuration.node.item.PopularityCounter;
import io.murmuration.node.model.ModelControl;
import io.murmuration.node.model.serving.ActiveModel;
import io.murmuration.node.model.serving.ActiveModelFollower;
import io.murmuration.node.model.training.Trainer;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.node.model.versions.ModelStorage;
import io.murmuration.node.model.versions.ModelStore;
import io.murmuration.node.model.versions.SharedFactorLoads;
import io.murmuration.node.ops.Operations;
import io.murmuration.node.recommend.BlendLeader;
import io.murmuration.node.recommend.LearnedRanking;
import io.murmuration.node.recommend.Recommender;
import io.murmuration.node.user.CassandraProfileStore;
import io.murmuration.node.user.ProfileStore;
import io.murmuration.node.user.StoredTastes;
import io.murmuration.node.user.UserEntity;
import io.murmuration.protocol.InteractionEventCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Wires one node: the model registry, trainer, drift monitor and admin change log (cluster singletons), this node's copy of the
 * active model, user and item-shard sharding, the popularity board, the Kafka ingest streams and both HTTP servers.
 */
public final class Guardian {

    /** What the node's owner (and tests) can reach once it runs. */
    public record Started(HttpServers.Bindings bindings, ModelControl models) {}

    /** How long checkpoints read before their owners start wait for them; the owners normally ask within seconds. */
    private static final Duration PREFETCH_KEPT = Duration.ofSeconds(60);
    /**
     * How often the recommender's idea of which user shards are placed here is re-read: a shard that just moved is
     * asked of its entity until then, as every user was before kept copies.
     */
    private static final Duration PLACEMENT_REREAD = Duration.ofSeconds(2);

    private Guardian() {}

    /** Every view the node checkpoints: each item shard's co-visitations, the popularity counts, the training schedule. */
    public static List<String> checkpointedViews(int itemShards) {
        List<String> views = new ArrayList<>();
        IntStream.range(0, itemShards).mapToObj(ItemShard::checkpointView).forEach(views::add);
        views.add(PopularityCounter.VIEW);
        views.add(Trainer.CHECKPOINT_VIEW);
        return views;
    }

    public static Behavior<Void> create(Settings settings, CompletableFuture<Started> started) {
        return Behaviors.setup(
                ctx -> {
                    ActorSystem<Void> system = ctx.getSystem();
                    int shards = settings.itemShards().count();
                    // First of all, so the reads overlap the node's joining and the shards' placement (decision 008).
                    PrefetchingCheckpoints checkpoints = new PrefetchingCheckpoints(new ViewCheckpoints(system));
                    if (ClusterFormation.formsClusterAlone(system.settings().config())) {
                        List<String> views = checkpointedViews(shards);
                        checkpoints.prefetch(views, PREFETCH_KEPT);
                        ctx.getLog().info("Reading the checkpoints of {} views before their owners start (a cluster of one node)",
                                views.size());
                    }
                    InteractionEventCodec codec = new InteractionEventCodec(Clock.systemUTC(), settings.eventTimeWindow());
                    ClusterSharding sharding = ClusterSharding.get(system);
                    ClusterSettings cluster = ClusterSettings.from(system.settings().config());
                    // User shard p lives where Kafka partition p is consumed.
                    UserShardPlacement userPlacement = new UserShardPlacement(system, cluster.interactionsPartitions());

                    ModelStore store = new ModelStore(system);
                    InteractionLogReader log = new InteractionLogReader(system, settings.interactionTag());
                    // Every long-lived actor restarts with back-off when it fails, never stops for good.
                    Supervision supervision = settings.supervision();
                    ActorRef<ModelRegistry.Command> registry = ClusterSingleton.get(system)
                            .init(SingletonActor.of(supervision.restarting(ModelRegistry.create()), "model-registry"));
                    Operations.get(system).followModels(registry); // model events of the admin event stream
                    ActiveModel activeModel = new ActiveModel();
                    SharedFactorLoads factorLoads = new SharedFactorLoads(store::load);
                    ctx.spawn(supervision.restarting(ActiveModelFollower.create(registry, factorLoads::load, activeModel,
                            settings.itemShards().reconcileInterval())), "active-model");

                    // The pool that builds graph indexes; as wide as the machine, and apart from the actors' threads.
                    ForkJoinPool indexBuilds = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
                    ItemCatalog catalog = new ItemCatalog(system);
                    ItemShard.init(system, new ItemShard.Sources(factorLoads::load, log::readSince, checkpoints, registry,
                                    catalog::itemsWithAttributes),
                            new ItemShard.Settings(shards, AnnParameters.defaults()
                                    .withSearchBeamWidth(settings.itemShards().searchBeamWidth())
                                    .withRerankDepth(settings.itemShards().rerankDepth()), indexBuilds,
                                    settings.itemShards().coVisits(),
                                    settings.itemShards().reconcileInterval(), settings.itemShards().checkpointInterval(),
                                    settings.itemShards().cold()),
                            supervision);
                    // The trainer has the shards build a version's index before registering it; the control that
                    // fans out to the shards needs the trainer in turn, and the drift monitor may ask it for a
                    // training, hence the late binding.
                    ModelControl[] control = new ModelControl[1];
                    // New alarms reach every node's admin stream through a cluster-wide topic: the monitor runs on one.
                    ActorRef<Topic.Command<DriftMonitor.Alarm>> alarms =
                            ctx.spawn(Topic.create(DriftMonitor.Alarm.class, "drift-alarms"), "drift-alarms");
                    alarms.tell(Topic.subscribe(ctx.spawn(supervision.restarting(Behaviors.receive(DriftMonitor.Alarm.class)
                            .onMessage(DriftMonitor.Alarm.class, alarm -> {
                                Operations.get(system).events().publish("alarm", alarm.describe());
                                return Behaviors.same();
                            }).build()), "drift-alarms-to-stream")));
                    ActorRef<DriftMonitor.Command> driftMonitor = ClusterSingleton.get(system).init(SingletonActor.of(
                            supervision.restarting(DriftMonitor.create(settings.drift(), reason -> control[0]
                                    .train(DriftMonitor.WHO, reason, settings.itemShards().prepareTimeout())
                                    .thenApply(Trainer.TrainingReport::versionId), alarm -> alarms.tell(Topic.publish(alarm)))),
                            "drift-monitor"));
                    // One popularity count for the cluster, its ranking published to every node's board; each
                    // interaction a user entity records also goes straight to every board, which counts it until a
                    // publication has (the count follows the log seconds behind).
                    ActorRef<Topic.Command<PopularityBoard.Ranking>> rankings =
                            ctx.spawn(Topic.create(PopularityBoard.Ranking.class, "popular-items"), "popular-items");
                    ActorRef<Topic.Command<PopularityBoard.Interacted>> interactions =
                            ctx.spawn(Topic.create(PopularityBoard.Interacted.class, "recorded-interactions"),
                                    "recorded-interactions");
                    ClusterSingleton.get(system).init(SingletonActor.of(PopularityCounter.create(settings.interactionTag(),
                            settings.popularity(), catalog, checkpoints, rankings, supervision), "popularity-counter"));
                    // The head of the board's latest list, against which the entities here judge each interaction.
                    PopularHead popularHead = new PopularHead(settings.recommendations().trendContexts().head());
                    ActorRef<PopularityBoard.Command> popularity = ctx.spawn(supervision.restarting(
                            PopularityBoard.create(rankings, interactions, settings.popularity().board(), popularHead)),
                            "popularity");
                    // One per node: the user entities here credit it, the recommender here reads its leader.
                    BlendLeader blendLeader = settings.recommendations().newBlendLeader();
                    // Null unless the lists are learned; then one per node, taught by the user entities here as well.
                    LearnedRanking learnedRanking = settings.recommendations().newLearnedRanking();
                    // Built only when used: off (the default), no entity writes a copy and no request reads one.
                    ProfileStore profiles = settings.storedProfiles().enabled() ? new CassandraProfileStore(system) : ProfileStore.NONE;
                    Operations.get(system).stats().followBlend(blendLeader);
                    if (learnedRanking != null) {
                        Operations.get(system).stats().followRanking(learnedRanking);
                    }
                    UserEntity.init(system, settings.userLimits(), settings.residentUsers(), settings.interactionTag(),
                            new UserEntity.OnlineLearning(activeModel, settings.tasteHalfLife(),
                                    settings.itemShards().coVisits().window(),
                                    visit -> {
                                        ItemShard.shardsOf(visit.visit(), shards).forEach(shard -> sharding
                                                .entityRefFor(ItemShard.TYPE_KEY, Integer.toString(shard)).tell(visit));
                                        interactions.tell(Topic.publish(new PopularityBoard.Interacted(visit.eventId(),
                                                visit.visit().itemId(), visit.visit().weight(), visit.visit().at())));
                                    },
                                    settings.drift().user(), drift -> {
                                        // The node's own figures count the hits and surprises too (GET /admin/stats, /metrics).
                                        if (drift instanceof DriftMonitor.Observe o) {
                                            if (o.hit() != null) Operations.get(system).stats().recordConsumption(o.hit());
                                            if (o.surprise() != null) Operations.get(system).stats().recordSurprise(o.surprise());
                                        }
                                        driftMonitor.tell(drift);
                                    }, blendLeader::credit, popularHead::holds,
                                    learnedRanking == null ? (candidates, taken) -> {} : learnedRanking::learn),
                            settings.storedProfiles().enabled()
                                    ? new UserEntity.Keeping(profiles, settings.storedProfiles().keepAfterQuiet())
                                    : UserEntity.Keeping.NOTHING,
                            userPlacement.placement());

                    ActorRef<Trainer.Command> trainer = ClusterSingleton.get(system).init(SingletonActor.of(
                            Trainer.create(settings.trainer(), log::readAll, ModelStorage.of(store), registry,
                                    versionId -> control[0].prepare(versionId, settings.itemShards().prepareTimeout()),
                                    InteractionLogFollower.feed(system, settings.interactionTag()), checkpoints),
                            "trainer"));
                    control[0] = new ModelControl(system, registry, trainer, shards, settings.userAskTimeout());


                    SendProducer<String, byte[]> producer =
                            new SendProducer<>(
                                    ProducerSettings.create(
                                                    system.settings().config().getConfig("akka.kafka.producer"),
                                                    new StringSerializer(),
                                                    new ByteArraySerializer())
                                            .withBootstrapServers(settings.kafkaBootstrapServers()),
                                    system);
                    DeadLetters deadLetters = new DeadLetters(producer, settings.deadLetterTopic());
                    var ingest = new InteractionIngest(system, settings, codec, deadLetters).start(userPlacement);
                    var catalogIngest = new CatalogIngest(system, settings, catalog, deadLetters).start();

                    EventPublisher publisher = new EventPublisher(producer, settings.interactionsTopic(), codec);
                    Recommender recommender = new Recommender(system, settings.recommendations(), blendLeader,
                            learnedRanking, popularity, activeModel, shards, settings.userAskTimeout(), settings.storedProfiles().enabled()
                                    ? new StoredTastes(profiles, activeModel, settings.tasteHalfLife(),
                                            settings.drift().user().weightBeforeShift(),
                                            userPlacement.usersPlacedHere(PLACEMENT_REREAD))
                                    : StoredTastes.none());
                    ActorRef<ChangeLog.Command> changeLog = ClusterSingleton.get(system).init(SingletonActor.of(
                            supervision.restarting(ChangeLog.create(settings.audit().retainedChanges(), settings.audit().snapshotEvery())),
                            "admin-change-log"));
                    ChangeRecorder changes = new ChangeRecorder(changeLog, system.scheduler(), settings.audit().askTimeout());
                    CassandraReadJournal journal = PersistenceQuery.get(system)
                            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
                    UserAudit userAudit = new UserAudit(system, journal, journal::currentPersistenceIds, control[0]::state,
                            store::load, activeModel, settings.userLimits(), settings.tasteHalfLife(), settings.drift().user(),
                            settings.recommendations().excludeTypes());
                    DriftAlarms driftAlarms = new DriftAlarms(system, driftMonitor, settings.drift().alarms().askTimeout());
                    HttpServers.start(system, settings, codec, publisher, popularity, recommender, control[0], changes,
                            userAudit, driftAlarms).whenComplete((b, e) -> {
                        if (e != null) started.completeExceptionally(e);
                        else started.complete(new Started(b, control[0]));
                    });

                    GracefulLeave.register(system, cluster.unreadyBeforeUnbind());
                    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
                    shutdown.addTask(
                            CoordinatedShutdown.PhaseServiceRequestsDone(),
                            "stop-ingest",
                            () -> {
                                ingest.first().shutdown();
                                catalogIngest.first().shutdown();
                                return ingest.second().thenCombine(catalogIngest.second(), (a, b) -> Done.getInstance());
                            });
                    shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "close-producer", producer::close);
                    shutdown.addTask(CoordinatedShutdown.PhaseActorSystemTerminate(), "stop-index-builds", () -> {
                        indexBuilds.shutdownNow();
                        return CompletableFuture.completedFuture(Done.getInstance());
                    });
                    return Behaviors.empty();
                });
    }
}
