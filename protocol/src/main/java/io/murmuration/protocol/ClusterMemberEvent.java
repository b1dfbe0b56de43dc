package io.murmuration.protocol;

/**
 * A change of cluster membership, as the {@code member} event of the admin event stream.
 *
 * @param change what happened: joined, weakly-up, up, leaving, exited, downed, removed, preparing-for-shutdown,
 *               ready-for-shutdown, unreachable or reachable
 * @param member the member after the change
 */
public record ClusterMemberEvent(String change, ClusterMember member) {}
