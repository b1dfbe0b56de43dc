package io.murmuration.node.ops;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import io.murmuration.protocol.ClusterMemberEvent;
import java.time.Clock;

/**
 * Follows the cluster's membership from this node: notes when each member became up (for "up since") and publishes
 * every membership and reachability change as a {@code member} event. Members that are already up when it subscribes
 * arrive as up events then, so their "up since" is the time this node first saw them.
 */
final class ClusterWatcher {

    static final String EVENT_TYPE = "member";

    private ClusterWatcher() {}

    static Behavior<ClusterEvent.ClusterDomainEvent> create(ClusterOverview overview, OperationsEvents events, Clock clock) {
        return Behaviors.setup(ctx -> {
            Cluster cluster = Cluster.get(ctx.getSystem());
            cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.MemberEvent.class));
            cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.ReachabilityEvent.class));
            return Behaviors.receive(ClusterEvent.ClusterDomainEvent.class)
                    .onMessage(ClusterEvent.MemberEvent.class, e -> {
                        if (e instanceof ClusterEvent.MemberUp) overview.sawUp(e.member(), clock.instant());
                        if (e instanceof ClusterEvent.MemberRemoved) overview.sawRemoved(e.member());
                        boolean reachable = !cluster.state().getUnreachable().contains(e.member());
                        publish(events, overview, change(e), e.member(), reachable);
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.UnreachableMember.class, e -> {
                        publish(events, overview, "unreachable", e.member(), false);
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.ReachableMember.class, e -> {
                        publish(events, overview, "reachable", e.member(), true);
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static void publish(OperationsEvents events, ClusterOverview overview, String change, Member member, boolean reachable) {
        events.publish(EVENT_TYPE, new ClusterMemberEvent(change, overview.describe(member, reachable)));
    }

    static String change(ClusterEvent.MemberEvent e) {
        if (e instanceof ClusterEvent.MemberJoined) return "joined";
        if (e instanceof ClusterEvent.MemberWeaklyUp) return "weakly-up";
        if (e instanceof ClusterEvent.MemberUp) return "up";
        if (e instanceof ClusterEvent.MemberLeft) return "leaving";
        if (e instanceof ClusterEvent.MemberExited) return "exited";
        if (e instanceof ClusterEvent.MemberDowned) return "downed";
        if (e instanceof ClusterEvent.MemberRemoved) return "removed";
        return ClusterOverview.statusName(e.member().status());
    }
}
