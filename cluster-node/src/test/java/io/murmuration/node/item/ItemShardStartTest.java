package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.OneNodeCluster;
import io.murmuration.node.Supervision;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Item shards under cluster sharding, as in a node, rather than spawned by hand as in {@link ItemShardTest}. */
class ItemShardStartTest {

    private static final ActorTestKit testKit = ActorTestKit.create("item-shard-start", ConfigFactory.parseString("""
                    akka.actor.provider = cluster
                    akka.remote.artery.canonical.hostname = "127.0.0.1"
                    akka.remote.artery.canonical.port = 0
                    akka.cluster.jmx.multi-mbeans-in-same-jvm = on
                    """).withFallback(ConfigFactory.load()).resolve());
    private static final ForkJoinPool indexBuilds = new ForkJoinPool(1);

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
        indexBuilds.shutdown();
    }

    @Test
    void everyShardStartsAndReadsTheLogBackWithoutWaitingForASearch() throws Exception {
        OneNodeCluster.joinItself(testKit.system());

        CompletableFuture<Done> allRead = new CompletableFuture<>();
        AtomicInteger reads = new AtomicInteger();
        ItemShard.InteractionHistory history = (since, sink) -> {
            if (reads.incrementAndGet() == 3) allRead.complete(Done.getInstance());
            return CompletableFuture.completedFuture(Done.getInstance());
        };

        ItemShard.init(testKit.system(),
                new ItemShard.Sources(version -> CompletableFuture.completedFuture(Optional.empty()), history, null),
                new ItemShard.Settings(3, AnnParameters.defaults(), indexBuilds,
                        new ItemShard.CoVisitSettings(5, 1, 0.5, Duration.ofDays(1), 10), Duration.ofSeconds(1)),
                new Supervision(Duration.ofSeconds(1), Duration.ofSeconds(30)));

        allRead.get(20, TimeUnit.SECONDS);
        assertEquals(3, reads.get(), "each of the 3 shards read the log once, and no search was sent");
    }
}
