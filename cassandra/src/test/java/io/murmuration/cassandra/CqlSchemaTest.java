package io.murmuration.cassandra;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CqlSchemaTest {

    @Test
    void substitutesKeyspacesAndReplicationFactorEverywhere() {
        List<String> statements = CqlSchema.render("orders_it", "orders_it_snap", 3);

        for (String statement : statements) {
            assertFalse(statement.contains("${"), () -> "placeholder left in: " + statement);
        }
        assertTrue(statements.get(0).startsWith("CREATE KEYSPACE IF NOT EXISTS orders_it"));
        assertTrue(statements.get(0).contains("'replication_factor': 3"));
        assertTrue(statements.get(1).startsWith("CREATE KEYSPACE IF NOT EXISTS orders_it_snap"));
        assertTrue(statements.get(1).contains("'replication_factor': 3"));
    }

    @Test
    void everyStatementCanRunTwice() {
        List<String> statements = CqlSchema.render("murmuration", "murmuration_snapshot", 1);

        assertEquals(2 + 6 + 1 + 1 + 2 + 2 + 1, statements.size());
        for (String statement : statements) {
            assertTrue(statement.startsWith("CREATE KEYSPACE IF NOT EXISTS ") || statement.startsWith("CREATE TABLE IF NOT EXISTS "),
                    () -> "not idempotent: " + statement);
            assertFalse(statement.contains(";"), () -> "more than one statement in: " + statement);
            assertFalse(statement.contains("--"), () -> "comment left in: " + statement);
        }
    }

    @Test
    void createsThePersistencePluginTablesAndTheCatalogInTheirKeyspaces() {
        List<String> tables = CqlSchema.tablesCreatedBy(CqlSchema.render("ks", "ks_snapshot", 1));

        assertEquals(List.of(
                "ks.messages", "ks.tag_views", "ks.tag_write_progress", "ks.tag_scanning", "ks.metadata",
                "ks.all_persistence_ids", "ks_snapshot.snapshots", "ks.items", "ks.model_versions",
                "ks.model_item_factors", "ks.view_checkpoints", "ks.view_checkpoint_heads", "ks.user_tastes"), tables);
    }

    @Test
    void journalTablesHaveThePrimaryKeysThePluginQueries() {
        List<String> statements = CqlSchema.render("ks", "ks_snapshot", 1);

        assertTrue(statementFor(statements, "ks.messages")
                .contains("PRIMARY KEY ((persistence_id, partition_nr), sequence_nr, timestamp))"));
        assertTrue(statementFor(statements, "ks.tag_views")
                .contains("PRIMARY KEY ((tag_name, timebucket), timestamp, persistence_id, tag_pid_sequence_nr))"));
        assertTrue(statementFor(statements, "ks_snapshot.snapshots")
                .contains("WITH CLUSTERING ORDER BY (sequence_nr DESC)"));
        assertTrue(statementFor(statements, "ks.items").contains("attributes map<text, text>"));
    }

    @Test
    void refusesKeyspaceNamesThatAreNotPlainIdentifiers() {
        assertThrows(IllegalArgumentException.class, () -> CqlSchema.render("bad-name", "ok", 1));
        assertThrows(IllegalArgumentException.class, () -> CqlSchema.render("ok", "Upper", 1));
        assertThrows(IllegalArgumentException.class, () -> CqlSchema.render("ks; DROP KEYSPACE system", "ok", 1));
        assertThrows(IllegalArgumentException.class, () -> CqlSchema.render("k".repeat(49), "ok", 1));
    }

    @Test
    void refusesAReplicationFactorBelowOne() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> CqlSchema.render("ks", "ks_s", 0));
        assertTrue(error.getMessage().contains("replication factor"));
    }

    private static String statementFor(List<String> statements, String table) {
        return statements.stream()
                .filter(s -> s.startsWith("CREATE TABLE IF NOT EXISTS " + table + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no statement creates " + table));
    }
}
