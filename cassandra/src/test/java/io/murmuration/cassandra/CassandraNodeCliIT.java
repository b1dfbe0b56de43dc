package io.murmuration.cassandra;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's start / status / stop cycle against a real node, as the dev scripts use it. */
class CassandraNodeCliIT {

    @Test
    void startWritesAPidFileThatStopUsesToEndTheNode() throws IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of("target")).resolve("it-cassandra-cli-" + UUID.randomUUID()).toAbsolutePath();
        Path pidFile = dir.resolve("cassandra.pid");
        String nativePort = Integer.toString(freePort());
        String[] start = {"start", "--data", dir.resolve("data").toString(), "--port", nativePort,
                "--storage-port", Integer.toString(freePort()), "--log", dir.resolve("cassandra.log").toString(),
                "--pid-file", pidFile.toString(), "--timeout-seconds", "240"};
        Long pid = null;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(0, CassandraNodeCli.run(start, print(out), System.err), out::toString);
            pid = Long.parseLong(Files.readString(pidFile).strip());
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("Cassandra ready on 127.0.0.1:" + nativePort + " (pid " + pid + ","),
                    out::toString);

            ByteArrayOutputStream again = new ByteArrayOutputStream();
            assertEquals(0, CassandraNodeCli.run(start, print(again), System.err));
            assertTrue(again.toString(StandardCharsets.UTF_8).contains("already answering"), again::toString);
            assertEquals(pid, Long.parseLong(Files.readString(pidFile).strip()));

            assertEquals(0, CassandraNodeCli.run(new String[] {"status", "--port", nativePort}, print(new ByteArrayOutputStream()), System.err));

            ByteArrayOutputStream stopped = new ByteArrayOutputStream();
            assertEquals(0, CassandraNodeCli.run(new String[] {"stop", "--pid-file", pidFile.toString()}, print(stopped), System.err));
            assertTrue(stopped.toString(StandardCharsets.UTF_8).contains("Cassandra (pid " + pid + ") stopped"), stopped::toString);
            assertTrue(goneWithin(pid, Duration.ofSeconds(5)), "pid " + pid + " still alive");
            assertFalse(Files.exists(pidFile));
            assertEquals(3, CassandraNodeCli.run(new String[] {"status", "--port", nativePort}, print(new ByteArrayOutputStream()), System.err));
        } finally {
            if (pid != null) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** The exited server is reaped by its parent a moment later; until then the OS still lists it. */
    private static boolean goneWithin(long pid, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }
}
