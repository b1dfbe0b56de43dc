package io.murmuration.node.health;

import akka.actor.ActorSystem;
import io.murmuration.node.Settings;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Readiness check for Akka Management: the node is ready only while the Kafka cluster answers. */
public final class KafkaReadiness implements Supplier<CompletionStage<Boolean>> {

    private static final int TIMEOUT_MS = 1500;

    private final AdminClient admin;

    public KafkaReadiness(ActorSystem system) {
        String bootstrap = Settings.from(system.settings().config()).kafkaBootstrapServers();
        this.admin =
                AdminClient.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS));
        system.registerOnTermination(() -> admin.close());
    }

    @Override
    public CompletionStage<Boolean> get() {
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        admin
                .describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                .nodes()
                .whenComplete((nodes, failure) -> ready.complete(failure == null && !nodes.isEmpty()));
        return ready.orTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).exceptionally(e -> false);
    }
}
