package io.murmuration.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@link TrafficScenario} runs: the node, the log it holds, the read and event rates, how long each phase is
 * measured, how many runs.
 *
 * @param log            the log the node holds (its users are asked for, its items acted on)
 * @param rate           requests per second of the returning, active and mixed phases
 * @param repeatRate     requests per second of the repeat phase
 * @param eventRate      events per second posted during the mixed phase
 * @param measuredSeconds each phase's measured window
 * @param warmupSeconds  each phase's unrecorded lead-in
 * @param nodePid        the node's process id, for its CPU time and for waiting until it is quiet; 0 when unknown
 * @param storePids      the process ids of the stores the node uses on this machine (Cassandra, Kafka), for their CPU
 *                       time per request; empty when they run elsewhere
 * @param jvmWarmupSeconds how long set-aside users warm the node's JVM up before the first phase
 * @param profileDir     where each phase's JFR recording of the node goes ({@code run-R-PHASE.jfr}); null for none
 */
record ScenarioSettings(URI url, Path log, double rate, double repeatRate, double eventRate, double measuredSeconds,
        double warmupSeconds, int runs, int connections, long nodePid, List<Long> storePids, long seed, double jvmWarmupSeconds,
        Path profileDir) {

    private static final Set<String> FLAGS = Set.of("--url", "--log", "--rate", "--repeat-rate", "--event-rate",
            "--duration", "--warmup", "--runs", "--connections", "--node-pid", "--store-pids", "--seed", "--jvm-warmup",
            "--profile");

    ScenarioSettings {
        require(url != null && "http".equals(url.getScheme()) && url.getHost() != null, "--url must be an http:// URL, got " + url);
        require(log != null && Files.isReadable(log), "--log must name a readable log, got " + log);
        for (double r : new double[] {rate, repeatRate, eventRate}) {
            require(Double.isFinite(r) && r > 0, "rates must be numbers > 0, got " + r);
        }
        require(Double.isFinite(measuredSeconds) && measuredSeconds > 0, "--duration must be > 0, got " + measuredSeconds);
        require(Double.isFinite(warmupSeconds) && warmupSeconds >= 0, "--warmup must be >= 0, got " + warmupSeconds);
        require(runs >= 1, "--runs must be at least 1, got " + runs);
        require(connections >= 1, "--connections must be at least 1, got " + connections);
        require(nodePid >= 0, "--node-pid must be a process id, got " + nodePid);
        storePids = List.copyOf(storePids);
        require(storePids.stream().allMatch(pid -> pid > 0), "--store-pids must be process ids, got " + storePids);
        require(Double.isFinite(jvmWarmupSeconds) && jvmWarmupSeconds >= 0, "--jvm-warmup must be >= 0, got " + jvmWarmupSeconds);
        require(profileDir == null || nodePid > 0, "--profile records the node: it needs --node-pid");
    }

    /** The users one phase asks for: each once, at its rate, over its warm-up and measured window. */
    int usersPerPhase() {
        return (int) Math.ceil(rate * (measuredSeconds + warmupSeconds));
    }

    /** Each run takes fresh users for its returning phase; its later phases ask the same users again. */
    int usersPerRun() {
        return usersPerPhase();
    }

    static ScenarioSettings parse(String[] args) {
        CommandLineFlags given = CommandLineFlags.parse(args, FLAGS);
        require(given.has("--log"), "--log FILE is required");
        return new ScenarioSettings(
                given.url("--url", "http://127.0.0.1:8080"),
                Path.of(given.text("--log")),
                given.number("--rate", 1000),
                given.number("--repeat-rate", 2000),
                given.number("--event-rate", 1000),
                given.number("--duration", 10),
                given.number("--warmup", 2),
                given.whole("--runs", 3),
                given.whole("--connections", 128),
                given.wholeLong("--node-pid", 0),
                pids(given.text("--store-pids", "")),
                given.wholeLong("--seed", 1),
                given.number("--jvm-warmup", 60),
                given.has("--profile") ? Path.of(given.text("--profile")) : null);
    }

    static String usage() {
        return """
                usage: TrafficScenario --log FILE [--url http://127.0.0.1:8080] [--rate 1000] [--repeat-rate 2000]
                                       [--event-rate 1000] [--duration 10] [--warmup 2] [--runs 3]
                                       [--connections 128] [--node-pid PID] [--store-pids PID,PID]
                                       [--seed 1] [--jvm-warmup 60] [--profile DIR]
                """;
    }

    /** Comma-separated process ids; empty for none. */
    private static List<Long> pids(String text) {
        List<Long> pids = new ArrayList<>();
        for (String pid : text.split(",")) {
            if (pid.isBlank()) continue;
            try {
                pids.add(Long.parseLong(pid.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--store-pids must be process ids separated by commas, got '" + text + "'");
            }
        }
        return pids;
    }

    private static void require(boolean condition, String message) {
        CommandLineFlags.require(condition, message);
    }
}
