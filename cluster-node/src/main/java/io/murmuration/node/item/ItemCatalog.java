package io.murmuration.node.item;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.stream.alpakka.cassandra.CassandraSessionSettings;
import akka.stream.alpakka.cassandra.javadsl.CassandraSession;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import akka.stream.javadsl.Sink;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import io.murmuration.protocol.CatalogItem;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The {@code items} table: every item the system has seen, registered on its first interaction or from the
 * {@code catalog} topic with its attributes. Shares the
 * journal's Cassandra session, so it needs no connection settings of its own.
 */
public final class ItemCatalog {

    // Built once: getMap(name, String.class, String.class) builds this type by reflection for every row it reads.
    private static final GenericType<Map<String, String>> ATTRIBUTES = GenericType.mapOf(String.class, String.class);

    private final CassandraSession session;
    private final String registerStatement;
    private final String upsertStatement;
    private final String attributesStatement;
    private final ActorSystem<?> system;

    public ItemCatalog(ActorSystem<?> system) {
        this.session =
                CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("akka.persistence.cassandra"));
        String keyspace = system.settings().config().getString("akka.persistence.cassandra.journal.keyspace");
        // IF NOT EXISTS keeps the earliest first_seen when several nodes register the same item.
        this.registerStatement =
                "INSERT INTO " + keyspace + ".items (item_id, first_seen) VALUES (?, ?) IF NOT EXISTS";
        this.upsertStatement = "UPDATE " + keyspace + ".items SET attributes = ? WHERE item_id = ?";
        this.attributesStatement = "SELECT item_id, attributes FROM " + keyspace + ".items";
        this.system = system;
    }

    /**
     * Every item {@code owns} accepts that has attributes: a scan of the whole table (one per item shard start, after
     * its co-visitations are restored), read page by page, keeping only the shard's own items.
     */
    public CompletionStage<List<CatalogItem>> itemsWithAttributes(Predicate<String> owns) {
        return session.select(attributesStatement)
                .filter(row -> owns.test(row.getString("item_id")))
                .map(ItemCatalog::toItem)
                .filter(item -> !item.attributes().isEmpty())
                .runWith(Sink.seq(), system);
    }

    private static CatalogItem toItem(Row row) {
        Map<String, String> attributes = row.get("attributes", ATTRIBUTES);
        return new CatalogItem(row.getString("item_id"), attributes);
    }

    /** Replaces the item's attributes with the catalog's, creating the item if it is new. */
    public CompletionStage<Done> upsert(CatalogItem item) {
        return session.executeWrite(upsertStatement, item.attributes(), item.itemId());
    }

    /** Registers an item seen in an interaction; an item already there keeps its first-seen time. */
    public CompletionStage<Done> register(String itemId, Instant firstSeen) {
        return session.executeWrite(registerStatement, itemId, firstSeen);
    }
}
