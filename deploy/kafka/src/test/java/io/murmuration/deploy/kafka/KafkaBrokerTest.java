package io.murmuration.deploy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    private static final Path DATA = Paths.get("/var/tmp/murmuration/kafka-data");
    private static final Path LOG = Paths.get("/var/tmp/murmuration/kafka.log");

    @Test
    void rendersOneKraftNodeThatIsBrokerAndControllerOnLoopback() throws IOException {
        KafkaBroker broker = new KafkaBroker(DATA, "127.0.0.1", 19092, 19093, LOG);

        Properties config = parse(broker.serverProperties());

        assertEquals("1", config.getProperty("node.id"));
        assertEquals("broker,controller", config.getProperty("process.roles"));
        assertEquals("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093", config.getProperty("listeners"));
        assertEquals("PLAINTEXT://127.0.0.1:19092", config.getProperty("advertised.listeners"));
        assertEquals("CONTROLLER", config.getProperty("controller.listener.names"));
        assertEquals("1@127.0.0.1:19093", config.getProperty("controller.quorum.voters"));
        assertEquals(DATA.resolve("kafka-logs").toString(), config.getProperty("log.dirs"));
        assertFalse(config.containsKey("zookeeper.connect"));
    }

    @Test
    void rendersSingleBrokerDefaultsThatKeepTestsFast() throws IOException {
        Properties config = parse(new KafkaBroker(DATA, "127.0.0.1", 9092, 9093, LOG).serverProperties());

        assertEquals("1", config.getProperty("offsets.topic.replication.factor"));
        assertEquals("1", config.getProperty("transaction.state.log.replication.factor"));
        assertEquals("1", config.getProperty("transaction.state.log.min.isr"));
        assertEquals("1", config.getProperty("default.replication.factor"));
        assertEquals("0", config.getProperty("group.initial.rebalance.delay.ms"));
        assertEquals("false", config.getProperty("auto.create.topics.enable"));
    }

    @Test
    void rendersAnIpv6LoopbackInBrackets() throws IOException {
        Properties config = parse(new KafkaBroker(DATA, "::1", 9092, 9093, LOG).serverProperties());

        assertEquals("PLAINTEXT://[::1]:9092,CONTROLLER://[::1]:9093", config.getProperty("listeners"));
    }

    @Test
    void refusesAnAddressOtherThanLoopback() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new KafkaBroker(DATA, "10.20.30.40", 9092, 9093, LOG));

        assertTrue(refused.getMessage().contains("host"), refused.getMessage());
    }

    @Test
    void refusesTheSamePortForClientsAndController() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new KafkaBroker(DATA, "127.0.0.1", 9092, 9092, LOG));

        assertTrue(refused.getMessage().contains("controllerPort"), refused.getMessage());
    }

    @Test
    void nothingAnswersOnAPortWithoutListener() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }

        assertFalse(KafkaBroker.isAnswering("127.0.0.1:" + freePort));
    }

    private static Properties parse(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }
}
