package io.murmuration.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts a real Cassandra node on free ports under target/, applies the schema twice, and stops the node. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CassandraNodeIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final String keyspace = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String snapshotKeyspace = keyspace + "_snapshot";

    private CassandraNode node;
    private long pid;

    @BeforeAll
    void startNode() throws IOException {
        Path dataDir = Files.createDirectories(Path.of("target")).resolve("it-cassandra-" + UUID.randomUUID());
        int[] ports = freePorts(2);
        node = new CassandraNode(dataDir, "127.0.0.1", ports[0], ports[1], dataDir.resolve("cassandra.log"));
        pid = node.start(START_TIMEOUT);
        System.out.printf("Cassandra test node ready on 127.0.0.1:%d (pid %d, %.1f s)%n",
                node.nativePort(), pid, node.secondsSinceLaunch());
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    @Order(1)
    void answersCqlOnItsOwnPort() {
        assertTrue(CassandraNode.isAnswering("127.0.0.1", node.nativePort()));
        assertTrue(node.isRunning());
    }

    @Test
    @Order(2)
    void refusesASecondNodeOnTheSameDataDirectory() throws IOException {
        int[] ports = freePorts(2);
        CassandraNode intruder = new CassandraNode(node.dataDir(), "127.0.0.1", ports[0], ports[1], node.dataDir().resolve("other.log"));

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> intruder.start(START_TIMEOUT));

        assertTrue(error.getMessage().contains("already used by Cassandra pid " + pid), error.getMessage());
        assertFalse(intruder.isRunning());
    }

    @Test
    @Order(3)
    void schemaCreatesEveryTableAndCanBeAppliedAgain() {
        try (CqlSession session = SchemaTool.connect("127.0.0.1", node.nativePort())) {
            List<String> first = SchemaTool.apply(session, keyspace, snapshotKeyspace, 1);

            assertEquals(Set.of("messages", "tag_views", "tag_write_progress", "tag_scanning", "metadata",
                    "all_persistence_ids", "items", "model_versions", "model_item_factors", "view_checkpoints",
                    "view_checkpoint_heads", "user_tastes"), tablesIn(session, keyspace));
            assertEquals(Set.of("snapshots"), tablesIn(session, snapshotKeyspace));

            List<String> second = SchemaTool.apply(session, keyspace, snapshotKeyspace, 1);

            assertEquals(first, second);
            assertEquals(first.size() - 1, tablesIn(session, keyspace).size(), "the same tables, none added (one is a snapshot table)");
        }
    }

    @Test
    @Order(4)
    void journalTableHasTheColumnsThePersistencePluginWrites() {
        try (CqlSession session = SchemaTool.connect("127.0.0.1", node.nativePort())) {
            Set<String> columns = session.execute(
                            "SELECT column_name FROM system_schema.columns WHERE keyspace_name = ? AND table_name = 'messages'",
                            keyspace)
                    .all().stream().map(row -> row.getString("column_name")).collect(Collectors.toCollection(TreeSet::new));

            assertEquals(new TreeSet<>(Set.of("persistence_id", "partition_nr", "sequence_nr", "timestamp", "timebucket",
                    "writer_uuid", "ser_id", "ser_manifest", "event_manifest", "event", "meta_ser_id", "meta_ser_manifest",
                    "meta", "tags")), columns);
        }
    }

    @Test
    @Order(5)
    void catalogTableAcceptsAnItem() {
        try (CqlSession session = SchemaTool.connect("127.0.0.1", node.nativePort())) {
            session.execute("INSERT INTO " + keyspace + ".items (item_id, first_seen, attributes) "
                    + "VALUES ('item-1', toTimestamp(now()), {'genre': 'jazz'})");

            Row row = session.execute("SELECT attributes FROM " + keyspace + ".items WHERE item_id = 'item-1'").one();

            assertEquals("jazz", row.getMap("attributes", String.class, String.class).get("genre"));
        }
    }

    @Test
    @Order(6)
    void stopEndsTheProcess() {
        node.stop();

        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still alive");
        assertFalse(node.isRunning());
        assertFalse(CassandraNode.isAnswering("127.0.0.1", node.nativePort()));
    }

    private static Set<String> tablesIn(CqlSession session, String keyspace) {
        return session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)
                .all().stream().map(row -> row.getString("table_name")).collect(Collectors.toSet());
    }

    /** Ports the OS hands out as free, never the development node's 9042 and 7000. */
    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        return ports;
    }
}
