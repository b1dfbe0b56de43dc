package io.murmuration.deploy.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Kafka broker's classpath: resolved with Maven from {@code deploy/kafka/server/pom.xml} the
 * first time it is needed, then read from a cache file.
 *
 * <p>The broker brings its own kafka-clients, Scala and Jackson, so it never shares a classpath
 * with this module or its dependents. The repository root is taken from the system property
 * {@code murmuration.home}, the environment variable {@code MURMURATION_HOME}, or the first
 * directory above the working directory that holds the server pom; failing all three, the copy of
 * the pom packed in this jar is used and the cache lives in the temporary directory.
 */
final class BrokerClasspath {

    static final String HOME_PROPERTY = "murmuration.home";
    static final String HOME_ENV = "MURMURATION_HOME";
    static final String SERVER_POM = "deploy/kafka/server/pom.xml";

    private static final String VERSION_RESOURCE = "kafka-broker.properties";
    private static final String POM_RESOURCE = "server/pom.xml";
    // The first resolution downloads about 60 jars; later ones only read the local repository.
    private static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(15);

    private BrokerClasspath() {
    }

    /** The Kafka server version this build launches: the parent pom's {@code kafka-server.version}. */
    static String kafkaVersion() {
        try (InputStream in = BrokerClasspath.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(VERSION_RESOURCE + " is missing from the kafka-broker jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("kafka.server.version", "");
            if (version.isBlank() || version.startsWith("${")) {
                throw new IllegalStateException("kafka.server.version was not filled in at build time: " + version);
            }
            return version.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root, if one can be found (see the class comment for where it looks). */
    static Optional<Path> repositoryRoot() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(HOME_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            Path home = Paths.get(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(home.resolve(SERVER_POM))) {
                throw new IllegalStateException(HOME_PROPERTY + " / " + HOME_ENV + " is " + home
                        + " but " + SERVER_POM + " is not there");
            }
            return Optional.of(home);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SERVER_POM))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** The broker's classpath entries, resolving them with Maven when the cache is missing or stale. */
    static List<Path> resolve(String kafkaVersion, Consumer<String> progress) {
        try {
            Optional<Path> root = repositoryRoot();
            Path pom;
            Path cacheDir;
            if (root.isPresent()) {
                pom = root.get().resolve(SERVER_POM);
                cacheDir = pom.getParent().resolve("target");
            } else {
                cacheDir = Paths.get(System.getProperty("java.io.tmpdir"), "murmuration-kafka-server");
                pom = extractPackedPom(cacheDir);
            }
            Path cache = cacheDir.resolve("classpath-" + kafkaVersion + ".txt");
            Optional<List<Path>> cached = readCache(cache);
            if (cached.isPresent()) {
                return cached.get();
            }
            progress.accept("resolving the Kafka " + kafkaVersion + " server classpath with Maven from " + pom
                    + " (once; cached in " + cache + ")");
            long started = System.nanoTime();
            runMaven(pom, cacheDir, cache, kafkaVersion);
            List<Path> entries = readCache(cache).orElseThrow(() -> new IllegalStateException(
                    "Maven wrote no usable classpath to " + cache));
            progress.accept(String.format("resolved %d jars in %.1f s", entries.size(),
                    (System.nanoTime() - started) / 1e9));
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<List<Path>> readCache(Path cache) throws IOException {
        if (!Files.isRegularFile(cache)) {
            return Optional.empty();
        }
        List<Path> entries = new ArrayList<>();
        for (String entry : Files.readString(cache).trim().split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path jar = Paths.get(entry.trim());
            // A cleaned local repository makes the cache stale: resolve again rather than fail later.
            if (!Files.exists(jar)) {
                return Optional.empty();
            }
            entries.add(jar);
        }
        return entries.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(entries));
    }

    private static Path extractPackedPom(Path cacheDir) throws IOException {
        Files.createDirectories(cacheDir);
        Path pom = cacheDir.resolve("pom.xml");
        try (InputStream in = BrokerClasspath.class.getResourceAsStream(POM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no repository root found (set " + HOME_ENV
                        + ") and the kafka-broker jar carries no " + POM_RESOURCE);
            }
            Files.copy(in, pom, StandardCopyOption.REPLACE_EXISTING);
        }
        return pom;
    }

    private static void runMaven(Path pom, Path cacheDir, Path cache, String kafkaVersion) throws IOException {
        Files.createDirectories(cacheDir);
        // Written beside the cache and moved into place, so a concurrent reader never sees half a file.
        Path partial = Files.createTempFile(cacheDir, "classpath-", ".partial");
        Path mavenLog = cacheDir.resolve("resolve-" + kafkaVersion + ".log");
        List<String> command = new ArrayList<>(List.of(mavenExecutable(), "-q", "-B", "-Dstyle.color=never",
                "-f", pom.toString(), "dependency:build-classpath",
                "-Dkafka.version=" + kafkaVersion,
                "-Dmdep.outputFile=" + partial));
        String localRepository = System.getProperty("maven.repo.local");
        if (localRepository != null && !localRepository.isBlank()) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        Process maven;
        try {
            maven = new ProcessBuilder(command)
                    .directory(pom.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(mavenLog.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw new IllegalStateException("could not run Maven (" + command.get(0) + ") to resolve the Kafka"
                    + " classpath: put mvn on the PATH or set MAVEN_HOME (" + e.getMessage() + ")", e);
        }
        try {
            if (!maven.waitFor(RESOLVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                maven.destroyForcibly();
                throw new IllegalStateException("Maven did not resolve the Kafka classpath within "
                        + RESOLVE_TIMEOUT.toMinutes() + " min; its output is in " + mavenLog);
            }
        } catch (InterruptedException e) {
            maven.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resolving the Kafka classpath", e);
        }
        if (maven.exitValue() != 0) {
            Files.deleteIfExists(partial);
            throw new IllegalStateException("resolving the Kafka classpath failed: `" + String.join(" ", command)
                    + "` exited with " + maven.exitValue() + ":\n" + LogTail.of(mavenLog, 0, 30));
        }
        Files.move(partial, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String mavenExecutable() {
        // Inside a Maven build, prefer the Maven that runs it; otherwise whatever `mvn` the PATH gives.
        for (String home : new String[] {System.getProperty("maven.home"), System.getenv("MAVEN_HOME"),
                System.getenv("M2_HOME")}) {
            if (home != null && !home.isBlank()) {
                Path mvn = Paths.get(home, "bin", "mvn");
                if (Files.isExecutable(mvn)) {
                    return mvn.toString();
                }
            }
        }
        return "mvn";
    }
}
