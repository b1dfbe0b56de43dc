package io.murmuration.node;

import com.typesafe.config.ConfigException;

/** Starts one node with the configuration from the classpath and the environment; stops on SIGTERM. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
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
