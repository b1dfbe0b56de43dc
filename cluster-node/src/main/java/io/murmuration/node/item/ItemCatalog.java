package io.murmuration.node.item;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.stream.alpakka.cassandra.CassandraSessionSettings;
import akka.stream.alpakka.cassandra.javadsl.CassandraSession;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * The {@code items} table: every item the system has seen, registered on its first interaction. Shares the
 * journal's Cassandra session, so it needs no connection settings of its own.
 */
public final class ItemCatalog {

  private final CassandraSession session;
  private final String registerStatement;

  public ItemCatalog(ActorSystem<?> system) {
    this.session =
        CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("akka.persistence.cassandra"));
    String keyspace = system.settings().config().getString("akka.persistence.cassandra.journal.keyspace");
    // IF NOT EXISTS keeps the earliest first_seen when several nodes register the same item.
    this.registerStatement =
        "INSERT INTO " + keyspace + ".items (item_id, first_seen) VALUES (?, ?) IF NOT EXISTS";
  }

  public CompletionStage<Done> register(String itemId, Instant firstSeen) {
    return session.executeWrite(registerStatement, itemId, firstSeen);
  }
}
