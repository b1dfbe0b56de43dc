package io.murmuration.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.murmuration.cassandra.CassandraNode;
import io.murmuration.cassandra.SchemaTool;
import io.murmuration.deploy.kafka.KafkaBroker;
import io.murmuration.deploy.kafka.Topics;
import io.murmuration.node.http.AdminTokens;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real Cassandra and Kafka the integration tests run against: reused when already answering (a running
 * {@code deploy/dev up} stack, say), otherwise started once per test JVM from the project's own launchers and
 * stopped when the JVM exits. Each test run gets its own keyspaces, topics and consumer group.
 */
public final class RealInfrastructure {

    public static final String HOST = "127.0.0.1";
    public static final int CASSANDRA_PORT = intFromEnv("MURMURATION_IT_CASSANDRA_PORT", 9042);
    public static final int CASSANDRA_STORAGE_PORT = intFromEnv("MURMURATION_IT_CASSANDRA_STORAGE_PORT", 7000);
    public static final int KAFKA_PORT = intFromEnv("MURMURATION_IT_KAFKA_PORT", 9092);
    public static final int KAFKA_CONTROLLER_PORT = intFromEnv("MURMURATION_IT_KAFKA_CONTROLLER_PORT", 9093);

    private static boolean started;

    private RealInfrastructure() {}

    /** Makes sure both servers answer, starting the missing ones. */
    public static synchronized void ensureRunning() {
        if (started) return;
        Path data = Path.of(System.getProperty("murmuration.it.data", "target/it-infra")).toAbsolutePath();
        if (!CassandraNode.isAnswering(HOST, CASSANDRA_PORT)) {
            CassandraNode cassandra =
                    new CassandraNode(data.resolve("cassandra"), HOST, CASSANDRA_PORT, CASSANDRA_STORAGE_PORT, data.resolve("cassandra.log"));
            cassandra.start(Duration.ofMinutes(4));
            Runtime.getRuntime().addShutdownHook(new Thread(cassandra::stop, "stop-test-cassandra"));
        }
        if (!KafkaBroker.isAnswering(kafkaBootstrap())) {
            KafkaBroker kafka =
                    new KafkaBroker(data.resolve("kafka"), HOST, KAFKA_PORT, KAFKA_CONTROLLER_PORT, data.resolve("kafka.log"));
            kafka.start(Duration.ofMinutes(2));
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "stop-test-kafka"));
        }
        started = true;
    }

    public static String kafkaBootstrap() {
        return HOST + ":" + KAFKA_PORT;
    }

    public static CqlSession cql() {
        return SchemaTool.connect(HOST, CASSANDRA_PORT);
    }

    /** The names one test run owns, so runs never see each other's data. */
    public record Run(
            String id, String keyspace, String snapshotKeyspace, String topic, String deadLetterTopic, String catalogTopic, String group) {

        public static Run create(String purpose) {
            String id = purpose + System.currentTimeMillis() % 1_000_000_000L;
            return new Run(
                    id, "it_" + id, "it_" + id + "_snapshot", "interactions-" + id, "interactions.dlq-" + id, "catalog-" + id, "ingest-" + id);
        }

        /** Applies the schema to this run's keyspaces and creates its topics. */
        public void prepare() {
            try (CqlSession session = cql()) {
                SchemaTool.apply(session, keyspace, snapshotKeyspace, 1);
            }
            prepareTopics();
        }

        public void prepareTopics() {
            Topics.ensure(kafkaBootstrap(), Map.of(topic, 16, deadLetterTopic, 4, catalogTopic, 4));
        }

        /** Environment variables for a node process of this run. */
        public Map<String, String> nodeEnvironment(int httpPort, int adminPort, int managementPort, int remotePort) {
            Map<String, String> env = new HashMap<>();
            env.put("MURMURATION_HTTP_PORT", Integer.toString(httpPort));
            env.put("MURMURATION_ADMIN_PORT", Integer.toString(adminPort));
            env.put("MURMURATION_MANAGEMENT_PORT", Integer.toString(managementPort));
            env.put("MURMURATION_REMOTE_PORT", Integer.toString(remotePort));
            env.put("MURMURATION_ADMIN_TOKENS", ADMIN_TOKENS);
            env.put("MURMURATION_KAFKA_BOOTSTRAP", kafkaBootstrap());
            env.put("MURMURATION_CASSANDRA_CONTACT_POINTS", HOST + ":" + CASSANDRA_PORT);
            env.put("MURMURATION_KEYSPACE", keyspace);
            env.put("MURMURATION_SNAPSHOT_KEYSPACE", snapshotKeyspace);
            env.put("MURMURATION_INTERACTIONS_TOPIC", topic);
            env.put("MURMURATION_DEAD_LETTER_TOPIC", deadLetterTopic);
            env.put("MURMURATION_CATALOG_TOPIC", catalogTopic);
            env.put("MURMURATION_CONSUMER_GROUP", group);
            return env;
        }

        /** Configuration for an in-process node of this run, on free ports. */
        public Config nodeConfig() {
            Map<String, String> env = nodeEnvironment(0, 0, freePort(), 0);
            return MurmurationNode.loadConfig(env);
        }

        /**
         * {@link #nodeConfig()} for a node that trains small versions only when the test asks, never promotes one by
         * itself, and gives the personalised path a deadline a loaded machine can meet.
         */
        public Config nodeConfigTrainingOnDemand() {
            return ConfigFactory.parseString("""
                    murmuration.trainer.every-interactions = 1000000000
                    murmuration.trainer.min-interactions = 100
                    murmuration.trainer.factors = 8
                    murmuration.trainer.auto-promote = false
                    murmuration.recommendations.deadline = 5s
                    """).withFallback(nodeConfig());
        }
    }

    /** A token with the operator role (reads and changes), recorded in the audit trail as {@link #ADMIN_TOKEN_NAME}. */
    public static final String ADMIN_TOKEN = "integration-test-token";
    public static final String ADMIN_TOKEN_NAME = "it-operator";
    /** A token with the viewer role (reads only), named {@link #VIEWER_TOKEN_NAME}. */
    public static final String VIEWER_TOKEN = "integration-test-viewer-token";
    public static final String VIEWER_TOKEN_NAME = "it-viewer";

    /** Both tokens as a node is configured with them: names, roles and hashes, never the tokens. */
    static final String ADMIN_TOKENS = ADMIN_TOKEN_NAME + ":operator:" + AdminTokens.sha256Hex(ADMIN_TOKEN) + ","
            + VIEWER_TOKEN_NAME + ":viewer:" + AdminTokens.sha256Hex(VIEWER_TOKEN);

    /**
     * A port nothing listens on, below the range the system hands out to outgoing connections. A port from that
     * range (what binding port 0 gives) can be taken as the local end of one of the node's own connections to
     * Cassandra or Kafka before the node listens on it; that failed a restart in IngestIT with "Address already in
     * use".
     */
    public static int freePort() {
        int belowEphemeral = firstEphemeralPort();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(10_000, belowEphemeral);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IllegalStateException("no free port between 10000 and " + belowEphemeral);
    }

    private static int firstEphemeralPort() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int first = Integer.parseInt(range.split("\\s+")[0]);
            return first > 11_000 ? first : 32_768;
        } catch (IOException | RuntimeException unreadable) {
            return 32_768; // Linux's default
        }
    }

    private static int intFromEnv(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v);
    }
}
