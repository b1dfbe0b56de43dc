package io.murmuration.console.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.murmuration.protocol.PartitionOwner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster view says which node consumes which Kafka partition, in partition order per node. */
class PartitionsPerNodeTest {

    @Test
    void groupsPartitionsByTheNodeThatConsumesThem() {
        String text = ClusterView.partitionsPerNode(List.of(new PartitionOwner(2, "node-b"), new PartitionOwner(0, "node-a"),
                new PartitionOwner(1, "node-b"), new PartitionOwner(3, "node-a")));

        assertEquals("Kafka partitions (and the user shards placed with them) per node — node-a: 0, 3 · node-b: 1, 2", text);
    }

    @Test
    void saysSoWhenNoConsumerHasPartitionsYet() {
        assertEquals("Kafka partitions per node: no consumer has been assigned partitions yet.", ClusterView.partitionsPerNode(List.of()));
    }
}
