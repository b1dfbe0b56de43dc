package io.murmuration.node;

import com.typesafe.config.ConfigException;

/** Starts one node with the configuration from the classpath and the environment; stops on SIGTERM. */
public final class Main {

    private Main() {}

    /** The JDK's property for the size of the common fork-join pool. */
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(String[] args) {
        // Akka's asks reach Java as Scala futures whose thenApply/thenCompose run on the common pool; with one
        // thread in it (two cores) the JDK starts a new thread for every such step instead. Measured: a node
        // serving 60 items fell back on every request at 300 requests/s.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
        }
        MurmurationNode node;
        try {
            // start() reads the settings before anything else, so a bad value stops it here.
            node = MurmurationNode.start(MurmurationNode.loadConfig(System.getenv()));
        } catch (ConfigException e) {
            System.err.println("Refusing to start, bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Coordinated shutdown runs on SIGTERM through Akka's own JVM shutdown hook.
        node.system().getWhenTerminated().thenRun(() -> System.exit(0));
    }
}
