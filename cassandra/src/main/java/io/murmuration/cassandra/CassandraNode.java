package io.murmuration.cassandra;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real single-node Cassandra server for development and tests, run from Maven jars in a JVM of
 * its own (its netty, jackson and slf4j would clash with ours) on the JDK 17 that runs this class.
 *
 * <p>Everything it needs lives in {@code dataDir}: {@code conf/} (the cassandra.yaml and
 * logback.xml written here), the data, commit log, hints and caches. The CQL (native) port, the
 * storage (gossip) port and the data directory are all parameters, so a test node never collides
 * with a development one. The server's stdout and stderr, which carry its log, go to {@code logFile}.
 *
 * <pre>{@code
 * CassandraNode node = new CassandraNode(dir, "127.0.0.1", 19042, 17000, dir.resolve("cassandra.log"));
 * node.start(Duration.ofMinutes(3));   // returns once CQL answers
 * ...
 * node.stop();                         // SIGTERM, then SIGKILL after a grace period
 * }</pre>
 */
public final class CassandraNode {

    /** How long {@link #stop()} lets Cassandra drain after SIGTERM before it kills the process. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(60);

    /** Marks the process as one this launcher started, so a stale pid file never makes us stop a stranger. */
    static final String NODE_MARKER_PROPERTY = "murmuration.cassandra.node";
    static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";
    /** Path of a JDK 17 {@code java} to run the server with, when the launcher itself runs on another JDK. */
    static final String JAVA_OVERRIDE_PROPERTY = "murmuration.cassandra.java";

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    private static final int LOG_TAIL_LINES = 25;
    private static final int LOG_ERROR_LINES = 12;

    // The JPMS block of Cassandra's own conf/jvm17-server.options: the server reaches into JDK internals.
    private static final List<String> JDK17_MODULE_FLAGS = List.of(
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.useCacheForAllThreads=true",
            "-Dio.netty.allocator.maxOrder=11");

    // Development and test only: trades durability and peak speed for a start-up of seconds instead of half a minute.
    private static final List<String> FAST_START_FLAGS = List.of(
            "-XX:TieredStopAtLevel=1",
            "-Dcassandra.unsafesystem=true",
            "-Dcassandra.skip_wait_for_gossip_to_settle=0",
            "-Dcassandra.memtable_row_overhead_computation_step=100",
            // A single node has no peers to tell that it is leaving: skip the 2 s announcement pause on stop.
            "-Dcassandra.shutdown_announce_in_ms=0");

    // Small -Xms: as root Cassandra mlocks its heap, and would pin all of a large one.
    private static final List<String> MEMORY_FLAGS =
            List.of("-Xms256m", "-Xmx2g", "-Xss256k", "-XX:+ExitOnOutOfMemoryError");

    private static final String LOGBACK_XML = String.join("\n",
            "<!-- Written by Murmuration's CassandraNode: the server's log goes to stdout, which the launcher sends to its log file. -->",
            "<configuration>",
            "  <appender name=\"STDOUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
            "    <encoder><pattern>%-5level [%thread] %date{ISO8601} %logger{20} - %msg%n</pattern></encoder>",
            "  </appender>",
            "  <root level=\"INFO\"><appender-ref ref=\"STDOUT\"/></root>",
            "</configuration>",
            "");

    private final Path dataDir;
    private final String host;
    private final int nativePort;
    private final int storagePort;
    private final Path logFile;
    private final PrintStream progress;

    private volatile Process process;
    private volatile long launchedAtNanos;
    private volatile long logOffsetAtLaunch;
    private Thread stopOnExit;

