package io.murmuration.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Creates Murmuration's keyspaces and tables ({@link CqlSchema}) in a Cassandra cluster. Every
 * statement is {@code IF NOT EXISTS}, so applying the schema again changes nothing.
 *
 * <pre>
 * java io.murmuration.cassandra.SchemaTool [--host 127.0.0.1] [--port 9042] [--keyspace murmuration]
 *     [--snapshot-keyspace murmuration_snapshot] [--replication 1]
 * </pre>
 */
public final class SchemaTool {

    /** Data centre name of a node with SimpleSnitch, as the launcher configures it. */
    public static final String LOCAL_DATACENTER = "datacenter1";
    // DDL on a cold node on two cores can take several seconds; the driver's 2 s default fails it.
    static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);

    private static final Set<String> FLAGS = Set.of("host", "port", "keyspace", "snapshot-keyspace", "replication");

    private SchemaTool() {
    }

    /**
     * Applies the schema through {@code session}.
     *
     * @return the qualified names of the tables that now exist, in creation order
     * @throws IllegalArgumentException if a keyspace name or the replication factor is invalid
     */
    public static List<String> apply(CqlSession session, String keyspace, String snapshotKeyspace, int replicationFactor) {
        List<String> statements = CqlSchema.render(keyspace, snapshotKeyspace, replicationFactor);
        // Otherwise every DDL waits for the driver's debounced metadata refresh: about a second per statement.
        session.setSchemaMetadataEnabled(false);
        try {
            for (String statement : statements) {
                session.execute(SimpleStatement.newInstance(statement).setTimeout(DDL_TIMEOUT));
            }
        } finally {
            session.setSchemaMetadataEnabled(null);
        }
        return CqlSchema.tablesCreatedBy(statements);
    }

    /**
     * Opens a driver session to one node, configured in code (no application.conf needed):
     * data centre {@value #LOCAL_DATACENTER}, request timeouts long enough for DDL on a cold node.
     */
    public static CqlSession connect(String host, int port) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER, LOCAL_DATACENTER)
                // Set, not added: contact points from an application's own driver configuration must not join in.
                .withStringList(DefaultDriverOption.CONTACT_POINTS, List.of(host + ":" + port))
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, DDL_TIMEOUT)
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, DDL_TIMEOUT)
                // Fail at once with a message rather than retry forever against a node that is not there.
                .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, false)
                // Closing would otherwise idle two seconds per event loop group: tools and tests close sessions often.
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
        return CqlSession.builder()
                .withLocalDatacenter(LOCAL_DATACENTER)
                .withConfigLoader(config)
                .build();
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command line's work; returns the process exit code (0 applied, 1 failed, 2 bad usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String host;
        int port;
        String keyspace;
        String snapshotKeyspace;
        int replication;
        try {
            CommandLineFlags flags = CommandLineFlags.parse(args, 0, FLAGS);
            host = flags.text("host", "127.0.0.1");
            port = flags.port("port", 9042);
            keyspace = flags.text("keyspace", "murmuration");
            snapshotKeyspace = flags.text("snapshot-keyspace", "murmuration_snapshot");
            replication = flags.integer("replication", 1);
            CqlSchema.render(keyspace, snapshotKeyspace, replication);
        } catch (IllegalArgumentException e) {
            err.println("schema-tool: " + e.getMessage());
            err.println("usage: SchemaTool [--host 127.0.0.1] [--port 9042] [--keyspace murmuration] "
                    + "[--snapshot-keyspace murmuration_snapshot] [--replication 1]");
            return 2;
        }
        if (!CassandraNode.isAnswering(host, port)) {
            err.println("schema-tool: Cassandra is not answering CQL on " + host + ":" + port
                    + " (start a development node with: cassandra/bin/cassandra-node start)");
            return 1;
        }
        try (CqlSession session = connect(host, port)) {
            List<String> tables = apply(session, keyspace, snapshotKeyspace, replication);
            out.printf("schema applied on %s:%d (replication factor %d):%n", host, port, replication);
            tables.forEach(table -> out.println("  " + table));
            return 0;
        } catch (DriverException e) {
            err.println("schema-tool: applying the schema on " + host + ":" + port + " failed: " + e.getMessage());
            return 1;
        }
    }
}
