package io.murmuration.cassandra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CassandraNodeTest {

    @TempDir
    Path dir;

    @Test
    void writesItsPortsAndDirectoriesIntoCassandraYaml() throws IOException {
        CassandraNode node = new CassandraNode(dir.resolve("node"), "127.0.0.1", 19142, 17100, dir.resolve("node.log"));

        Path confDir = node.writeConfiguration();

        List<String> yaml = Files.readAllLines(confDir.resolve("cassandra.yaml"), StandardCharsets.UTF_8);
        Path data = dir.resolve("node").toAbsolutePath();
        assertTrue(yaml.contains("native_transport_port: 19142"), yaml::toString);
        assertTrue(yaml.contains("storage_port: 17100"), yaml::toString);
        assertTrue(yaml.contains("listen_address: '127.0.0.1'"), yaml::toString);
        assertTrue(yaml.contains("rpc_address: '127.0.0.1'"), yaml::toString);
        assertTrue(yaml.contains("      - seeds: '127.0.0.1:17100'"), yaml::toString);
        assertTrue(yaml.contains("  - '" + data.resolve("data") + "'"), yaml::toString);
        assertTrue(yaml.contains("commitlog_directory: '" + data.resolve("commitlog") + "'"), yaml::toString);
        assertTrue(yaml.contains("hints_directory: '" + data.resolve("hints") + "'"), yaml::toString);
        assertTrue(yaml.contains("saved_caches_directory: '" + data.resolve("saved_caches") + "'"), yaml::toString);
        assertTrue(yaml.contains("cdc_raw_directory: '" + data.resolve("cdc_raw") + "'"), yaml::toString);
        assertTrue(Files.isDirectory(data.resolve("commitlog")));
        assertTrue(Files.readString(confDir.resolve("logback.xml")).contains("<root level=\"INFO\">"));
    }

    @Test
    void quotesPathsSoYamlReadsThemVerbatim() throws IOException {
        Path odd = dir.resolve("it's here");
        CassandraNode node = new CassandraNode(odd, "127.0.0.1", 19142, 17100, dir.resolve("node.log"));

        Path confDir = node.writeConfiguration();

        String yaml = Files.readString(confDir.resolve("cassandra.yaml"));
        assertTrue(yaml.contains("commitlog_directory: '" + odd.toAbsolutePath().toString().replace("'", "''") + "/commitlog'"), yaml);
    }

    @Test
    void refusesEqualOrOutOfRangePorts() {
        Path log = dir.resolve("node.log");
        assertThrows(IllegalArgumentException.class, () -> new CassandraNode(dir, "127.0.0.1", 9042, 9042, log));
        assertThrows(IllegalArgumentException.class, () -> new CassandraNode(dir, "127.0.0.1", 0, 7000, log));
        assertThrows(IllegalArgumentException.class, () -> new CassandraNode(dir, "127.0.0.1", 9042, 70000, log));
    }

    @Test
    void aClosedPortIsNotAnswering() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertFalse(CassandraNode.isAnswering("127.0.0.1", port));
    }

    @Test
    void aServerThatDoesNotSpeakCqlIsNotAnswering() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread httpLike = new Thread(() -> {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // The probe may close first; either way it must not count as CQL.
                }
            });
            httpLike.start();

            assertFalse(CassandraNode.isAnswering("127.0.0.1", server.getLocalPort()));
            httpLike.join(5_000);
        }
    }

    @Test
    void refusesToStartOnAStoragePortThatIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int nativePort = free.getLocalPort();
            free.close();
            CassandraNode node = new CassandraNode(dir, "127.0.0.1", nativePort, taken.getLocalPort(), dir.resolve("n.log"));

            IllegalStateException error = assertThrows(IllegalStateException.class, () -> node.launch(false));

            assertTrue(error.getMessage().contains("cannot bind storage_port " + taken.getLocalPort()), error.getMessage());
            assertFalse(node.isRunning());
        }
    }

    @Test
    void pinsTheServerVersionFromTheParentPom() {
        assertEquals("5.0.9", CassandraNode.serverVersion());
    }
}
