package io.murmuration.cassandra;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The command line of {@link CassandraNode}: starts a development node that outlives the command,
 * stops it by pid, and tells whether a node answers.
 *
 * <pre>
 * start  --data DIR [--host 127.0.0.1] [--port 9042] [--storage-port 7000] --log FILE --pid-file FILE [--timeout-seconds 180]
 * stop   --pid-file FILE [--timeout-seconds 60]
 * status [--host 127.0.0.1] [--port 9042]
 * </pre>
 *
 * Exit codes: 0 done (or already running), 1 failed, 2 bad usage, 3 not running (status).
 */
public final class CassandraNodeCli {

    private static final String USAGE = String.join("\n",
            "usage: cassandra-node start  --data DIR [--host 127.0.0.1] [--port 9042] [--storage-port 7000]",
            "                             --log FILE --pid-file FILE [--timeout-seconds 180]",
            "       cassandra-node stop   --pid-file FILE [--timeout-seconds 60]",
            "       cassandra-node status [--host 127.0.0.1] [--port 9042]");

    private CassandraNodeCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command line's work; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        try {
            return switch (args[0]) {
                case "start" -> start(CommandLineFlags.parse(args, 1,
                        Set.of("data", "host", "port", "storage-port", "log", "pid-file", "timeout-seconds")), out, err);
                case "stop" -> stop(CommandLineFlags.parse(args, 1, Set.of("pid-file", "timeout-seconds")), out, err);
                case "status" -> status(CommandLineFlags.parse(args, 1, Set.of("host", "port")), out);
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            };
        } catch (IllegalArgumentException e) {
            err.println("cassandra-node: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    private static int start(CommandLineFlags flags, PrintStream out, PrintStream err) {
        Path dataDir = flags.requiredPath("data");
        String host = flags.text("host", "127.0.0.1");
        int port = flags.port("port", 9042);
        int storagePort = flags.port("storage-port", 7000);
        Path logFile = flags.requiredPath("log");
        Path pidFile = flags.requiredPath("pid-file");
        Duration timeout = Duration.ofSeconds(flags.integer("timeout-seconds", 180));

        if (CassandraNode.isAnswering(host, port)) {
            out.println("Cassandra is already answering on " + host + ":" + port + "; nothing started");
            return 0;
        }
        CassandraNode node = new CassandraNode(dataDir, host, port, storagePort, logFile, out);
        try {
            long pid = node.launch(true);
            writePid(pidFile, pid);
            node.awaitReady(timeout);
            out.printf("Cassandra ready on %s:%d (pid %d, %.1f s)%n", host, port, pid, node.secondsSinceLaunch());
            return 0;
        } catch (IllegalStateException | UncheckedIOException e) {
            node.stop();
            deleteQuietly(pidFile);
            err.println("cassandra-node: " + e.getMessage());
            return 1;
        }
    }

    private static int stop(CommandLineFlags flags, PrintStream out, PrintStream err) {
        Path pidFile = flags.requiredPath("pid-file");
        Duration grace = Duration.ofSeconds(flags.integer("timeout-seconds", (int) CassandraNode.STOP_GRACE.toSeconds()));
        if (!Files.isRegularFile(pidFile)) {
            out.println("no pid file at " + pidFile + "; nothing to stop");
            return 0;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
        } catch (IOException | NumberFormatException e) {
            err.println("cassandra-node: cannot read a pid from " + pidFile + ": " + e.getMessage());
            return 1;
        }
        long started = System.nanoTime();
        try {
            if (CassandraNode.stop(pid, grace)) {
                out.printf("Cassandra (pid %d) stopped in %.1f s%n", pid, (System.nanoTime() - started) / 1e9);
            } else {
                out.println("Cassandra (pid " + pid + ") was not running");
            }
        } catch (IllegalStateException e) {
            err.println("cassandra-node: " + e.getMessage() + " (pid file " + pidFile + " left in place)");
            return 1;
        }
        deleteQuietly(pidFile);
        return 0;
    }

    private static int status(CommandLineFlags flags, PrintStream out) {
        String host = flags.text("host", "127.0.0.1");
        int port = flags.port("port", 9042);
        if (CassandraNode.isAnswering(host, port)) {
            out.println("Cassandra is answering on " + host + ":" + port);
            return 0;
        }
        out.println("Cassandra is not answering on " + host + ":" + port);
        return 3;
    }

    private static void writePid(Path pidFile, long pid) {
        try {
            Path parent = pidFile.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(pidFile, pid + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pid file " + pidFile, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Best effort: a stale pid file is harmless, stop checks the process before acting on it.
        }
    }
}
