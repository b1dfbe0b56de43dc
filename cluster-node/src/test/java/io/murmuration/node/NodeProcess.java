package io.murmuration.node;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node run as its own JVM from the runtime classpath, as {@code deploy/dev} runs it: started, stopped through
 * coordinated shutdown (SIGTERM) or killed (SIGKILL), and asked over HTTP whether it is ready and whom it sees.
 */
final class NodeProcess {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern UP = Pattern.compile("\"status\"\\s*:\\s*\"Up\"");
    private static final Pattern OLDEST = Pattern.compile("\"oldest\"\\s*:\\s*\"([^\"]+)\"");

    final String name;
    final String host;
    final int httpPort;
    final int adminPort;
    final int managementPort;
    final int remotePort;
    private final Map<String, String> environment;
    private final Path logs;
    private Process process;
    private int starts;

    NodeProcess(String name, String host, int httpPort, int adminPort, int managementPort, int remotePort,
            Map<String, String> environment, Path logs) {
        this.name = name;
        this.host = host;
        this.httpPort = httpPort;
        this.adminPort = adminPort;
        this.managementPort = managementPort;
        this.remotePort = remotePort;
        this.environment = new HashMap<>(environment);
        this.logs = logs;
    }

    /** The node's remoting address, as the cluster names it. */
    String address() {
        return "akka://murmuration@" + host + ":" + remotePort;
    }

    void start() throws IOException {
        Path home = Path.of(System.getProperty("murmuration.home", "..")).toAbsolutePath();
        Path target = home.resolve("cluster-node/target");
        // This checkout's protocol classes before the runtime classpath's protocol jar, which is the local repository's.
        String classpath = target.resolve("classes") + File.pathSeparator + home.resolve("protocol/target/classes")
                + File.pathSeparator + Files.readString(target.resolve("runtime.classpath")).trim();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        starts++;
        ProcessBuilder builder =
                new ProcessBuilder(java, "-Xmx512m", "-Dfile.encoding=UTF-8",
                        // No automatic training: it would compete for the two cores with what the test measures.
                        "-Dmurmuration.trainer.every-interactions=1000000000",
                        "-cp", classpath, "io.murmuration.node.Main")
                        .redirectErrorStream(true)
                        .redirectOutput(logs.resolve(name + "-" + starts + ".log").toFile());
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** SIGTERM, then waits for the JVM to exit: the node's coordinated shutdown runs to its end. */
    void stop(Duration patience) throws InterruptedException {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(name + " did not stop within " + patience + " of SIGTERM");
        }
    }

    /** SIGKILL: the JVM ends at once, without leaving the cluster or committing anything. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) process.destroyForcibly().waitFor();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Whether the management endpoint answers {@code /ready} with 200 now. */
    boolean ready() {
        return get(managementPort, "/ready", Duration.ofSeconds(2)).status() == 200;
    }

    /** Members this node lists as up (0 when it does not answer). */
    int membersUp() {
        Answer r = get(managementPort, "/cluster/members", Duration.ofSeconds(3));
        if (r.status() != 200) return 0;
        Matcher m = UP.matcher(r.body());
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    /** The address of the oldest member, which hosts the singletons and the shard coordinators; null when unknown. */
    String oldest() {
        Answer r = get(managementPort, "/cluster/members", Duration.ofSeconds(3));
        Matcher m = OLDEST.matcher(r.body());
        return r.status() == 200 && m.find() ? m.group(1) : null;
    }

    /** Waits until the node is ready and lists {@code members} members as up. */
    void awaitInCluster(int members, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive()) throw new IllegalStateException(name + " exited while starting; see its log in " + logs);
            if (ready() && membersUp() >= members) return;
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not ready with " + members + " members up after " + patience + "; see " + logs);
    }

    /** What one HTTP request got: the status (0 when there was no answer: refused, reset or timed out) and the body. */
    record Answer(int status, String body, boolean timedOut) {}

    /** GET on one of the node's ports. */
    Answer get(int port, String path, Duration timeout) {
        return get(port, path, timeout, null);
    }

    Answer get(int port, String path, Duration timeout, String bearerToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).timeout(timeout);
        if (bearerToken != null) request.header("Authorization", "Bearer " + bearerToken);
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), false);
        } catch (java.net.http.HttpTimeoutException e) {
            return new Answer(0, e.toString(), true);
        } catch (IOException e) {
            return new Answer(0, e.toString(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, e.toString(), false);
        }
    }
}
