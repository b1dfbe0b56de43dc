package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.murmuration.node.RealInfrastructure.Run;
import io.murmuration.node.TestTraffic.Record;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node killed with SIGKILL in the middle of ingesting loses nothing and persists nothing twice: offsets
 * are committed only after persistence, and redelivered records are acknowledged by the event-id dedupe.
 */
class CrashIT {

    private static final int USERS = 100;
    private static final int EVENTS = 10_000;

    private Process node;

    @AfterEach
    void stopNode() {
        if (node != null && node.isAlive()) node.destroyForcibly();
    }

    @Test
    void aNodeKilledMidIngestPersistsEveryEventExactlyOnceAfterRestart() throws Exception {
        RealInfrastructure.ensureRunning();
        Run run = Run.create("crash");
        run.prepare();
        Path logs = Path.of(System.getProperty("murmuration.it.data", "target/it-infra")).toAbsolutePath();
        Files.createDirectories(logs);

        try (CqlSession cql = RealInfrastructure.cql()) {
            // given 10,000 events in Kafka and a node ingesting them
            List<Record> events = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                events.add(TestTraffic.valid("c-" + i, "u-" + (i % USERS), "item-" + (i % 313), "click", TestTraffic.START.plusMillis(i)));
            }
            TestTraffic.produce(RealInfrastructure.kafkaBootstrap(), run.topic(), events);
            Map<String, String> env = run.nodeEnvironment(RealInfrastructure.freePort(), RealInfrastructure.freePort(), RealInfrastructure.freePort(), RealInfrastructure.freePort());
            node = startNode(env, logs.resolve(run.id() + "-first.log"));

            // when the node is killed with SIGKILL part-way through
            long before = TestTraffic.awaitValue(() -> rows(cql, run), EVENTS / 5, Duration.ofMinutes(5));
            assertTrue(before >= EVENTS / 5 && before < EVENTS, "killed part-way, after " + before + " events");
            node.destroyForcibly().waitFor();
            long atKill = rows(cql, run);

            // and started again
            node = startNode(env, logs.resolve(run.id() + "-second.log"));

            // then all 10,000 are persisted, none twice
            long after = TestTraffic.awaitValue(() -> rows(cql, run), EVENTS, Duration.ofMinutes(8));
            Thread.sleep(5000);
            System.out.printf("Crash test: killed with %d of %d events persisted; %d after restart%n", atKill, EVENTS, after);
            assertEquals(EVENTS, rows(cql, run), "killed at " + atKill + " events; " + after + " after restart");
            for (int u = 0; u < USERS; u++) {
                long perUser =
                        cql.execute(
                                        "SELECT count(*) FROM " + run.keyspace() + ".messages WHERE persistence_id = ? AND partition_nr = 0",
                                        "user|u-" + u)
                                .one()
                                .getLong(0);
                assertEquals(EVENTS / USERS, perUser, "user u-" + u);
            }
        }
    }

    /**
     * The users' events in the journal. Only theirs: 10,000 positive interactions also start a training, whose model
     * versions the registry records in the same table.
     */
    private static long rows(CqlSession cql, Run run) {
        long users = 0;
        for (var row : cql.execute("SELECT persistence_id FROM " + run.keyspace() + ".messages")) {
            if (row.getString(0).startsWith("user|")) users++;
        }
        return users;
    }

    private static Process startNode(Map<String, String> env, Path log) throws IOException {
        Path home = Path.of(System.getProperty("murmuration.home", "..")).toAbsolutePath();
        Path target = home.resolve("cluster-node/target");
        // This checkout's protocol classes before the runtime classpath's protocol jar, which is the local repository's.
        String classpath = target.resolve("classes") + File.pathSeparator + home.resolve("protocol/target/classes")
                + File.pathSeparator + Files.readString(target.resolve("runtime.classpath")).trim();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder =
                new ProcessBuilder(java, "-Xmx512m", "-cp", classpath, "io.murmuration.node.Main")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }
}
