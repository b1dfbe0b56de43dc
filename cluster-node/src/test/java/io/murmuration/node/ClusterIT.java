package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.murmuration.node.ClusterTraffic.ClientFigures;
import io.murmuration.node.NodeProcess.Answer;
import io.murmuration.node.RealInfrastructure.Run;
import io.murmuration.protocol.ClusterResponse;
import io.murmuration.protocol.EntityTypeShards;
import io.murmuration.protocol.JournalEntry;
import io.murmuration.protocol.NodeShards;
import io.murmuration.protocol.PartitionOwner;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.UserEventsResponse;
import io.murmuration.protocol.UserProfileResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three node JVMs on the real Cassandra and Kafka, found by one another through Cluster Bootstrap, under a steady
 * stream of events and recommendation requests on every node: first every node is restarted in turn, then one is
 * killed with SIGKILL. Both times every produced event is persisted exactly once (read back from the journal), every
 * user's profile counts all of its events, and the figures are printed. The rolling restart must not fail a single
 * recommendation request; after the kill, the killed node's user shards must serve again within the failure
 * detector's time plus the split-brain resolver's {@code stable-after} and a few seconds of hand-over.
 *
 * <p>The two tests share one cluster (starting three nodes is most of the cost) and run in order; each has its own
 * users, so each checks only its own events.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int NODES = 3;
    private static final int PARTITIONS = 16;
    private static final int USERS = 64;
    private static final int EVENTS_PER_SECOND = 40;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** The failure detector (about 4 s on loopback), stable-after (5 s) and a few seconds of hand-over, on a loaded machine. */
    private static final Duration SHARD_RECOVERY_LIMIT = Duration.ofSeconds(30);

    private static Run run;
    private static Path logs;
    private static final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void startThreeNodes() throws Exception {
        RealInfrastructure.ensureRunning();
        run = Run.create("cluster");
        run.prepare();
        logs = Path.of(System.getProperty("murmuration.it.data", "target/it-infra")).toAbsolutePath().resolve(run.id());
        Files.createDirectories(logs);
        // One address, several ports (what decision 009 allows besides deploy/dev's one address per node).
        List<int[]> ports = new ArrayList<>();
        StringBuilder endpoints = new StringBuilder();
        for (int i = 0; i < NODES; i++) {
            int[] p = {RealInfrastructure.freePort(), RealInfrastructure.freePort(), RealInfrastructure.freePort(), RealInfrastructure.freePort()};
            ports.add(p);
            endpoints.append(i == 0 ? "" : ",").append(RealInfrastructure.HOST).append(':').append(p[2]);
        }
        for (int i = 0; i < NODES; i++) {
            int[] p = ports.get(i);
            Map<String, String> env = new HashMap<>(run.nodeEnvironment(p[0], p[1], p[2], p[3]));
            env.put("MURMURATION_DISCOVERY_ENDPOINTS", endpoints.toString());
            env.put("MURMURATION_REQUIRED_CONTACT_POINTS", Integer.toString(NODES));
            env.put("MURMURATION_INTERACTIONS_PARTITIONS", Integer.toString(PARTITIONS));
            nodes.add(new NodeProcess("node-" + (i + 1), RealInfrastructure.HOST, p[0], p[1], p[2], p[3], env, logs));
        }
        long start = System.nanoTime();
        for (NodeProcess node : nodes) node.start();
        for (NodeProcess node : nodes) node.awaitInCluster(NODES, PATIENCE);
        // Membership comes first; the ingest consumers' group then spreads the partitions over the nodes, which on a
        // loaded machine can take another rebalance or two. The tests start from a cluster that consumes everything.
        TestTraffic.awaitValue(ClusterIT::partitionsWithAConsumer, PARTITIONS, PATIENCE);
        System.out.printf("Cluster test: %d nodes formed a cluster in %d s (logs in %s)%n", NODES,
                (System.nanoTime() - start) / 1_000_000_000, logs);
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (NodeProcess node : nodes) {
            try {
                node.stop(Duration.ofSeconds(60));
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
            }
        }
    }

    @Test
    @Order(1)
    void aRollingRestartLosesNoEventAndFailsNoRecommendation() throws Exception {
        // given a steady stream of events and recommendation requests on every node
        ClusterTraffic traffic = new ClusterTraffic(nodes, RealInfrastructure.kafkaBootstrap(), run.topic(), "roll-", USERS,
                EVENTS_PER_SECOND, 2, REQUEST_TIMEOUT);
        ClusterResponse before = cluster(nodes.get(0));
        assertEquals(PARTITIONS, before.partitions().size(), "every partition has a consumer: " + before.partitions());
        assertColocated(before);
        Thread.sleep(5000);

        // when every node is restarted in turn, each back in the cluster and ready before the next
        long rollStart = System.nanoTime();
        for (NodeProcess node : nodes) {
            long t = System.nanoTime();
            node.stop(Duration.ofSeconds(60));
            node.start();
            node.awaitInCluster(NODES, PATIENCE);
            for (NodeProcess other : nodes) other.awaitInCluster(NODES, PATIENCE);
            System.out.printf("Cluster test: %s restarted and back in %d s%n", node.name, (System.nanoTime() - t) / 1_000_000_000);
            Thread.sleep(3000);
        }
        long rollSeconds = (System.nanoTime() - rollStart) / 1_000_000_000;
        Thread.sleep(5000);
        traffic.close();
        ClientFigures client = traffic.figures();

        // then every event is persisted once, no request failed, and every profile counts its user's events
        Delivery delivery = delivery(traffic.produced());
        System.out.printf("Rolling restart (%d s): produced %d (%d send failures), persisted %d, lost %d, duplicated %d;"
                        + " recommendations %d (%s), failed %d (5xx %d, other status %d, timed out %d, no answer %d), worst %d ms%n",
                rollSeconds, traffic.producedCount(), traffic.produceFailures(), delivery.persisted, delivery.lost.size(),
                delivery.duplicated.size(), client.requests(), client.perNode(), client.failed(), client.serverErrors(),
                client.otherStatuses(), client.timeouts(), client.noAnswer(), client.worstMillis());
        assertEquals(0, traffic.produceFailures(), "sends Kafka refused");
        assertTrue(delivery.lost.isEmpty(), "lost events: " + first(delivery.lost));
        assertTrue(delivery.duplicated.isEmpty(), "duplicated events: " + first(delivery.duplicated));
        assertEquals(0, client.failed(), "failed recommendation requests, first of each kind: " + traffic.firstFailures());
        assertTrue(client.requests() > 100, "the client kept asking: " + client.requests());
        assertProfilesCount(traffic.produced());
        assertColocated(cluster(nodes.get(1)));
    }

    @Test
    @Order(2)
    void aKilledNodesShardsServeAgainAndNoEventIsLost() throws Exception {
        ClusterTraffic traffic = new ClusterTraffic(nodes, RealInfrastructure.kafkaBootstrap(), run.topic(), "kill-", USERS,
                EVENTS_PER_SECOND, 2, REQUEST_TIMEOUT);
        // given users on every shard, and the oldest node (singletons, shard coordinators) known with its user shards
        Thread.sleep(8000);
        String oldest = nodes.get(0).oldest();
        assertNotNull(oldest, "the oldest member");
        NodeProcess victim = nodes.stream().filter(n -> n.address().equals(oldest)).findFirst().orElseThrow();
        List<NodeProcess> survivors = nodes.stream().filter(n -> n != victim).toList();
        Set<String> victimShards = new TreeSet<>(userShardsOf(cluster(survivors.get(0)), victim.address()));
        assertTrue(!victimShards.isEmpty(), "the victim hosts user shards");
        Map<String, String> probeUserOfShard = new TreeMap<>();
        for (int u = 0; u < USERS; u++) {
            String user = "kill-" + u;
            String shard = Integer.toString(partitionOf(user));
            if (victimShards.contains(shard)) probeUserOfShard.putIfAbsent(shard, user);
        }

        // when it is killed with SIGKILL
        long killedAt = System.nanoTime();
        victim.kill();
        Map<String, Long> servedAgainMillis = awaitServedAgain(survivors, probeUserOfShard, killedAt);
        long recoveryMillis = servedAgainMillis.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        ClientFigures duringCrash = traffic.figures();

        // and started again
        victim.start();
        for (NodeProcess node : nodes) node.awaitInCluster(NODES, PATIENCE);
        Thread.sleep(5000);
        traffic.close();
        ClientFigures client = traffic.figures();

        // then its shards served again within the limit and every event is persisted once
        Delivery delivery = delivery(traffic.produced());
        System.out.printf("Kill -9 of %s (oldest, user shards %s): shards serving again after %d ms (per shard %s);"
                        + " produced %d (%d send failures), persisted %d, lost %d, duplicated %d;"
                        + " recommendations %d, failed %d (5xx %d, other status %d, timed out %d, no answer %d; %d of them before"
                        + " the shards served again), worst %d ms%n",
                victim.name, victimShards, recoveryMillis, servedAgainMillis, traffic.producedCount(), traffic.produceFailures(),
                delivery.persisted, delivery.lost.size(), delivery.duplicated.size(), client.requests(), client.failed(),
                client.serverErrors(), client.otherStatuses(), client.timeouts(), client.noAnswer(), duringCrash.failed(),
                client.worstMillis());
        assertEquals(victimShards.size(), servedAgainMillis.size(), "every shard of the killed node served again: " + servedAgainMillis);
        assertTrue(recoveryMillis <= SHARD_RECOVERY_LIMIT.toMillis(), "shards served again after " + recoveryMillis + " ms");
        assertEquals(0, traffic.produceFailures(), "sends Kafka refused");
        assertTrue(delivery.lost.isEmpty(), "lost events: " + first(delivery.lost));
        assertTrue(delivery.duplicated.isEmpty(), "duplicated events: " + first(delivery.duplicated));
        assertEquals(0, client.serverErrors(), "5xx answers, first of each kind: " + traffic.firstFailures());
        assertProfilesCount(traffic.produced());
    }

    /** Polls one user of each shard on the survivors until it answers; the time from the kill to its first answer, per shard. */
    private static Map<String, Long> awaitServedAgain(List<NodeProcess> survivors, Map<String, String> userOfShard, long killedAt)
            throws InterruptedException {
        Map<String, Long> served = new ConcurrentHashMap<>();
        long deadline = killedAt + SHARD_RECOVERY_LIMIT.plusSeconds(30).toNanos();
        int turn = 0;
        while (served.size() < userOfShard.size() && System.nanoTime() < deadline) {
            NodeProcess asked = survivors.get(turn++ % survivors.size());
            List<CompletableFuture<Void>> probes = new ArrayList<>();
            userOfShard.forEach((shard, user) -> {
                if (served.containsKey(shard)) return;
                probes.add(CompletableFuture.runAsync(() -> {
                    Answer a = asked.get(asked.adminPort, "/admin/users/" + user, Duration.ofSeconds(2), RealInfrastructure.VIEWER_TOKEN);
                    if (a.status() == 200) served.putIfAbsent(shard, (System.nanoTime() - killedAt) / 1_000_000);
                }));
            });
            probes.forEach(CompletableFuture::join);
            Thread.sleep(200);
        }
        return new TreeMap<>(served);
    }

    /** What the journal holds of the produced events, once every user has at least as many as were produced. */
    private record Delivery(long persisted, Set<String> lost, Set<String> duplicated) {}

    private static Delivery delivery(Map<String, Set<String>> produced) throws Exception {
        try (CqlSession cql = RealInfrastructure.cql()) {
            long expected = produced.values().stream().mapToLong(Set::size).sum();
            TestTraffic.awaitValue(() -> journalCount(cql, produced.keySet()), expected, PATIENCE);
        }
        Thread.sleep(3000); // redeliveries still under way would show up as duplicates
        long persisted = 0;
        Set<String> lost = new TreeSet<>();
        Set<String> duplicated = new TreeSet<>();
        NodeProcess asked = nodes.get(0);
        for (Map.Entry<String, Set<String>> user : produced.entrySet()) {
            Answer a = asked.get(asked.adminPort, "/admin/users/" + user.getKey() + "/events?limit=10000", Duration.ofSeconds(10),
                    RealInfrastructure.VIEWER_TOKEN);
            assertEquals(200, a.status(), "events of " + user.getKey() + ": " + a.body());
            UserEventsResponse events = ProtocolJson.mapper().readValue(a.body(), UserEventsResponse.class);
            Set<String> seen = new HashSet<>();
            for (JournalEntry e : events.events()) {
                if (e.interaction() == null) continue;
                persisted++;
                if (!seen.add(e.interaction().eventId())) duplicated.add(e.interaction().eventId());
            }
            for (String id : user.getValue()) if (!seen.contains(id)) lost.add(id);
        }
        return new Delivery(persisted, lost, duplicated);
    }

    private static long journalCount(CqlSession cql, Set<String> users) {
        long total = 0;
        for (String user : users) {
            total += cql.execute("SELECT count(*) FROM " + run.keyspace() + ".messages WHERE persistence_id = ? AND partition_nr = 0",
                    "user|" + user).one().getLong(0);
        }
        return total;
    }

    /** Every user's profile, asked of each node in turn, counts exactly the events produced for it. */
    private static void assertProfilesCount(Map<String, Set<String>> produced) throws Exception {
        int turn = 0;
        for (Map.Entry<String, Set<String>> user : produced.entrySet()) {
            NodeProcess asked = nodes.get(turn++ % nodes.size());
            Answer a = asked.get(asked.adminPort, "/admin/users/" + user.getKey(), Duration.ofSeconds(10), RealInfrastructure.VIEWER_TOKEN);
            assertEquals(200, a.status(), "profile of " + user.getKey() + " on " + asked.name + ": " + a.body());
            UserProfileResponse profile = ProtocolJson.mapper().readValue(a.body(), UserProfileResponse.class);
            assertEquals(user.getValue().size(), profile.eventCount(), "events of " + user.getKey());
        }
    }

    /** Each user shard runs on the node that consumes the partition of the same number, once the shards have settled. */
    private static void assertColocated(ClusterResponse first) throws Exception {
        ClusterResponse cluster = first;
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (!misplaced(cluster).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            cluster = cluster(nodes.get(0));
        }
        assertTrue(misplaced(cluster).isEmpty(), "user shards away from their partition's consumer: " + misplaced(cluster)
                + " in " + cluster);
    }

    private static List<String> misplaced(ClusterResponse cluster) {
        Map<String, String> consumer = new HashMap<>();
        for (PartitionOwner p : cluster.partitions()) consumer.put(Integer.toString(p.partition()), p.node());
        List<String> out = new ArrayList<>();
        for (NodeShards region : userType(cluster).nodes()) {
            for (String shard : region.shardIds()) {
                if (!region.address().equals(consumer.get(shard))) out.add(shard + "@" + region.address());
            }
        }
        return out;
    }

    private static List<String> userShardsOf(ClusterResponse cluster, String address) {
        return userType(cluster).nodes().stream().filter(n -> n.address().equals(address)).findFirst()
                .map(NodeShards::shardIds).orElse(List.of());
    }

    private static EntityTypeShards userType(ClusterResponse cluster) {
        return cluster.entityTypes().stream().filter(t -> t.entityType().equals("user")).findFirst().orElseThrow();
    }

    /** How many partitions the first node sees consumed; -1 while it does not answer. */
    private static long partitionsWithAConsumer() {
        try {
            return cluster(nodes.get(0)).partitions().size();
        } catch (Exception | AssertionError e) {
            return -1;
        }
    }

    private static ClusterResponse cluster(NodeProcess node) throws Exception {
        Answer a = node.get(node.adminPort, "/admin/cluster", Duration.ofSeconds(10), RealInfrastructure.VIEWER_TOKEN);
        assertEquals(200, a.status(), "/admin/cluster on " + node.name + ": " + a.body());
        return ProtocolJson.mapper().readValue(a.body(), ClusterResponse.class);
    }

    /** The partition Kafka's default partitioner gives a record keyed by the user id, which is also the user's shard. */
    private static int partitionOf(String user) {
        return Utils.toPositive(Utils.murmur2(user.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static List<String> first(Set<String> ids) {
        return ids.stream().limit(10).toList();
    }
}
