package io.murmuration.node.ops;

import akka.Done;
import akka.NotUsed;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.actor.typed.Props;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.stream.KillSwitches;
import akka.stream.OverflowStrategy;
import akka.stream.SharedKillSwitch;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.protocol.ClusterResponse;
import io.murmuration.protocol.ConsumerLagReport;
import io.murmuration.protocol.StatsResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

/**
 * This node's operations figures and events, one per actor system: the stats recorder the ingest stream, the
 * recommendation endpoint and the user entities feed; the event hub the admin event stream reads and anything on the
 * node may publish to; the consumer-lag probe; the cluster overview; and the Prometheus registry that renders all of
 * it with the JVM's own metrics. Reached with {@code Operations.get(system)}.
 */
public final class Operations implements Extension {

    /** Slots of the stats window: a 60 s window moves in 5 s steps. */
    static final int WINDOW_SLOTS = 12;

    private static final ExtensionId<Operations> ID = new ExtensionId<>() {
        @Override
        public Operations createExtension(ActorSystem<?> system) {
            return new Operations(system);
        }
    };

    private final ActorSystem<?> system;
    private final OperationsSettings settings;
    private final PrometheusMeterRegistry metrics;
    private final NodeStats stats;
    private final OperationsEvents events;
    private final ConsumerLagProbe lag;
    private final ClusterOverview cluster;
    private final SharedKillSwitch streams = KillSwitches.shared("admin-event-streams");
    private final Set<CompletableFuture<Done>> openStreams = ConcurrentHashMap.newKeySet();

    private Operations(ActorSystem<?> system) {
        this.system = system;
        this.settings = OperationsSettings.from(system.settings().config());
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.stats = new NodeStats(new SlidingWindow(NodeStats.COUNTERS, settings.statsWindow(), WINDOW_SLOTS, System::nanoTime),
                System::nanoTime, metrics, settings.statsWindow());
        this.events = new OperationsEvents(system);
        MultiGauge lagGauge = MultiGauge.builder("murmuration.kafka.consumer.lag")
                .description("Records of the interactions topic the ingest consumer group has yet to consume, by partition")
                .register(metrics);
        this.lag = ConsumerLagProbe.forKafka(settings.kafkaBootstrapServers(), settings.interactionsTopic(),
                settings.consumerGroup(), settings.lagCacheFor(), settings.kafkaTimeout(),
                report -> lagGauge.register(report.partitions().stream()
                        .map(p -> MultiGauge.Row.of(Tags.of("topic", report.topic(), "partition", Integer.toString(p.partition())), p.lag()))
                        .toList(), true));
        this.cluster = new ClusterOverview(system, settings.regionTimeout());
        registerClusterGauges();
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ClassLoaderMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        system.systemActorOf(ClusterWatcher.create(cluster, events, Clock.systemUTC()), "operations-cluster-watcher", Props.empty());
        // An open event stream would hold the admin server's unbinding until its hard deadline: end them first.
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "end-admin-event-streams", () -> {
            streams.shutdown();
            return CompletableFuture.allOf(openStreams.toArray(CompletableFuture[]::new))
                    .handle((done, failure) -> Done.getInstance());
        });
        system.getWhenTerminated().thenRun(() -> {
            lag.close();
            gc.close();
            metrics.close();
        });
    }

    public static Operations get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** Publishes the registry's model changes as {@code model} events from now on. Call once per node. */
    public void followModels(ActorRef<ModelRegistry.Command> registry) {
        system.systemActorOf(ModelWatcher.create(registry, events, settings.modelPollInterval()), "operations-model-watcher",
                Props.empty());
    }

    /** The recorder of ingest, recommendation and consumption figures. */
    public NodeStats stats() {
        return stats;
    }

    /** Where drift alarms and other node events are published for the admin event stream. */
    public OperationsEvents events() {
        return events;
    }

    public OperationsSettings settings() {
        return settings;
    }

    public CompletionStage<ClusterResponse> cluster() {
        return cluster.current();
    }

    /** The stats as {@code GET /admin/stats} answers them: this node's window and the group's consumer lag. */
    public CompletionStage<StatsResponse> statsReport() {
        NodeStats.Figures figures = stats.figures();
        return lag.current().thenApply(l -> new StatsResponse(selfAddress(), Instant.now(),
                figures.span().toMillis() / 1000.0, figures.ingest(), l, figures.recommendations(), figures.consumptions(),
                figures.surprise()));
    }

    /** Every metric in Prometheus' text format, with the consumer lag refreshed first if its cache expired. */
    public CompletionStage<String> scrape() {
        return lag.current().thenApply(report -> metrics.scrape());
    }

    /**
     * One client's event stream, as text/event-stream bytes: a {@code stats} event at once and then every
     * {@code stream-stats-interval}, every published event, and a keep-alive comment whenever it was silent for
     * {@code stream-keep-alive}. A client that reads slower than events come keeps at most {@code stream-buffer} of
     * them waiting; the oldest are dropped first. Every stream ends when the node begins to shut down.
     */
    public Source<ByteString, NotUsed> eventStream() {
        Source<OperationsEvents.Event, NotUsed> ticks = Source.tick(java.time.Duration.ZERO, settings.streamStatsInterval(), "tick")
                .mapAsync(1, tick -> statsReport().thenApply(s -> OperationsEvents.Event.of("stats", s)))
                .mapMaterializedValue(cancellable -> NotUsed.getInstance());
        return ticks.merge(events.subscribe())
                .buffer(settings.streamBuffer(), OverflowStrategy.dropHead())
                .map(EventStreamFormat::encode)
                .keepAlive(settings.streamKeepAlive(), () -> EventStreamFormat.KEEP_ALIVE)
                .via(streams.flow())
                .watchTermination((notUsed, ended) -> {
                    CompletableFuture<Done> end = ended.toCompletableFuture();
                    openStreams.add(end);
                    end.whenComplete((done, failure) -> openStreams.remove(end));
                    return notUsed;
                });
    }

    private String selfAddress() {
        return Cluster.get(system).selfMember().address().toString();
    }

    private void registerClusterGauges() {
        for (MemberStatus status : List.of(MemberStatus.joining(), MemberStatus.weaklyUp(), MemberStatus.up(),
                MemberStatus.leaving(), MemberStatus.exiting(), MemberStatus.down())) {
            Gauge.builder("murmuration.cluster.members", this, ops -> ops.membersWith(status))
                    .tag("status", ClusterOverview.statusName(status))
                    .description("Cluster members this node knows, by status")
                    .register(metrics);
        }
        Gauge.builder("murmuration.cluster.unreachable.members", this,
                        ops -> Cluster.get(ops.system).state().getUnreachable().size())
                .description("Cluster members some member's failure detector cannot reach")
                .register(metrics);
    }

    private long membersWith(MemberStatus status) {
        Iterable<Member> members = Cluster.get(system).state().getMembers();
        return StreamSupport.stream(members.spliterator(), false).filter(m -> m.status() == status).count();
    }
}
