package io.murmuration.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/** Starts one node with the configuration from the classpath and the environment; stops on SIGTERM. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        Config config;
        try {
            config = MurmurationNode.loadConfig(System.getenv());
            Settings.from(config);
        } catch (ConfigException e) {
            System.err.println("Refusing to start, bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        MurmurationNode node = MurmurationNode.start(config);
        // Coordinated shutdown runs on SIGTERM through Akka's own JVM shutdown hook.
        node.system().getWhenTerminated().thenRun(() -> System.exit(0));
    }
}
