package io.murmuration.node.ops;

import io.murmuration.protocol.PartitionLag;
import java.util.List;
import java.util.Map;

/** The lag arithmetic of a consumer group on one topic, apart from how the offsets are fetched. */
public final class ConsumerLag {

    /**
     * What Kafka says about the topic and the group, by partition number.
     *
     * @param beginning each partition's first offset still in the log
     * @param end       each partition's end offset (the offset the next record gets); its keys are the partitions
     * @param committed the group's committed offsets; partitions without one are absent
     */
    public record Offsets(Map<Integer, Long> beginning, Map<Integer, Long> end, Map<Integer, Long> committed) {}

    private ConsumerLag() {}

    /**
     * Every partition's lag, in partition order: the end offset minus where the group resumes, which is its committed
     * offset, or the first offset in the log when it committed none or its committed one was deleted since (the
     * ingest consumer resets to the earliest offset). Never negative.
     */
    public static List<PartitionLag> perPartition(Offsets offsets) {
        return offsets.end().keySet().stream().sorted().map(partition -> {
            long end = offsets.end().get(partition);
            long beginning = offsets.beginning().getOrDefault(partition, 0L);
            Long committed = offsets.committed().get(partition);
            long resumeFrom = committed == null ? beginning : Math.max(committed, beginning);
            return new PartitionLag(partition, committed, end, Math.max(0, end - resumeFrom));
        }).toList();
    }

    public static long total(List<PartitionLag> partitions) {
        return partitions.stream().mapToLong(PartitionLag::lag).sum();
    }
}
