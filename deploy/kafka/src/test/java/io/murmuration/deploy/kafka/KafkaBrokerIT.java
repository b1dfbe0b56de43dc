package io.murmuration.deploy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs a real broker from Maven jars on free loopback ports, its data under target/. */
class KafkaBrokerIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private Path workDir;
    private KafkaBroker broker;

    @BeforeEach
    void freshBrokerOnFreePorts() throws IOException {
        workDir = Files.createDirectories(Paths.get("target", "kafka-it"))
                .resolve("run-" + System.currentTimeMillis()).toAbsolutePath();
        int[] ports = twoFreePorts();
        broker = new KafkaBroker(workDir.resolve("data"), "127.0.0.1", ports[0], ports[1],
                workDir.resolve("kafka.log"));
    }

    @AfterEach
    void stopBroker() {
        broker.stop();
    }

    @Test
    void ensuresTopicsOnceCarriesARecordAndStopsWithoutTrace() {
        long pid = timed("cold start", () -> broker.start(START_TIMEOUT));
        String bootstrap = broker.bootstrapServers();
        assertTrue(KafkaBroker.isAnswering(bootstrap));

        Topics.Outcome first = Topics.ensureProjectTopics(bootstrap);
        Topics.Outcome second = Topics.ensureProjectTopics(bootstrap);

        assertEquals(Topics.PROJECT_TOPICS, first.created());
        assertEquals(Map.of(), first.alreadyPresent());
        assertEquals(Map.of(), second.created());
        assertEquals(Map.of("interactions", 16, "interactions.dlq", 4, "catalog", 4), second.alreadyPresent());

        send(bootstrap, "interactions", "user-7", "{\"itemId\":\"item-42\"}");
        ConsumerRecord<String, String> received = receiveOne(bootstrap, "interactions");
        assertEquals("user-7", received.key());
        assertEquals("{\"itemId\":\"item-42\"}", received.value());

        broker.stop();

        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "broker process still alive");
        assertFalse(broker.isRunning());
        assertFalse(KafkaBroker.isAnswering(bootstrap));
    }

    @Test
    void restartsOnItsDataDirectoryWithTheTopicsItHad() {
        String bootstrap = broker.bootstrapServers();
        timed("cold start", () -> broker.start(START_TIMEOUT));
        Topics.ensure(bootstrap, Map.of("restart.check", 3));
        broker.stop();

        long pid = timed("restart", () -> broker.start(START_TIMEOUT));
        Topics.Outcome afterRestart = Topics.ensure(bootstrap, Map.of("restart.check", 3, "restart.new", 2));
        broker.stop();

        assertEquals(Map.of("restart.check", 3), afterRestart.alreadyPresent());
        assertEquals(Map.of("restart.new", 2), afterRestart.created());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "broker process still alive");
    }

    private static long timed(String what, java.util.function.LongSupplier start) {
        long began = System.nanoTime();
        long pid = start.getAsLong();
        System.out.printf("KafkaBrokerIT: %s took %.1f s (pid %d)%n", what, (System.nanoTime() - began) / 1e9, pid);
        return pid;
    }

    private static void send(String bootstrap, String topic, String key, String value) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + topic, e);
        }
    }

    private static ConsumerRecord<String, String> receiveOne(String bootstrap, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-broker-it");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    return record;
                }
            }
        }
        throw new AssertionError("no record arrived on " + topic + " within 60 s");
    }

    private static int[] twoFreePorts() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        while (true) {
            try (ServerSocket first = new ServerSocket(0, 1, loopback);
                 ServerSocket second = new ServerSocket(0, 1, loopback)) {
                int a = first.getLocalPort();
                int b = second.getLocalPort();
                // Never the well-known ports, which a developer's own broker may be about to take.
                if (a != 9092 && a != 9093 && b != 9092 && b != 9093) {
                    return new int[] {a, b};
                }
            }
        }
    }
}
