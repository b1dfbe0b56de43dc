package io.murmuration.cassandra;

import org.junit.jupiter.api.AfterEach;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a caller sees when the server never becomes ready: a stand-in for {@code java} plays the
 * failing server, so these run in seconds. An integration test because launching resolves the
 * real server classpath first.
 */
class CassandraNodeStartFailureIT {

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheStandIn() {
        System.clearProperty(CassandraNode.JAVA_OVERRIDE_PROPERTY);
    }

    @Test
    void aServerThatDiesDuringStartUpFailsTheStartWithTheEndOfItsLog() throws IOException {
        useAsJava("echo 'ERROR [main] could not open the commit log'\n"
                + "echo 'java.io.IOException: Permission denied'\n"
                + "for i in $(seq 1 60); do echo \"INFO  [shutdown] step $i\"; done\n"
                + "exit 3\n");
        CassandraNode node = nodeOnFreePorts();

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> node.start(Duration.ofSeconds(30)));

        assertTrue(error.getMessage().contains("exited with code 3"), error.getMessage());
        assertTrue(error.getMessage().contains("ERROR [main] could not open the commit log\njava.io.IOException: Permission denied"),
                error.getMessage());
        assertTrue(error.getMessage().contains("INFO  [shutdown] step 60"), error.getMessage());
        assertFalse(node.isRunning());
    }

    @Test
    void aServerThatNeverAnswersIsStoppedWhenTheTimeoutPasses() throws IOException {
        useAsJava("exec sleep 600\n");
        CassandraNode node = nodeOnFreePorts();

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> node.start(Duration.ofSeconds(2)));

        assertTrue(error.getMessage().contains("did not answer CQL on 127.0.0.1:" + node.nativePort() + " within 2 s"),
                error.getMessage());
        long pid = node.pid().orElseThrow();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still alive");
    }

    private void useAsJava(String script) throws IOException {
        Path standIn = dir.resolve("java");
        Files.writeString(standIn, "#!/bin/sh\n" + script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty(CassandraNode.JAVA_OVERRIDE_PROPERTY, standIn.toString());
    }

    private CassandraNode nodeOnFreePorts() throws IOException {
        int nativePort;
        int storagePort;
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nativePort = a.getLocalPort();
            storagePort = b.getLocalPort();
        }
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new CassandraNode(dir.resolve("node"), "127.0.0.1", nativePort, storagePort, dir.resolve("node.log"), quiet);
    }
}
