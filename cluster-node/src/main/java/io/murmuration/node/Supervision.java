package io.murmuration.node;

import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import java.time.Duration;

/**
 * How the node keeps its long-lived actors — popularity board, item shards, the singletons, the active-model
 * follower — alive: a failure restarts the actor after a pause that grows from {@code minBackoff} to
 * {@code maxBackoff}, instead of the typed default of stopping it for good. The pause keeps an actor that fails on
 * every start from spinning; an actor whose state must outlive a restart keeps it outside the restarted behaviour.
 *
 * @param minBackoff the first pause ({@code murmuration.supervision.min-backoff})
 * @param maxBackoff the longest pause ({@code murmuration.supervision.max-backoff})
 */
public record Supervision(Duration minBackoff, Duration maxBackoff) {

    public Supervision {
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must be positive and max at least min, were " + minBackoff
                    + " and " + maxBackoff);
        }
    }

    /** {@code behavior}, restarted with back-off whenever it throws. */
    public <T> Behavior<T> restarting(Behavior<T> behavior) {
        return Behaviors.supervise(behavior)
                .onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(minBackoff, maxBackoff, 0.2));
    }
}
