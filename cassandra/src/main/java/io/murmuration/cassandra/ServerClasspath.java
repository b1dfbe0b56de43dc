package io.murmuration.cassandra;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jars of the Cassandra server, resolved by Maven from the server pom that ships inside
 * this module's jar, and cached as a list of paths so that only the first start pays for it.
 *
 * <p>The cache lives under {@code ~/.cache/murmuration} (or {@code $MURMURATION_CACHE}), keyed by a
 * hash of the pom: the list depends only on that pom and the local Maven repository, not on the
 * clone or the working directory. A cache whose jars have gone missing is resolved again.
 */
final class ServerClasspath {

    private static final String POM_RESOURCE = "io/murmuration/cassandra/server/pom.xml";
    private static final Pattern SERVER_VERSION =
            Pattern.compile("<artifactId>cassandra-all</artifactId>\\s*<version>([^<]+)</version>");
    private static final long RESOLVE_TIMEOUT_MINUTES = 30;

    private ServerClasspath() {
    }

    /** The Cassandra server version the embedded pom pins. */
    static String serverVersion() {
        Matcher matcher = SERVER_VERSION.matcher(serverPom());
        if (!matcher.find()) {
            throw new IllegalStateException(POM_RESOURCE + " names no cassandra-all version");
        }
        return matcher.group(1).strip();
    }

    /** The server's jars, from the cache or, on first use, from Maven; progress lines go to {@code progress}. */
    static List<Path> resolve(PrintStream progress) {
        String pom = serverPom();
        String key = "cassandra-server-" + serverVersion() + "-" + shortHash(pom);
        Path cacheDir = cacheDirectory();
        Path cacheFile = cacheDir.resolve(key + ".classpath");
        List<Path> cached = readCache(cacheFile);
        if (!cached.isEmpty()) {
            return cached;
        }
        progress.println("resolving the Cassandra " + serverVersion() + " server classpath with Maven (first use only) ...");
        long started = System.nanoTime();
        try {
            Files.createDirectories(cacheDir);
            Path pomFile = cacheDir.resolve(key + "-pom.xml");
            Files.writeString(pomFile, pom, StandardCharsets.UTF_8);
            Path partial = Files.createTempFile(cacheDir, key, ".partial");
            runMaven(pomFile, partial);
            // Concurrent first starts each write their own file; the atomic move makes the last one win whole.
            Files.move(partial, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve the Cassandra server classpath into " + cacheDir, e);
        }
        List<Path> resolved = readCache(cacheFile);
        if (resolved.isEmpty()) {
            throw new IllegalStateException("Maven resolved an empty or incomplete Cassandra classpath into " + cacheFile);
        }
        progress.printf("resolved %d jars in %.1f s (cached in %s)%n",
                resolved.size(), (System.nanoTime() - started) / 1e9, cacheFile);
        return resolved;
    }

    private static void runMaven(Path pomFile, Path outputFile) throws IOException {
        List<String> command = List.of(mavenExecutable(), "-q", "-B", "-f", pomFile.toString(),
                "dependency:build-classpath",
                "-Dmdep.outputFile=" + outputFile,
                "-Dmdep.includeScope=runtime");
        Path mavenLog = Files.createTempFile(pomFile.getParent(), "maven", ".log");
        Process maven;
        try {
            maven = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(mavenLog.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run Maven (" + command.get(0) + ") to resolve the Cassandra server: "
                    + "put mvn on the PATH or set MAVEN_HOME", e);
        }
        try {
            maven.getOutputStream().close();
            if (!maven.waitFor(RESOLVE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                maven.destroyForcibly();
                throw new IllegalStateException("Maven did not resolve the Cassandra server within "
                        + RESOLVE_TIMEOUT_MINUTES + " minutes: " + String.join(" ", command));
            }
            if (maven.exitValue() != 0) {
                throw new IllegalStateException("Maven failed (exit " + maven.exitValue() + ") resolving the Cassandra server: "
                        + String.join(" ", command) + "\n" + Files.readString(mavenLog, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            maven.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Maven resolved the Cassandra server", e);
        } finally {
            Files.deleteIfExists(mavenLog);
        }
    }

    private static String mavenExecutable() {
        for (String home : new String[] {System.getProperty("maven.home"), System.getenv("MAVEN_HOME")}) {
            if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
                return Path.of(home, "bin", "mvn").toString();
            }
        }
        return "mvn";
    }

    /** The cached jars, or an empty list when there is no cache or one of its jars is gone. */
    private static List<Path> readCache(Path cacheFile) {
        if (!Files.isRegularFile(cacheFile)) {
            return List.of();
        }
        try {
            String content = Files.readString(cacheFile, StandardCharsets.UTF_8).strip();
            List<Path> jars = new ArrayList<>();
            for (String entry : content.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                Path jar = Path.of(entry.strip());
                if (!Files.isRegularFile(jar)) {
                    return List.of();
                }
                jars.add(jar);
            }
            return List.copyOf(jars);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Path cacheDirectory() {
        String configured = System.getenv("MURMURATION_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "murmuration");
    }

    private static String serverPom() {
        try (InputStream in = ServerClasspath.class.getClassLoader().getResourceAsStream(POM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(POM_RESOURCE + " is missing: build the cassandra module with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM_RESOURCE, e);
        }
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
