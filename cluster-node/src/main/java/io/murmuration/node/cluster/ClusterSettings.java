package io.murmuration.node.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How this node takes part in the cluster, read from {@code murmuration.cluster}: the management endpoints Cluster
 * Bootstrap probes, the partition count of the interactions topic (which is the number of user shards), and how long a
 * leaving node reports "not ready" before it unbinds. Bad values are refused at start-up with a message naming the key.
 *
 * @param discoveryEndpoints management endpoints of the nodes to form or join a cluster with; empty for a lone node
 * @param interactionsPartitions partitions of the interactions topic, one user shard each
 * @param unreadyBeforeUnbind the pause between "not ready" and unbinding the HTTP servers on shutdown
 */
public record ClusterSettings(List<Endpoint> discoveryEndpoints, int interactionsPartitions, Duration unreadyBeforeUnbind) {

    /** A node's Akka Management address. */
    public record Endpoint(String host, int port) {}

    public ClusterSettings {
        discoveryEndpoints = List.copyOf(discoveryEndpoints);
    }

    public static ClusterSettings from(Config root) {
        Config c = root.getConfig("murmuration.cluster");
        int partitions = c.getInt("interactions-partitions");
        if (partitions <= 0) {
            throw new ConfigException.BadValue("murmuration.cluster.interactions-partitions", "must be positive, was " + partitions);
        }
        Duration unready = c.getDuration("unready-before-unbind");
        if (unready.isNegative()) {
            throw new ConfigException.BadValue("murmuration.cluster.unready-before-unbind", "must not be negative, was " + unready);
        }
        return new ClusterSettings(endpoints(c.getString("discovery-endpoints")), partitions, unready);
    }

    private static List<Endpoint> endpoints(String csv) {
        List<Endpoint> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            String hostPort = part.trim();
            if (hostPort.isEmpty()) continue;
            int colon = hostPort.lastIndexOf(':');
            try {
                if (colon <= 0) throw new NumberFormatException("no port");
                int port = Integer.parseInt(hostPort.substring(colon + 1));
                if (port <= 0 || port > 65535) throw new NumberFormatException("port out of range");
                out.add(new Endpoint(hostPort.substring(0, colon), port));
            } catch (NumberFormatException e) {
                throw new ConfigException.BadValue("murmuration.cluster.discovery-endpoints",
                        "expected comma-separated host:port, got '" + hostPort + "'");
            }
        }
        return out;
    }
}