    /**
     * Describes a node; nothing runs until {@link #start}.
     *
     * @param dataDir     directory for configuration, data, commit log, hints and caches; created if missing
     * @param host        address Cassandra listens on, for CQL and for storage traffic (e.g. 127.0.0.1)
     * @param nativePort  CQL port clients connect to (9042 for the development node)
     * @param storagePort inter-node (gossip) port, also the seed address (7000 for the development node)
     * @param logFile     file that receives the server's stdout and stderr (appended to)
     */
    public CassandraNode(Path dataDir, String host, int nativePort, int storagePort, Path logFile) {
        this(dataDir, host, nativePort, storagePort, logFile, System.out);
    }

    /** As {@link #CassandraNode(Path, String, int, int, Path)}, with progress lines sent to {@code progress}. */
    public CassandraNode(Path dataDir, String host, int nativePort, int storagePort, Path logFile, PrintStream progress) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        requirePort("native port", nativePort);
        requirePort("storage port", storagePort);
        if (nativePort == storagePort) {
            throw new IllegalArgumentException("native port and storage port must differ, both were " + nativePort);
        }
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.host = host;
        this.nativePort = nativePort;
        this.storagePort = storagePort;
        this.logFile = logFile.toAbsolutePath().normalize();
        this.progress = progress;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String host() {
        return host;
    }

    public int nativePort() {
        return nativePort;
    }

    public int storagePort() {
        return storagePort;
    }

    public Path logFile() {
        return logFile;
    }

    /** The Cassandra server version this launcher runs. */
    public static String serverVersion() {
        return ServerClasspath.serverVersion();
    }

    /**
     * Starts the node and waits until it answers CQL; the node is stopped when this JVM exits.
     *
     * @return the server process id
     * @throws IllegalStateException if a port is taken, the process dies, or CQL does not answer within {@code timeout}
     *                               (the message carries the end of the server log)
     */
    public long start(Duration timeout) {
        long pid = launch(false);
        awaitReady(timeout);
        return pid;
    }

    /** As {@link #start}, but the node keeps running after this JVM exits (stop it by pid). */
    public long startDetached(Duration timeout) {
        long pid = launch(true);
        awaitReady(timeout);
        return pid;
    }

