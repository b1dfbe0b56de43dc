package io.murmuration.deploy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void takesARecordKeyFromATopLevelStringFieldOfTheLine() {
        String line = "{\"itemId\": \"demo-item-7\", \"attributes\": {\"title\": \"Lamp\"}}";

        assertEquals(java.util.Optional.of("demo-item-7"), KafkaBrokerCli.keyOf(line, "itemId"));
        assertEquals(java.util.Optional.empty(), KafkaBrokerCli.keyOf(line, "userId"));
    }

    @Test
    void produceWithoutATopicIsAUsageError() {
        assertEquals(2, run("produce", "--bootstrap", "127.0.0.1:1"));
        assertTrue(text(err).contains("--topic is required"), text(err));
    }

    @Test
    void anUnknownOptionIsAUsageErrorThatNamesIt() {
        int exit = run("start", "--data", "x", "--colour", "blue");

        assertEquals(2, exit);
        assertTrue(text(err).contains("--colour"), text(err));
        assertTrue(text(err).contains("usage:"), text(err));
    }

    @Test
    void startWithoutDataDirectoryIsAUsageError() {
        int exit = run("start", "--port", "19092");

        assertEquals(2, exit);
        assertTrue(text(err).contains("--data is required"), text(err));
    }

    @Test
    void stopWithoutPidFileHasNothingToDo(@TempDir Path dir) {
        int exit = run("stop", "--pid-file", dir.resolve("kafka.pid").toString());

        assertEquals(0, exit);
        assertTrue(text(out).contains("nothing to stop"), text(out));
    }

    @Test
    void statusFailsWhenNothingAnswers() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }

        int exit = run("status", "--bootstrap", "127.0.0.1:" + freePort);

        assertEquals(1, exit);
        assertTrue(text(out).contains("not answering"), text(out));
    }

    private int run(String... args) {
        return KafkaBrokerCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
