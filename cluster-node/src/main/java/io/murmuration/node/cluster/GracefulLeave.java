package io.murmuration.node.cluster;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of a node's leave: it reports "not ready" ({@link io.murmuration.node.health.NotLeavingReadiness})
 * and keeps serving for {@code murmuration.cluster.unready-before-unbind}, so clients polling readiness have turned
 * away before the HTTP servers unbind. Coordinated shutdown then does the rest in its phase order: unbind and let
 * in-flight requests finish, drain and commit the ingest streams, hand the shards and singletons off, leave.
 */
public final class GracefulLeave {

    private static final Logger log = LoggerFactory.getLogger(GracefulLeave.class);

    private GracefulLeave() {}

    public static void register(ActorSystem<?> system, Duration unreadyBeforeUnbind) {
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "unready-before-unbind", () -> {
            log.info("Leaving the cluster: not ready now, unbinding the HTTP servers in {} ms", unreadyBeforeUnbind.toMillis());
            return CompletableFuture.supplyAsync(Done::getInstance,
                    CompletableFuture.delayedExecutor(unreadyBeforeUnbind.toMillis(), TimeUnit.MILLISECONDS));
        });
    }
}
