package io.murmuration.node.ingest;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.japi.Pair;
import akka.stream.KillSwitch;
import io.murmuration.node.Settings;
import io.murmuration.node.item.ItemCatalog;
import io.murmuration.protocol.CatalogItemCodec;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The catalog stream: item upserts from the {@code catalog} topic go to the items table; records that fail
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
        return parsed.isValid() ? catalog.upsert(parsed.item()) : deadLetters.send(record, parsed.error());
    }
}
