package io.murmuration.node;

import akka.actor.typed.ActorSystem;
import akka.management.javadsl.AkkaManagement;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.murmuration.node.cluster.ClusterFormation;
import io.murmuration.node.http.HttpServers;
import io.murmuration.node.model.ModelControl;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running node: its actor system, HTTP bindings and Akka Management, started and stopped as a unit. */
public final class MurmurationNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MurmurationNode.class);

    private final ActorSystem<Void> system;
    private final HttpServers.Bindings bindings;
    private final ModelControl models;

    private MurmurationNode(ActorSystem<Void> system, Guardian.Started started) {
        this.system = system;
        this.bindings = started.bindings();
        this.models = started.models();
    }

    /**
     * The configuration a node runs with: {@code application.conf} over {@code reference.conf}, with the
     * {@code MURMURATION_*} variables of {@code env} filling the {@code ${?MURMURATION_…}} slots there.
     */
    public static Config loadConfig(Map<String, String> env) {
        Map<String, String> ours = new HashMap<>();
        env.forEach((k, v) -> { if (k.startsWith("MURMURATION_")) ours.put(k, v); });
        Config overlay = ConfigFactory.parseMap(ours);
        String contactPoints = ours.get("MURMURATION_CASSANDRA_CONTACT_POINTS");
        if (contactPoints != null && !contactPoints.isBlank()) {
            overlay = overlay.withValue("datastax-java-driver.basic.contact-points", ConfigValueFactory.fromIterable(split(contactPoints)));
        }
        String seeds = ours.get("MURMURATION_SEED_NODES");
        if (seeds != null && !seeds.isBlank()) {
            overlay = overlay.withValue("akka.cluster.seed-nodes", ConfigValueFactory.fromIterable(split(seeds)));
        }
        return overlay
                .withFallback(ConfigFactory.defaultOverrides())
                .withFallback(ConfigFactory.defaultApplication())
                .withFallback(ConfigFactory.defaultReferenceUnresolved())
                .resolve();
    }

    /** Starts a node and waits until both HTTP servers are bound; refuses bad settings before starting anything. */
    public static MurmurationNode start(Config configured) {
        Settings settings = Settings.from(configured);
        Config config = ClusterFormation.withDiscovery(configured);
        log.info(
                "Starting Murmuration node: Kafka {} (topic {}, group {}), Cassandra {} (keyspace {}), remoting {}:{}",
                settings.kafkaBootstrapServers(),
                settings.interactionsTopic(),
                settings.consumerGroup(),
                config.getStringList("datastax-java-driver.basic.contact-points"),
                config.getString("akka.persistence.cassandra.journal.keyspace"),
                config.getString("akka.remote.artery.canonical.hostname"),
                config.getInt("akka.remote.artery.canonical.port"));
        CompletableFuture<Guardian.Started> started = new CompletableFuture<>();
        ActorSystem<Void> system = ActorSystem.create(Guardian.create(settings, started), "murmuration", config);
        try {
            // Only Cluster Bootstrap needs the management endpoint before joining (other nodes probe it). A node that
            // joins seed nodes or forms a cluster alone starts joining at once: binding the endpoint takes about a
            // second of a restart, and the shards cannot start before the node is up.
            boolean bootstrap = ClusterFormation.usesBootstrap(config);
            if (!bootstrap) ClusterFormation.join(system);
            AkkaManagement.get(system).start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (bootstrap) ClusterFormation.join(system);
            return new MurmurationNode(system, started.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            system.terminate();
            throw new IllegalStateException("Node did not start: " + e.getMessage(), e);
        }
    }

    public ActorSystem<Void> system() {
        return system;
    }

    /** Training, activation and rollback of model versions, as the admin API offers them. */
    public ModelControl models() {
        return models;
    }

    public int httpPort() {
        return bindings.publicPort();
    }

    public int adminPort() {
        return bindings.adminPort();
    }

    /** Leaves the cluster and stops, running coordinated shutdown (ingest drained, servers unbound). */
    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Node did not stop within 60 s", e);
        }
    }

    private static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

}
