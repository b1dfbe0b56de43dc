package io.murmuration.node.item;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The indexes of the item shards that live on this node, searched by this node's recommender without asking the shard
 * (decision 022). Each shard publishes the indexes it holds (active, previous, prepared) whenever they change, and
 * withdraws them when it stops or restarts; the shard alone still builds, swaps and drops them. What is here for a shard
 * is therefore what that shard would search itself, and an index is immutable and safe to search from any thread.
 * A shard of another node is never here: it is asked.
 */
public final class LocalIndexes implements Extension {

    private static final ExtensionId<LocalIndexes> ID = new ExtensionId<>() {
        @Override
        public LocalIndexes createExtension(ActorSystem<?> system) {
            return new LocalIndexes();
        }
    };

    private final Map<Integer, Map<String, AnnIndex>> byShard = new ConcurrentHashMap<>();

    LocalIndexes() {}

    public static LocalIndexes get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** The shard's indexes by model version, replacing what it published before; none withdraws them all. */
    public void publish(int shard, Map<String, AnnIndex> byVersion) {
        if (byVersion.isEmpty()) {
            byShard.remove(shard);
        } else {
            byShard.put(shard, Map.copyOf(byVersion));
        }
    }

    /** The shard stopped on this node (passivated, handed to another node, restarting): it is asked from now on. */
    public void withdraw(int shard) {
        byShard.remove(shard);
    }

    /** The shard's index of {@code versionId} if the shard lives on this node and holds that version, else null. */
    public AnnIndex find(int shard, String versionId) {
        if (versionId == null) return null;
        Map<String, AnnIndex> indexes = byShard.get(shard);
        return indexes == null ? null : indexes.get(versionId);
    }
}
