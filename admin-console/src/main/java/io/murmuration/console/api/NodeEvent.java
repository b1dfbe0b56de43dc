package io.murmuration.console.api;

import io.murmuration.protocol.ClusterMemberEvent;
import io.murmuration.protocol.DriftAlarm;
import io.murmuration.protocol.ModelRegistryEvent;
import io.murmuration.protocol.StatsResponse;

/** One event of the node's {@code /admin/stream}, typed by its {@code event:} line. */
public sealed interface NodeEvent {

    /** The node's figures, sent at once and then every few seconds. */
    record Stats(StatsResponse stats) implements NodeEvent {}

    /** A version registered, activated or rolled back. */
    record Model(ModelRegistryEvent change) implements NodeEvent {}

    /** A member's status changed. */
    record Member(ClusterMemberEvent change) implements NodeEvent {}

    /** A drift alarm was raised anywhere in the cluster. */
    record Alarm(DriftAlarm alarm) implements NodeEvent {}

    /** The stream is up (true) or was lost and is being re-opened (false). */
    record Connection(boolean open, String reason) implements NodeEvent {}
}
