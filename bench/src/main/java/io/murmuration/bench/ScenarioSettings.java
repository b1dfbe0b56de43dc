package io.murmuration.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
 * @param jvmWarmupSeconds how long set-aside users warm the node's JVM up before the first phase
 */
record ScenarioSettings(URI url, Path log, double rate, double repeatRate, double eventRate, double measuredSeconds,
        double warmupSeconds, int runs, int connections, long nodePid, long seed, double jvmWarmupSeconds) {

    private static final Set<String> FLAGS = Set.of("--url", "--log", "--rate", "--repeat-rate", "--event-rate",
            "--duration", "--warmup", "--runs", "--connections", "--node-pid", "--seed", "--jvm-warmup");

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
        require(Double.isFinite(jvmWarmupSeconds) && jvmWarmupSeconds >= 0, "--jvm-warmup must be >= 0, got " + jvmWarmupSeconds);
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
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value;
            int equals = flag.indexOf('=');
            if (equals > 0) {
                value = flag.substring(equals + 1);
                flag = flag.substring(0, equals);
            } else {
                require(i + 1 < args.length, flag + " needs a value");
                value = args[++i];
            }
            require(FLAGS.contains(flag), "unknown flag " + flag);
            given.put(flag, value);
        }
        require(given.containsKey("--log"), "--log FILE is required");
        return new ScenarioSettings(
                URI.create(given.getOrDefault("--url", "http://127.0.0.1:8080")),
                Path.of(given.get("--log")),
                number(given, "--rate", 1000),
                number(given, "--repeat-rate", 2000),
                number(given, "--event-rate", 1000),
                number(given, "--duration", 10),
                number(given, "--warmup", 2),
                (int) number(given, "--runs", 3),
                (int) number(given, "--connections", 128),
                (long) number(given, "--node-pid", 0),
                (long) number(given, "--seed", 1),
                number(given, "--jvm-warmup", 60));
    }

    static String usage() {
        return """
                usage: TrafficScenario --log FILE [--url http://127.0.0.1:8080] [--rate 1000] [--repeat-rate 2000]
                                       [--event-rate 1000] [--duration 10] [--warmup 2] [--runs 3]
                                       [--connections 128] [--node-pid PID] [--seed 1] [--jvm-warmup 60]
                """;
    }

    private static double number(Map<String, String> given, String flag, double fallback) {
        String value = given.get(flag);
        if (value == null) return fallback;
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, got " + value);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) throw new IllegalArgumentException(message);
    }
}
