package io.murmuration.node.health;

import akka.actor.ActorSystem;
import akka.actor.CoordinatedShutdown;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Readiness check for Akka Management: a node is not ready from the moment its coordinated shutdown starts, before
 * anything stops, so load balancers and clients turn away while its servers still answer what they already have.
 */
public final class NotLeavingReadiness implements Supplier<CompletionStage<Boolean>> {

    private final CoordinatedShutdown shutdown;

    public NotLeavingReadiness(ActorSystem system) {
        this.shutdown = CoordinatedShutdown.get(system);
    }

    @Override
    public CompletionStage<Boolean> get() {
        return CompletableFuture.completedFuture(shutdown.getShutdownReason().isEmpty());
    }
}
