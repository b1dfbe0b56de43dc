package io.murmuration.node.cluster;

import akka.actor.typed.ActorSystem;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.management.cluster.bootstrap.ClusterBootstrap;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node comes into a cluster. With seed nodes configured, Akka joins them by itself. With discovery endpoints, or
 * another discovery method than config (e.g. {@code kubernetes-api}), Cluster Bootstrap looks the nodes up and probes
 * them: it joins the cluster any of them is in, or, when none is in one and enough of them answer, the node with the
 * lowest address forms it. With none of these, the node forms a cluster of its own at once (one node, and the
 * in-process integration tests).
 */
public final class ClusterFormation {

    private static final Logger log = LoggerFactory.getLogger(ClusterFormation.class);

    /** The config-discovery service Cluster Bootstrap looks up (akka.management.cluster.bootstrap.contact-point-discovery). */
    static final String SERVICE = "murmuration";

    private ClusterFormation() {}

    /** The discovery method that reads its endpoints from the configuration. */
    static final String CONFIG_METHOD = "config";

    /** Whether the node finds the others through Cluster Bootstrap: endpoints are listed, or another method is set. */
    public static boolean usesBootstrap(Config config) {
        return !ClusterSettings.from(config).discoveryEndpoints().isEmpty()
                || !CONFIG_METHOD.equals(config.getString("akka.discovery.method"));
    }

    /** Whether the node forms a cluster of its own: no seed nodes, no Cluster Bootstrap. */
    public static boolean formsClusterAlone(Config config) {
        return config.getStringList("akka.cluster.seed-nodes").isEmpty() && !usesBootstrap(config);
    }

    /** {@code config} with the discovery endpoints of {@code murmuration.cluster} as the config-discovery service. */
    public static Config withDiscovery(Config config) {
        List<ClusterSettings.Endpoint> endpoints = ClusterSettings.from(config).discoveryEndpoints();
        if (endpoints.isEmpty()) return config;
        List<Map<String, Object>> entries = endpoints.stream()
                .map(e -> Map.<String, Object>of("host", e.host(), "port", e.port()))
                .toList();
        return ConfigFactory.empty()
                .withValue("akka.discovery.config.services." + SERVICE + ".endpoints", ConfigValueFactory.fromIterable(entries))
                .withFallback(config);
    }

    /**
     * Starts joining. With Cluster Bootstrap ({@link #usesBootstrap}), call it once Akka Management runs, since bootstrap
     * answers other nodes' probes through it; otherwise at any time.
     */
    public static void join(ActorSystem<?> system) {
        Config config = system.settings().config();
        Cluster cluster = Cluster.get(system);
        if (!config.getStringList("akka.cluster.seed-nodes").isEmpty()) {
            log.info("Joining the seed nodes {}", config.getStringList("akka.cluster.seed-nodes"));
        } else if (usesBootstrap(config)) {
            String method = config.getString("akka.discovery.method");
            log.info("Cluster Bootstrap: {} discovery{} (forming a new cluster needs {} nodes)", method,
                    CONFIG_METHOD.equals(method) ? " of " + ClusterSettings.from(config).discoveryEndpoints() : "",
                    config.getInt("akka.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"));
            ClusterBootstrap.get(system).start();
        } else {
            cluster.manager().tell(Join.create(cluster.selfMember().address())); // a lone node forms its own cluster
        }
    }
}
