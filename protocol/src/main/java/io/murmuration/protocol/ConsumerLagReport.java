package io.murmuration.protocol;

import java.time.Instant;
import java.util.List;

/**
 * How far the ingest consumer group is behind on the interactions topic: every partition of the topic, whichever
 * node consumes it, as Kafka saw it at {@code fetchedAt} (cached for a few seconds).
 *
 * @param topic      the interactions topic
 * @param group      the ingest consumer group
 * @param fetchedAt  when Kafka was asked; null when it never answered
 * @param totalLag   the sum over the partitions; null when unknown
 * @param partitions every partition, in partition order; empty when unknown
 * @param error      why the lag is unknown (Kafka did not answer, …); null when it is known
 */
public record ConsumerLagReport(
        String topic, String group, Instant fetchedAt, Long totalLag, List<PartitionLag> partitions, String error) {

    public ConsumerLagReport {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }
}
