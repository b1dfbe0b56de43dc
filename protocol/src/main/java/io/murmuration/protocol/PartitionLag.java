package io.murmuration.protocol;

/**
 * One partition's lag.
 *
 * @param partition the partition number
 * @param committed the group's committed offset; null when the group has committed none there yet
 * @param end       the partition's end offset (the offset the next record will get)
 * @param lag       records not yet consumed: {@code end} minus the offset consumption resumes from (the committed
 *                  one, or the partition's first offset when none is committed or it has been deleted)
 */
public record PartitionLag(int partition, Long committed, long end, long lag) {}
