package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.murmuration.cassandra.CassandraNode;
import io.murmuration.cassandra.SchemaTool;
import io.murmuration.node.RealInfrastructure.Run;
import io.murmuration.node.TestTraffic.Record;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * While the journal's Cassandra is down, the ingest stream backs off and retries instead of skipping:
 * records produced during the outage are all persisted, once, when Cassandra is back.
 */
class CassandraOutageIT {

    private static final int BEFORE = 300;
    private static final int DURING = 300;

    @Test
    void recordsProducedWhileCassandraIsDownArePersistedOnceItIsBack() throws Exception {
        RealInfrastructure.ensureRunning();
        Run run = Run.create("outage");
        run.prepareTopics(); // on the shared Kafka; the journal gets a Cassandra of its own, to stop and start
        Path data = Path.of(System.getProperty("murmuration.it.data", "target/it-infra")).toAbsolutePath().resolve(run.id());
        int port = RealInfrastructure.freePort();
        CassandraNode cassandra =
                new CassandraNode(data.resolve("cassandra"), RealInfrastructure.HOST, port, RealInfrastructure.freePort(), data.resolve("cassandra.log"));
        cassandra.start(Duration.ofMinutes(4));
        try {
            try (CqlSession session = SchemaTool.connect(RealInfrastructure.HOST, port)) {
                SchemaTool.apply(session, run.keyspace(), run.snapshotKeyspace(), 1);
            }
            Map<String, String> env = run.nodeEnvironment(0, 0, RealInfrastructure.freePort(), 0);
            env.put("MURMURATION_CASSANDRA_CONTACT_POINTS", RealInfrastructure.HOST + ":" + port);

            try (MurmurationNode node = MurmurationNode.start(MurmurationNode.loadConfig(env))) {
                // given a node that has ingested the first records
                TestTraffic.produce(RealInfrastructure.kafkaBootstrap(), run.topic(), events(0, BEFORE));
                assertEquals(BEFORE, TestTraffic.awaitValue(() -> rows(port, run), BEFORE, Duration.ofMinutes(5)));

                // when Cassandra goes away while more records arrive, and comes back later
                cassandra.stop();
                TestTraffic.produce(RealInfrastructure.kafkaBootstrap(), run.topic(), events(BEFORE, DURING));
                Thread.sleep(15_000);
                cassandra.start(Duration.ofMinutes(4));

                // then every record is persisted, none twice
                long after = TestTraffic.awaitValue(() -> rows(port, run), BEFORE + DURING, Duration.ofMinutes(6));
                Thread.sleep(3000);
                System.out.printf("Cassandra outage test: %d events persisted after the outage%n", after);
                assertEquals(BEFORE + DURING, rows(port, run));
            }
        } finally {
            cassandra.stop();
        }
        assertTrue(!cassandra.isRunning());
    }

    private static List<Record> events(int from, int count) {
        List<Record> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            records.add(TestTraffic.valid("o-" + i, "o-user-" + (i % 30), "item-" + (i % 50), "view", TestTraffic.START.plusSeconds(i)));
        }
        return records;
    }

    private static long rows(int port, Run run) {
        try (CqlSession session = SchemaTool.connect(RealInfrastructure.HOST, port)) {
            return session.execute("SELECT count(*) FROM " + run.keyspace() + ".messages").one().getLong(0);
        } catch (RuntimeException e) {
            return -1; // not answering yet
        }
    }
}
