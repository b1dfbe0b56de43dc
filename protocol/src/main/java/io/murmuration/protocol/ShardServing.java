package io.murmuration.protocol;

import java.util.List;

/**
 * Which model versions one item shard holds.
 *
 * @param shard    the shard number, 0 … S−1
 * @param active   the version its searches use; null before any is active
 * @param previous the version a rollback returns to at once; null when none
 * @param prepared versions built and ready to activate
 */
public record ShardServing(int shard, String active, String previous, List<String> prepared) {

    public ShardServing {
        prepared = prepared == null ? List.of() : List.copyOf(prepared);
    }
}
