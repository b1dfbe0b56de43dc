package io.murmuration.deploy.kafka;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker for development and tests: KRaft combined mode (broker and
 * controller in one process, no ZooKeeper), bound to a loopback address, running in a JVM of its
 * own on the classpath of {@code deploy/kafka/server/pom.xml}.
 *
 * <p>{@link #start} writes {@code server.properties} and {@code log4j.properties} into the data
 * directory, formats the storage on first use (the cluster id is kept in {@code cluster.id} so
 * restarts reuse it), forks {@code kafka.Kafka} with its output appended to the log file and waits
 * until an admin client gets an answer. The broker's own kafka-clients, Scala and Jackson never
 * reach the caller's classpath.
 */
public final class KafkaBroker {

    /** Thrown when the broker cannot be started: it exited, never answered, or the ports are taken. */
    public static final class StartFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StartFailedException(String message) {
            super(message);
        }
    }

    // Dev and test sizes: the broker shares a small machine with Cassandra and the cluster nodes.
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms256m", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");
    private static final String MAIN_CLASS = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(3);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final int LOG_TAIL_LINES = 40;

    private final Path dataDir;
    private final String host;
    private final int port;
    private final int controllerPort;
    private final Path logFile;
    private final Consumer<String> progress;

    private Process process;
    private Thread stopOnExit;
    private Path pidFile;

    /**
     * A broker that prints its progress lines to standard output.
     *
     * @param dataDir        holds server.properties, cluster.id and the partitions' logs; created if missing
     * @param host           a loopback address or name to bind both listeners to, e.g. 127.0.0.1
     * @param port           the PLAINTEXT listener clients use, e.g. 9092
     * @param controllerPort the KRaft CONTROLLER listener, e.g. 9093
     * @param logFile        the broker's stdout and stderr are appended here
     */
    public KafkaBroker(Path dataDir, String host, int port, int controllerPort, Path logFile) {
        this(dataDir, host, port, controllerPort, logFile, System.out::println);
    }

    /** As {@link #KafkaBroker(Path, String, int, int, Path)}, with progress lines going to {@code progress}. */
    public KafkaBroker(Path dataDir, String host, int port, int controllerPort, Path logFile,
                       Consumer<String> progress) {
        if (dataDir == null || logFile == null || host == null || progress == null) {
            throw new IllegalArgumentException("dataDir, host, logFile and progress are required");
        }
        requireLoopback(host);
        requirePort("port", port);
        requirePort("controllerPort", controllerPort);
        if (port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must differ, both are " + port);
        }
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.host = host;
        this.port = port;
        this.controllerPort = controllerPort;
        this.logFile = logFile.toAbsolutePath().normalize();
        this.progress = progress;
    }

    /** {@code host:port}, the value for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return host + ":" + port;
    }

    /**
     * Starts the broker and waits until it answers. The broker is stopped when this JVM exits, if
     * {@link #stop()} has not been called by then.
     *
     * @param timeout how long formatting and start-up may take, not counting a first classpath resolution
     * @return the broker's process id
     * @throws StartFailedException with the tail of the log file if the broker exits or the timeout passes
     */
    public synchronized long start(Duration timeout) {
        return launch(timeout, false);
    }

    /**
     * Starts the broker in a session of its own, so that it keeps running after this JVM exits,
     * and waits until it answers. Stop it later with {@link #stopProcess(long, Duration)}.
     *
     * @param pidFile receives the process id as soon as the broker is forked, and is deleted if it fails to start
     * @return the broker's process id
     */
    public synchronized long startDetached(Duration timeout, Path pidFile) {
        this.pidFile = pidFile.toAbsolutePath().normalize();
        try {
            return launch(timeout, true);
        } finally {
            this.pidFile = null;
        }
    }

    /** Whether the process this instance started is still alive. */
    public synchronized boolean isRunning() {
        return process != null && !isGone(process.toHandle());
    }

    /** Stops the broker this instance started: SIGTERM, up to a minute's wait, then SIGKILL. No-op if not running. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        terminate(process.toHandle(), STOP_GRACE);
        awaitReaped(process);
        process = null;
        if (stopOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or about to: nothing left to undo.
            }
            stopOnExit = null;
        }
    }

    /** The broker configuration that {@link #start} writes to {@code server.properties}. */
    public String serverProperties() {
        String listenerHost = host.contains(":") ? "[" + host + "]" : host;
        return String.join("\n",
                "# Written by the Murmuration Kafka launcher: one KRaft node that is broker and controller.",
                "node.id=1",
                "process.roles=broker,controller",
                "controller.quorum.voters=1@" + listenerHost + ":" + controllerPort,
                "listeners=PLAINTEXT://" + listenerHost + ":" + port + ",CONTROLLER://" + listenerHost + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + listenerHost + ":" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + escape(logDirs().toString()),
                "# One broker: every replication factor is 1, and the internal topics need no spread.",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "num.partitions=1",
                "# Consumers join at once instead of waiting 3 s for more group members.",
                "group.initial.rebalance.delay.ms=0",
                "# Topics are created on purpose (Topics.ensure), never by a producer's typo.",
                "auto.create.topics.enable=false",
                "# A short broker lease: after a kill -9 a restart waits for the old lease to expire (9 s by default).",
                "broker.heartbeat.interval.ms=500",
                "broker.session.timeout.ms=3000",
                "");
    }

    /**
     * Whether a Kafka broker answers an admin request at {@code bootstrap} within a few seconds.
     * Checks that a port accepts connections first, so an absent broker costs no client warnings.
     */
    public static boolean isAnswering(String bootstrap) {
        if (!anyAccepts(bootstrap)) {
            return false;
        }
        try (Admin admin = probeAdmin(bootstrap)) {
            return answers(admin);
        }
    }

    /**
     * Stops the Kafka broker with process id {@code pid}: SIGTERM, up to {@code grace} for it to
     * exit, then SIGKILL.
     *
     * @return false if no such process was running
     * @throws IllegalArgumentException if the process is not a Kafka broker (a reused pid), leaving it alone
     */
    public static boolean stopProcess(long pid, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(h -> !isGone(h));
        if (handle.isEmpty()) {
            return false;
        }
        String commandLine = handle.get().info().commandLine().orElse("");
        if (!commandLine.contains(MAIN_CLASS)) {
            throw new IllegalArgumentException("process " + pid + " is not a Kafka broker ("
                    + (commandLine.isEmpty() ? "command unknown" : abbreviate(commandLine)) + "); left alone");
        }
        terminate(handle.get(), grace);
        return true;
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", controller " + controllerPort + ", data " + dataDir + "]";
    }

    private long launch(Duration timeout, boolean detached) {
        if (isRunning()) {
            throw new IllegalStateException("already started: " + this);
        }
        long started = System.nanoTime();
        refuseTakenPort("port", port);
        refuseTakenPort("controllerPort", controllerPort);
        String version = BrokerClasspath.kafkaVersion();
        String classpath = BrokerClasspath.resolve(version, progress).stream()
                .map(Path::toString).collect(Collectors.joining(File.pathSeparator));

        long deadline = System.nanoTime() + timeout.toNanos();
        long logOffset;
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logFile.getParent());
            Files.writeString(dataDir.resolve("server.properties"), serverProperties());
            Files.writeString(dataDir.resolve("log4j.properties"), LOG4J_PROPERTIES);
            logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
            appendToLog(String.format("=== %s Murmuration launcher: Kafka %s on %s (controller %d), data %s%n",
                    Instant.now(), version, bootstrapServers(), controllerPort, dataDir));
            formatOnce(classpath, deadline, logOffset);
            process = fork(classpath, detached);
            if (pidFile != null) {
                Files.createDirectories(pidFile.getParent());
                Files.writeString(pidFile, process.pid() + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!detached) {
            Process forked = process;
            stopOnExit = new Thread(() -> terminate(forked.toHandle(), Duration.ofSeconds(10)),
                    "stop-kafka-" + port);
            Runtime.getRuntime().addShutdownHook(stopOnExit);
        }
        try {
            awaitAnswer(started, deadline, timeout, logOffset);
        } catch (RuntimeException failed) {
            if (pidFile != null) {
                try {
                    Files.deleteIfExists(pidFile);
                } catch (IOException e) {
                    failed.addSuppressed(e);
                }
            }
            throw failed;
        }
        return process.pid();
    }

    private Path logDirs() {
        return dataDir.resolve("kafka-logs");
    }

    private void formatOnce(String classpath, long deadline, long logOffset) throws IOException {
        if (Files.exists(logDirs().resolve("meta.properties"))) {
            return;
        }
        Path clusterIdFile = dataDir.resolve("cluster.id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid() + "\n");
        }
        String clusterId = Files.readString(clusterIdFile).trim();
        List<String> command = javaCommand();
        // A run of about a second: the optimising compiler would only compete for the CPU.
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(List.of(STORAGE_TOOL, "format", "--ignore-formatted",
                "--cluster-id", clusterId, "--config", dataDir.resolve("server.properties").toString()));
        Process format = processBuilder(command, classpath).start();
        try {
            long remaining = deadline - System.nanoTime();
            if (!format.waitFor(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
                format.destroyForcibly();
                throw new StartFailedException("formatting the storage in " + logDirs() + " did not finish in time; "
                        + logFile + " ends with:\n" + LogTail.of(logFile, logOffset, LOG_TAIL_LINES));
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StartFailedException("interrupted while formatting " + logDirs());
        }
        if (format.exitValue() != 0) {
            throw new StartFailedException("formatting the storage in " + logDirs() + " failed with exit code "
                    + format.exitValue() + "; " + logFile + " ends with:\n"
                    + LogTail.of(logFile, logOffset, LOG_TAIL_LINES));
        }
    }

    private Process fork(String classpath, boolean detached) throws IOException {
        List<String> command = new ArrayList<>();
        Optional<Path> setsid = detached ? setsid() : Optional.empty();
        setsid.ifPresent(path -> command.add(path.toString()));
        command.addAll(javaCommand());
        command.add(MAIN_CLASS);
        command.add(dataDir.resolve("server.properties").toString());
        return processBuilder(command, classpath).start();
    }

    private List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-Dlog4j.configuration=" + dataDir.resolve("log4j.properties").toUri());
        command.add("-Dkafka.logs.dir=" + dataDir);
        return command;
    }

    private ProcessBuilder processBuilder(List<String> command, String classpath) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // Through the environment rather than -cp: keeps `ps` readable and the command line short.
        builder.environment().put("CLASSPATH", classpath);
        return builder;
    }

    private void awaitAnswer(long started, long deadline, Duration timeout, long logOffset) {
        long nextProgress = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
        Admin admin = null;
        try {
            while (true) {
                if (!process.isAlive()) {
                    int exitCode = process.exitValue();
                    stop();
                    throw new StartFailedException("Kafka exited with code " + exitCode + " during start-up; "
                            + logFile + " ends with:\n" + LogTail.of(logFile, logOffset, LOG_TAIL_LINES));
                }
                if (accepts(host, port)) {
                    if (admin == null) {
                        admin = probeAdmin(bootstrapServers());
                    }
                    if (answers(admin)) {
                        return;
                    }
                }
                long now = System.nanoTime();
                if (now - deadline > 0) {
                    // Read before stopping: the shutdown's own log lines would bury the reason.
                    String tail = LogTail.of(logFile, logOffset, LOG_TAIL_LINES);
                    stop();
                    throw new StartFailedException("Kafka did not answer on " + bootstrapServers() + " within "
                            + timeout.toSeconds() + " s and was stopped; " + logFile + " ended with:\n" + tail);
                }
                if (now - nextProgress > 0) {
                    progress.accept("waiting for Kafka on " + bootstrapServers() + " ("
                            + Math.round((now - started) / 1e9) + " s)");
                    nextProgress = now + PROGRESS_INTERVAL.toNanos();
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new StartFailedException("interrupted while waiting for Kafka on " + bootstrapServers());
        } finally {
            if (admin != null) {
                admin.close(Duration.ofSeconds(1));
            }
        }
    }

    private void appendToLog(String line) throws IOException {
        Files.writeString(logFile, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void refuseTakenPort(String key, int taken) {
        if (accepts(host, taken)) {
            throw new StartFailedException(key + " " + taken + " on " + host
                    + " is already in use by another process; stop it or choose another port");
        }
    }

    private static Admin probeAdmin(String bootstrap) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "murmuration-kafka-probe");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        return Admin.create(config);
    }

    private static boolean answers(Admin admin) {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                    .nodes().get(PROBE_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception notYet) {
            return false;
        }
    }

    private static boolean anyAccepts(String bootstrap) {
        for (String address : bootstrap.split(",")) {
            String trimmed = address.trim();
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("bootstrap address is not host:port: " + trimmed);
            }
            String addressHost = trimmed.substring(0, colon).replace("[", "").replace("]", "");
            if (accepts(addressHost, Integer.parseInt(trimmed.substring(colon + 1)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static void terminate(ProcessHandle handle, Duration grace) {
        if (isGone(handle)) {
            return;
        }
        handle.destroy();
        if (!awaitGone(handle, grace)) {
            handle.destroyForcibly();
            awaitGone(handle, Duration.ofSeconds(10));
        }
    }

    private static boolean awaitGone(ProcessHandle handle, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!isGone(handle)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return isGone(handle);
            }
        }
        return true;
    }

    // A child of this JVM stays a zombie until the JVM's reaper collects it; callers expect it gone on return.
    private static void awaitReaped(Process child) {
        try {
            child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // A detached broker's parent is whatever adopted it; until that reaps it, the exited process is a zombie.
    private static boolean isGone(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Paths.get("/proc", Long.toString(handle.pid()), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName > 0 && stat.length() > afterName + 2 && stat.charAt(afterName + 2) == 'Z';
        } catch (IOException noProcFs) {
            return !handle.isAlive();
        }
    }

    private static Optional<Path> setsid() {
        for (String candidate : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            Path path = Paths.get(candidate);
            if (Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private static void requireLoopback(String host) {
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException("host must be a loopback address (this broker is for development"
                        + " and tests), not " + host);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host is not a known address: " + host, e);
        }
    }

    private static void requirePort(String key, int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(key + " must be between 1 and 65535, not " + value);
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    // Everything to stdout, which the launcher appends to the log file; the chattiest loggers at WARN.
    private static final String LOG4J_PROPERTIES = String.join("\n",
            "log4j.rootLogger=INFO, stdout",
            "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
            "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
            "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
            "log4j.logger.state.change.logger=WARN",
            "log4j.logger.kafka.request.logger=WARN",
            "log4j.logger.org.apache.zookeeper=WARN",
            "");
}
