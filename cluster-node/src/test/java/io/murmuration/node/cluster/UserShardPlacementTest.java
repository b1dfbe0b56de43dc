package io.murmuration.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.kafka.cluster.sharding.KafkaClusterSharding;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.user.UserEntity;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A user's shard is the partition Kafka's default partitioner gives a record keyed by the user id. */
class UserShardPlacementTest {

    // Any free port: the default 25520 may be a running node's.
    private static final ActorTestKit testKit = ActorTestKit.create(
            ConfigFactory.parseString("akka.remote.artery.canonical.port = 0").withFallback(ConfigFactory.load()));

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void aUsersShardIsThePartitionOfARecordKeyedByItsId() {
        var extractor = KafkaClusterSharding.get(testKit.system().classicSystem()).<UserEntity.Command>messageExtractor(16);
        for (String user : new String[] {"alice", "u-0", "u-1", "demo-user-3", "kill-17", "roll-63", "a.b_c:d@e-f", "Z"}) {
            // What Kafka's partitioner computes from the serialized (UTF-8) key.
            int partition = Utils.toPositive(Utils.murmur2(user.getBytes(StandardCharsets.UTF_8))) % 16;

            assertEquals(Integer.toString(partition), extractor.shardId(user), user);
        }
    }
}
