package io.murmuration.cassandra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineToolsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void schemaToolExplainsThatCassandraIsUnreachable() throws IOException {
        int port = closedPort();

        int exit = SchemaTool.run(new String[] {"--port", Integer.toString(port)}, print(out), print(err));

        assertEquals(1, exit);
        assertTrue(text(err).contains("not answering CQL on 127.0.0.1:" + port), text(err));
    }

    @Test
    void schemaToolRefusesAnUnknownFlagByName() {
        int exit = SchemaTool.run(new String[] {"--keyspcae", "x"}, print(out), print(err));

        assertEquals(2, exit);
        assertTrue(text(err).contains("unknown flag '--keyspcae'"), text(err));
    }

    @Test
    void schemaToolRefusesAnInvalidKeyspaceBeforeConnecting() {
        int exit = SchemaTool.run(new String[] {"--keyspace", "my-app", "--port", "1"}, print(out), print(err));

        assertEquals(2, exit);
        assertTrue(text(err).contains("'my-app' is not a valid keyspace name"), text(err));
    }

    @Test
    void statusReportsANodeThatIsNotAnswering() throws IOException {
        int port = closedPort();

        int exit = CassandraNodeCli.run(new String[] {"status", "--port", Integer.toString(port)}, print(out), print(err));

        assertEquals(3, exit);
        assertTrue(text(out).contains("not answering on 127.0.0.1:" + port), text(out));
    }

    @Test
    void startNamesTheMissingFlag() {
        int exit = CassandraNodeCli.run(new String[] {"start", "--log", "x.log", "--pid-file", "x.pid"}, print(out), print(err));

        assertEquals(2, exit);
        assertTrue(text(err).contains("--data is required"), text(err));
    }

    @Test
    void stopWithoutAPidFileHasNothingToDo() {
        Path pidFile = dir.resolve("cassandra.pid");

        int exit = CassandraNodeCli.run(new String[] {"stop", "--pid-file", pidFile.toString()}, print(out), print(err));

        assertEquals(0, exit);
        assertTrue(text(out).contains("nothing to stop"), text(out));
    }

    @Test
    void stopRefusesAPidThatIsNotACassandraNode() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "120").start();
        try {
            Path pidFile = dir.resolve("cassandra.pid");
            Files.writeString(pidFile, stranger.pid() + "\n");

            int exit = CassandraNodeCli.run(new String[] {"stop", "--pid-file", pidFile.toString()}, print(out), print(err));

            assertEquals(1, exit);
            assertTrue(text(err).contains("is not a Cassandra node started by this launcher"), text(err));
            assertTrue(Files.exists(pidFile));
            assertTrue(stranger.isAlive());
        } finally {
            stranger.destroyForcibly().waitFor();
        }
    }

    @Test
    void anUnknownCommandPrintsTheUsage() {
        int exit = CassandraNodeCli.run(new String[] {"restart"}, print(out), print(err));

        assertEquals(2, exit);
        assertTrue(text(err).contains("usage: cassandra-node start"), text(err));
        assertFalse(text(out).contains("Cassandra"));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
