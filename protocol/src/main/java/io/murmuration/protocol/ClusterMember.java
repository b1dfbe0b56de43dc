package io.murmuration.protocol;

import java.time.Instant;
import java.util.List;

/**
 * One member of the cluster.
 *
 * @param address    its Akka address, {@code akka://murmuration@host:port}
 * @param status     Akka's member status in lower case: joining, weakly-up, up, leaving, exiting, down, removed, …
 * @param roles      its cluster roles (Akka adds {@code dc-<data centre>})
 * @param appVersion the version it runs ({@code akka.cluster.app-version}; "0.0.0" when not set)
 * @param upSince    for the answering node, when it started; for another member, when the answering node saw it
 *                   become up (or first saw it up, for members up before the answering node joined); null until up
 * @param reachable  false while the failure detector of some member cannot reach it
 */
public record ClusterMember(
        String address, String status, List<String> roles, String appVersion, Instant upSince, boolean reachable) {

    public ClusterMember {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
