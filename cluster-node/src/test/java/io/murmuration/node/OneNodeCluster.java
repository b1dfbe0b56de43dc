package io.murmuration.node;

import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import java.util.concurrent.TimeUnit;

/** A test's actor system as a cluster of its own, so that sharding and singletons run in it as in a node. */
public final class OneNodeCluster {

    private OneNodeCluster() {
    }

    /** Joins {@code system} to itself and waits until it is up; fails the test after 20 s. */
    public static void joinItself(ActorSystem<?> system) throws InterruptedException {
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) throw new AssertionError("the one-node cluster did not come up");
            Thread.sleep(50);
        }
    }
}
