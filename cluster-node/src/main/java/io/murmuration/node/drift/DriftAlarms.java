package io.murmuration.node.drift;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The questions the admin API asks the {@link DriftMonitor}: alarms by status, acknowledgement, traffic figures. */
public final class DriftAlarms {

    private final ActorSystem<?> system;
    private final ActorRef<DriftMonitor.Command> monitor;
    private final Duration timeout;

    public DriftAlarms(ActorSystem<?> system, ActorRef<DriftMonitor.Command> monitor, Duration timeout) {
        this.system = system;
        this.monitor = monitor;
        this.timeout = timeout;
    }

    /** The alarms of this status, newest first; only the user's when {@code userId} is not null. */
    public CompletionStage<List<DriftMonitor.Alarm>> list(DriftMonitor.Status status, String userId) {
        return AskPattern.<DriftMonitor.Command, DriftMonitor.Alarms>ask(
                        monitor, replyTo -> new DriftMonitor.ListAlarms(status, userId, replyTo), timeout, system.scheduler())
                .thenApply(DriftMonitor.Alarms::alarms);
    }

    /** The alarm with this id, if the monitor keeps it. */
    public CompletionStage<Optional<DriftMonitor.Alarm>> find(String alarmId) {
        return AskPattern.<DriftMonitor.Command, DriftMonitor.Alarms>ask(
                        monitor, replyTo -> new DriftMonitor.GetAlarm(alarmId, replyTo), timeout, system.scheduler())
                .thenApply(found -> found.alarms().stream().findFirst());
    }

    public CompletionStage<DriftMonitor.AckResult> acknowledge(String alarmId, String who, String reason) {
        return AskPattern.ask(monitor, replyTo -> new DriftMonitor.Acknowledge(alarmId, who, reason, Instant.now(), replyTo),
                timeout, system.scheduler());
    }

    public CompletionStage<DriftMonitor.Stats> stats() {
        return AskPattern.ask(monitor, DriftMonitor.GetStats::new, timeout, system.scheduler());
    }
}
