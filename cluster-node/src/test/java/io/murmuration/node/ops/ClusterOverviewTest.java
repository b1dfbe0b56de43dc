package io.murmuration.node.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import akka.actor.Address;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.cluster.MemberStatus;
import com.typesafe.config.ConfigFactory;
import io.murmuration.protocol.EntityTypeShards;
import io.murmuration.protocol.NodeShards;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the cluster overview reports shard regions, including one that does not answer. */
class ClusterOverviewTest {

    private static ActorTestKit testKit;

    @BeforeAll
    static void startASystem() {
        testKit = ActorTestKit.create("cluster-overview", ConfigFactory.parseString("""
                akka.actor.provider = cluster
                akka.remote.artery.canonical.hostname = "127.0.0.1"
                akka.remote.artery.canonical.port = 0
                """).withFallback(ConfigFactory.load()));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void reportsARegionThatDoesNotAnswerAsSuchInsteadOfFailing() throws Exception {
        ClusterOverview overview = new ClusterOverview(testKit.system(), Duration.ofMillis(500));
        Address nobody = new Address("akka", "murmuration", "127.0.0.1", unusedPort());

        NodeShards region = overview.regionOf(nobody, "user").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(nobody.toString(), region.address());
        assertFalse(region.answered());
        assertNull(region.shards());
        assertNull(region.entities());
        assertEquals("no answer within 500 ms", region.error());
    }

    @Test
    void sumsOnlyTheRegionsThatAnswered() {
        EntityTypeShards summary = ClusterOverview.summarize("user", List.of(
                new NodeShards("akka://murmuration@10.0.0.1:25520", true, 40, 1200, List.of(), List.of(), null),
                new NodeShards("akka://murmuration@10.0.0.2:25520", false, null, null, List.of(), List.of(), "no answer within 3000 ms"),
                new NodeShards("akka://murmuration@10.0.0.3:25520", true, 35, 800, List.of(), List.of("17"), null)));

        assertEquals(75, summary.shards());
        assertEquals(2000, summary.entities());
        assertEquals(3, summary.nodes().size());
    }

    @Test
    void namesStatusesInLowerCaseWithHyphens() {
        assertEquals("up", ClusterOverview.statusName(MemberStatus.up()));
        assertEquals("weakly-up", ClusterOverview.statusName(MemberStatus.weaklyUp()));
        assertEquals("preparing-for-shutdown", ClusterOverview.statusName(MemberStatus.shuttingDown()));
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