    /**
     * Writes the configuration and forks the server without waiting for it; {@link #awaitReady} waits.
     *
     * @param detached true to let the server outlive this JVM (in a session of its own where {@code setsid} exists),
     *                 false to stop it when this JVM exits
     * @return the server process id
     */
    public synchronized long launch(boolean detached) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("this node is already running as pid " + process.pid());
        }
        if (isAnswering(host, nativePort)) {
            throw new IllegalStateException("something already answers CQL on " + address() + ": not starting a second node there");
        }
        requireFree("native_transport_port", nativePort);
        requireFree("storage_port", storagePort);
        Optional<ProcessHandle> owner = nodeUsing(dataDir);
        if (owner.isPresent()) {
            // Two servers on one data directory corrupt it, whatever their ports.
            throw new IllegalStateException("data directory " + dataDir + " is already used by Cassandra pid " + owner.get().pid());
        }
        Path java = javaExecutable();
        List<Path> classpath = ServerClasspath.resolve(progress);
        Path confDir = writeConfiguration();

        List<String> command = new ArrayList<>();
        if (detached && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            // A session of its own: the terminal's Ctrl-C and hang-up no longer reach the server.
            command.add("/usr/bin/setsid");
        }
        command.add(java.toString());
        command.add("-D" + NODE_MARKER_PROPERTY + "=" + dataDir);
        command.addAll(MEMORY_FLAGS);
        command.addAll(FAST_START_FLAGS);
        command.addAll(JDK17_MODULE_FLAGS);
        command.add("-Djava.net.preferIPv4Stack=" + !host.contains(":"));
        command.add("-XX:+PerfDisableSharedMem");
        command.add("-Dcassandra-foreground=yes");
        command.add("-Dcassandra.config=" + confDir.resolve("cassandra.yaml").toUri());
        command.add("-Dcassandra.storagedir=" + dataDir);
        command.add("-Dcassandra.logdir=" + dataDir.resolve("logs"));
        command.add("-Dlogback.configurationFile=" + confDir.resolve("logback.xml").toUri());
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(MAIN_CLASS);

        progress.printf("starting Cassandra %s on %s (storage port %d), data in %s, log in %s%n",
                serverVersion(), address(), storagePort, dataDir, logFile);
        try {
            Files.createDirectories(logFile.getParent());
            logOffsetAtLaunch = Files.exists(logFile) ? Files.size(logFile) : 0;
            Process started = new ProcessBuilder(command)
                    .directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            started.getOutputStream().close();
            process = started;
            launchedAtNanos = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + java + " for Cassandra", e);
        }
        if (!detached) {
            stopOnExit = new Thread(this::stopQuietly, "stop-cassandra-" + nativePort);
            Runtime.getRuntime().addShutdownHook(stopOnExit);
        }
        return process.pid();
    }

    /**
     * Waits until the launched server answers CQL, printing a progress line every few seconds.
     * If it dies or the timeout passes, the process is killed and the exception carries the log tail.
     */
    public void awaitReady(Duration timeout) {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException("the node has not been launched");
        }
        Duration nextProgress = PROGRESS_INTERVAL;
        while (true) {
            Duration waited = Duration.ofNanos(System.nanoTime() - launchedAtNanos);
            if (!running.isAlive()) {
                throw new IllegalStateException("Cassandra (pid " + running.pid() + ") exited with code " + running.exitValue()
                        + " during start-up\n" + startupLogExcerpt());
            }
            if (isAnswering(host, nativePort)) {
                return;
            }
            if (waited.compareTo(timeout) > 0) {
                destroy(running.toHandle(), Duration.ofSeconds(10));
                awaitReaped(running);
                throw new IllegalStateException("Cassandra did not answer CQL on " + address() + " within " + timeout.toSeconds()
                        + " s and was stopped\n" + startupLogExcerpt());
            }
            if (waited.compareTo(nextProgress) >= 0) {
                progress.printf("waiting for Cassandra on %s (%d s)%n", address(), waited.toSeconds());
                nextProgress = nextProgress.plus(PROGRESS_INTERVAL);
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** Seconds since the server was forked; start-up time once {@link #awaitReady} has returned. */
    public double secondsSinceLaunch() {
        return (System.nanoTime() - launchedAtNanos) / 1e9;
    }

    /** Whether the server process started by this object is alive. */
    public boolean isRunning() {
        Process running = process;
        return running != null && running.isAlive();
    }

    /** The server process id, if it has been launched. */
    public Optional<Long> pid() {
        Process running = process;
        return running == null ? Optional.empty() : Optional.of(running.pid());
    }

    /**
     * Stops the server cleanly: SIGTERM, which makes Cassandra drain and exit, then SIGKILL if it
     * is still alive after {@link #STOP_GRACE}. Returns once the process is gone; does nothing if it is not running.
     */
    public synchronized void stop() {
        Process running = process;
        if (running != null) {
            destroy(running.toHandle(), STOP_GRACE);
            awaitReaped(running);
        }
        if (stopOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // Called from the hook itself while the JVM exits: nothing to remove.
            }
            stopOnExit = null;
        }
    }

    /**
     * Stops a Cassandra process started by this launcher, typically in an earlier JVM, by pid.
     *
     * @return false if no such process was running
     * @throws IllegalStateException if the pid belongs to a process this launcher did not start
     */
    public static boolean stop(long pid, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(CassandraNode::isLive);
        if (handle.isEmpty()) {
            return false;
        }
        List<String> arguments = arguments(handle.get());
        if (arguments.stream().noneMatch(argument -> argument.startsWith("-D" + NODE_MARKER_PROPERTY + "="))) {
            String command = String.join(" ", arguments);
            throw new IllegalStateException("pid " + pid + " is not a Cassandra node started by this launcher ("
                    + (command.length() > 120 ? command.substring(0, 120) + " ..." : command) + ")");
        }
        destroy(handle.get(), grace);
        return true;
    }

    /**
     * Whether a CQL server answers on {@code host:port}: sends a native-protocol OPTIONS request and
     * expects SUPPORTED back. Cassandra opens its CQL port last, so a yes means the node is ready.
     */
    public static boolean isAnswering(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            // Protocol v4 request header: version, flags, stream id (2 bytes), opcode OPTIONS (0x05), body length 0.
            out.write(new byte[] {0x04, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00});
            out.flush();
            byte[] header = new byte[9];
            new DataInputStream(socket.getInputStream()).readFully(header);
            // A v4 response (0x84) whose opcode is SUPPORTED (0x06).
            return (header[0] & 0xFF) == 0x84 && header[4] == 0x06;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes {@code conf/cassandra.yaml} and {@code conf/logback.xml} under the data directory, as
     * {@link #start} uses them, and returns the {@code conf} directory.
     */
    public Path writeConfiguration() {
        Path confDir = dataDir.resolve("conf");
        try {
            for (String dir : List.of("conf", "data", "commitlog", "saved_caches", "hints", "cdc_raw", "logs")) {
                Files.createDirectories(dataDir.resolve(dir));
            }
            Files.writeString(confDir.resolve("cassandra.yaml"), cassandraYaml(), StandardCharsets.UTF_8);
            Files.writeString(confDir.resolve("logback.xml"), LOGBACK_XML, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Cassandra configuration into " + confDir, e);
        }
        return confDir;
    }

    private String cassandraYaml() {
        String seed = host.contains(":") ? "[" + host + "]:" + storagePort : host + ":" + storagePort;
        return String.join("\n",
                "# Written by Murmuration's CassandraNode for a single development or test node; rewritten at every start.",
                "cluster_name: 'Murmuration development'",
                "# One node owns the whole ring; the token allocator for more vnodes would wait out the 30 s ring delay.",
                "num_tokens: 1",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "endpoint_snitch: SimpleSnitch",
                "listen_address: " + quoted(host),
                "rpc_address: " + quoted(host),
                "storage_port: " + storagePort,
                "native_transport_port: " + nativePort,
                "start_native_transport: true",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: " + quoted(seed),
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                "data_file_directories:",
                "  - " + quoted(dataDir.resolve("data").toString()),
                "commitlog_directory: " + quoted(dataDir.resolve("commitlog").toString()),
                "saved_caches_directory: " + quoted(dataDir.resolve("saved_caches").toString()),
                "hints_directory: " + quoted(dataDir.resolve("hints").toString()),
                "cdc_raw_directory: " + quoted(dataDir.resolve("cdc_raw").toString()),
                "# Dropping or truncating a table in tests must not leave snapshots behind.",
                "auto_snapshot: false",
                "");
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private String address() {
        return host + ":" + nativePort;
    }

    private void stopQuietly() {
        Process running = process;
        if (running != null && running.isAlive()) {
            destroy(running.toHandle(), STOP_GRACE);
        }
    }

    /** Our own child is reaped by the JDK a moment after it exits; until then the OS still lists it. */
    private static void awaitReaped(Process child) {
        try {
            child.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void destroy(ProcessHandle handle, Duration grace) {
        if (!isLive(handle)) {
            return;
        }
        handle.destroy();
        if (awaitExit(handle, grace)) {
            return;
        }
        handle.destroyForcibly();
        if (!awaitExit(handle, Duration.ofSeconds(30))) {
            throw new IllegalStateException("Cassandra (pid " + handle.pid() + ") survived SIGKILL for 30 s");
        }
    }

    /** A live Cassandra process started by this launcher on {@code dataDir}, in this JVM or an earlier one. */
    private static Optional<ProcessHandle> nodeUsing(Path dataDir) {
        String marker = "-D" + NODE_MARKER_PROPERTY + "=" + dataDir;
        return ProcessHandle.allProcesses()
                .filter(process -> arguments(process).contains(marker))
                .filter(CassandraNode::isLive)
                .findFirst();
    }

    /** A process's arguments, exact from /proc where there is one (the JDK's view of a long command line can be cut short). */
    private static List<String> arguments(ProcessHandle process) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return List.of(new String(cmdline, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | RuntimeException e) {
            return process.info().arguments().map(List::of).orElse(List.of());
        }
    }

    /**
     * Alive in any sense that matters: a process that has fully exited but whose parent has not reaped it yet
     * (a zombie with no thread left) counts as gone, since some init processes reap lazily or never.
     */
    private static boolean isLive(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        Path proc = Path.of("/proc", Long.toString(handle.pid()));
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
            int afterName = stat.lastIndexOf(')');
            boolean zombie = afterName > 0 && afterName + 2 < stat.length() && stat.charAt(afterName + 2) == 'Z';
            if (!zombie) {
                return true;
            }
            // The group leader shows as a zombie while other threads still finish exiting.
            try (var threads = Files.list(proc.resolve("task"))) {
                return threads.count() > 1;
            }
        } catch (IOException | RuntimeException e) {
            return handle.isAlive();
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration limit) {
        // Polling rather than onExit(): for a process that is not our child the JDK notices an exit up to a second
        // late, and one whose parent is slow to reap it stays "alive" as a zombie.
        long deadline = System.nanoTime() + limit.toNanos();
        while (isLive(handle)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isLive(handle);
            }
        }
        return true;
    }

    /** This start's errors (a fatal one is often followed by pages of shutdown) and the last lines of its log. */
    private String startupLogExcerpt() {
        List<String> lines;
        try (RandomAccessFile log = new RandomAccessFile(logFile.toFile(), "r")) {
            long offset = Math.min(logOffsetAtLaunch, log.length());
            byte[] bytes = new byte[(int) Math.min(log.length() - offset, 16L * 1024 * 1024)];
            log.seek(log.length() - bytes.length);
            log.readFully(bytes);
            lines = List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size() && errors.size() < LOG_ERROR_LINES; i++) {
            if (lines.get(i).startsWith("ERROR")) {
                errors.add(lines.get(i));
                if (i + 1 < lines.size() && !lines.get(i + 1).startsWith("INFO") && !lines.get(i + 1).startsWith("WARN")) {
                    errors.add(lines.get(i + 1));
                }
            }
        }
        StringBuilder excerpt = new StringBuilder();
        if (!errors.isEmpty()) {
            excerpt.append("errors in ").append(logFile).append(":\n").append(String.join("\n", errors)).append('\n');
        }
        excerpt.append("last lines of ").append(logFile).append(":\n")
                .append(String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())));
        return excerpt.toString();
    }

    private void requireFree(String key, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind " + key + " " + port + " on " + host + " (" + e.getMessage()
                    + "): is another server using the port, or is " + host + " not an address of this machine?");
        }
    }

    private static Path javaExecutable() {
        String override = System.getProperty(JAVA_OVERRIDE_PROPERTY);
        if (override != null && !override.isBlank()) {
            Path java = Path.of(override);
            if (!Files.isExecutable(java)) {
                throw new IllegalStateException(JAVA_OVERRIDE_PROPERTY + " names " + java + ", which is not an executable");
            }
            return java;
        }
        int feature = Runtime.version().feature();
        if (feature != 17) {
            throw new IllegalStateException("Cassandra 5.0 runs on JDK 17 only (newer JDKs lack the SecurityManager it installs), "
                    + "but this launcher runs on JDK " + feature + ": run it on JDK 17 or set -D" + JAVA_OVERRIDE_PROPERTY
                    + "=/path/to/jdk17/bin/java");
        }
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static void requirePort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be between 1 and 65535, was " + port);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Cassandra", e);
        }
    }
}
