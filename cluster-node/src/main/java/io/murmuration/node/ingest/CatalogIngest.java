package io.murmuration.node.ingest;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.japi.Pair;
import akka.stream.KillSwitch;
import io.murmuration.node.Settings;
import io.murmuration.node.item.ItemCatalog;
import io.murmuration.node.item.ItemShard;
import io.murmuration.protocol.CatalogItemCodec;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The catalog stream: item upserts from the {@code catalog} topic go to the items table, then to the item's shard (which
 * keeps it among its cold items until it has been visited enough); records that fail
 * validation go to the dead-letter topic (their source header names the catalog topic).
 */
public final class CatalogIngest {

    private static final int PARALLELISM = 8;

    private final ActorSystem<?> system;
    private final Settings settings;
    private final ItemCatalog catalog;
    private final DeadLetters deadLetters;
    private final CatalogItemCodec codec = new CatalogItemCodec();

    public CatalogIngest(ActorSystem<?> system, Settings settings, ItemCatalog catalog, DeadLetters deadLetters) {
        this.system = system;
        this.settings = settings;
        this.catalog = catalog;
        this.deadLetters = deadLetters;
    }

    public Pair<KillSwitch, CompletionStage<Done>> start() {
        return CommittingConsumer.run(
                system, settings, settings.catalogTopic(), settings.consumerGroup() + "-catalog", PARALLELISM, this::handle);
    }

    private CompletionStage<?> handle(ConsumerRecord<String, byte[]> record) {
        CatalogItemCodec.Result parsed = codec.parse(record.value() == null ? new byte[0] : record.value());
        if (!parsed.isValid()) {
            return deadLetters.send(record, parsed.error());
        }
        // The table first: a shard that misses the message (restarting, moving) reads the item from it when it starts.
        return catalog.upsert(parsed.item()).thenApply(done -> {
            int shards = settings.itemShards().count();
            ClusterSharding.get(system)
                    .entityRefFor(ItemShard.TYPE_KEY, Integer.toString(ItemShard.shardOf(parsed.item().itemId(), shards)))
                    .tell(new ItemShard.Catalogue(parsed.item().itemId(), parsed.item().attributes()));
            return done;
        });
    }
}
