package io.murmuration.node.model.training;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.pattern.StatusReply;
import io.murmuration.node.CborSerializable;
import io.murmuration.node.interaction.InteractionFeed;
import io.murmuration.node.interaction.InteractionRecorded;
import io.murmuration.node.checkpoint.CheckpointStore;
import io.murmuration.node.checkpoint.ViewCheckpoints;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.node.model.versions.ModelStorage;
import io.murmuration.node.model.versions.ModelVersion;
import io.murmuration.node.model.versions.VersionPreparation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Trains new model versions and hands them to the {@link ModelRegistry}, on demand and on a schedule. The
 * schedule follows the interaction log itself: a training starts once {@code every-interactions} positive
 * interactions arrived after the last training's data end, or once the log's event time is
 * {@code every-event-time} past it, never by the wall clock, so a replayed log meets the same conditions.
 * A run ({@link TrainingRun}) reads the whole log, trains and scores a candidate on the trainer's own
 * thread, stores it, has the item shards prepare it and registers it. One run at a time: a {@link TrainNow}
 * during a run joins it and is answered with its report; schedule triggers during a run make at most one
 * follow-up, decided when the run ends. A failed run leaves the trainer idle with the failure in its status;
 * the schedule tries again at its next trigger, not at once. Meant to run as a cluster singleton. The registry knows
 * the data end of every version; what the schedule has counted of the log is checkpointed every
 * {@code checkpoint-interval} with the log position it covers ({@link ScheduleCounts}), so a trainer that starts, after
 * a restart or on another node, follows the log from there instead of reading it from its start.
 */
public final class Trainer extends AbstractBehavior<Trainer.Command> {

    /** The checkpoint view of the schedule's counts. */
    public static final String CHECKPOINT_VIEW = "training-schedule";

    /** With {@code checkpoints} null the schedule is not checkpointed and every start follows the log from its start. */
    public static Behavior<Command> create(TrainerSettings settings, TrainingInput input, ModelStorage storage,
            ActorRef<ModelRegistry.Command> registry, VersionPreparation preparation, InteractionFeed feed,
            CheckpointStore checkpoints) {
        Behavior<Command> trainer = Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new Trainer(ctx, timers, settings, input, storage, registry, preparation, feed, checkpoints)));
        return Behaviors.supervise(trainer)
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2));
    }

    // ---- protocol ----

    public sealed interface Command extends CborSerializable
            permits TrainNow, Observe, GetStatus, FindLastDataEnd, LastDataEndFound, LastDataEndUnknown, ScheduleLoaded,
                    CheckpointDue, CheckpointSaved, RunSucceeded, RunFailed {}

    /** Train a new version now; while a training runs, the request joins it and gets its report. */
    public record TrainNow(String requestedBy, String reason, ActorRef<StatusReply<TrainingReport>> replyTo)
            implements Command {}

    /** One interaction recorded in the log at {@code offset}, as the feed delivers it: the schedule's input. */
    public record Observe(InteractionRecorded interaction, UUID offset) implements Command {}

    public record GetStatus(ActorRef<TrainerStatus> replyTo) implements Command {}

    /**
     * The outcome of one training. Metrics come from the model trained without the held-out slice: its own
     * ("hr@10", "ndcg@10"), the popularity ranking's ("popularity.…") and the then active version's
     * ("active.…") on the same slice; the version stored and served is trained on the whole log.
     *
     * @param interactions      positive interactions in the log
     * @param cutOff            start of the held-out slice
     * @param comparedWith      the active version scored as "active.…", null when none was active or loadable
     * @param promoted          whether the registry made this version active
     * @param activeAfter       the active version after registration, null when none is
     * @param preparationError  why the item shards could not prepare the version, null when they did
     */
    public record TrainingReport(
            String versionId,
            long interactions,
            int users,
            int items,
            Instant dataFrom,
            Instant cutOff,
            Instant dataTo,
            double trainingSeconds,
            Map<String, Double> metrics,
            String comparedWith,
            boolean promoted,
            String activeAfter,
            String preparationError)
            implements CborSerializable {

        public TrainingReport {
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }

        public double metric(String name) {
            return metrics.getOrDefault(name, Double.NaN);
        }
    }

    /**
     * What the trainer is doing and has done.
     *
     * @param runningBecause    why the running training started, null when idle
     * @param trainingsStarted  trainings started since this trainer started
     * @param newInteractions   positive interactions after the last training's data end, counted towards the next
     * @param latestEventTime   the latest event time seen in the log, null before any event
     * @param lastDataEnd       data end of the last version trained, null when none was
     * @param lastReport        the last successful training since this trainer started, null before one
     * @param lastError         why the last training failed, null when it succeeded or none ran
     */
    public record TrainerStatus(
            boolean running,
            String runningBecause,
            int trainingsStarted,
            long newInteractions,
            Instant latestEventTime,
            Instant lastDataEnd,
            TrainingReport lastReport,
            String lastError)
            implements CborSerializable {}

    private record FindLastDataEnd() implements Command {}

    private record LastDataEndFound(Optional<Instant> lastDataEnd) implements Command {}

    private record LastDataEndUnknown(String reason) implements Command {}

    private record ScheduleLoaded(Optional<ViewCheckpoints.Checkpoint> checkpoint, Throwable failure) implements Command {}

    private record CheckpointDue() implements Command {}

    private record CheckpointSaved(Throwable failure) implements Command {}

    private record RunSucceeded(TrainingReport report) implements Command {}

    private record RunFailed(String reason) implements Command {}

    // ---- behaviour ----

    /** The training under way: why it started, who waits for its report, and the event time when it started. */
    private record Run(String because, List<ActorRef<StatusReply<TrainingReport>>> waiting, Instant eventTimeAtStart) {}

    private final TimerScheduler<Command> timers;
    private final TrainerSettings settings;
    private final ActorRef<ModelRegistry.Command> registry;
    private final InteractionFeed feed;
    private final CheckpointStore checkpoints;
    private final long startedNanos = System.nanoTime();
    private final ExecutorService computation;
    private final TrainingRun training;

    private InteractionFeed.Subscription following;
    private Run running;
    private int trainingsStarted;
    private ScheduleCounts counts = new ScheduleCounts();
    private boolean checkpointing;
    private Instant lastDataEnd;
    /** Where the event-time schedule counts from: the last data end, or the event time of a failed attempt. */
    private Instant scheduleFrom;
    private TrainingReport lastReport;
    private String lastError;

    private Trainer(ActorContext<Command> ctx, TimerScheduler<Command> timers, TrainerSettings settings,
            TrainingInput input, ModelStorage storage, ActorRef<ModelRegistry.Command> registry,
            VersionPreparation preparation, InteractionFeed feed, CheckpointStore checkpoints) {
        super(ctx);
        this.timers = timers;
        this.settings = settings;
        this.registry = registry;
        this.feed = feed;
        this.checkpoints = checkpoints;
        // One thread: runs never overlap, and the iALS solves bring their own pool of settings.threads().
        this.computation = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "murmuration-trainer");
            thread.setDaemon(true);
            return thread;
        });
        this.training = new TrainingRun(settings, input, storage, registry, preparation, ctx.getSystem().scheduler(),
                computation);
        findLastDataEnd();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(TrainNow.class, this::onTrainNow)
                .onMessage(Observe.class, this::onObserve)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(FindLastDataEnd.class, msg -> {
                    findLastDataEnd();
                    return this;
                })
                .onMessage(LastDataEndFound.class, this::onLastDataEndFound)
                .onMessage(LastDataEndUnknown.class, this::onLastDataEndUnknown)
                .onMessage(ScheduleLoaded.class, this::onScheduleLoaded)
                .onMessage(CheckpointDue.class, this::onCheckpointDue)
                .onMessage(CheckpointSaved.class, this::onCheckpointSaved)
                .onMessage(RunSucceeded.class, this::onRunSucceeded)
                .onMessage(RunFailed.class, this::onRunFailed)
                .onSignal(PostStop.class, signal -> release())
                .onSignal(PreRestart.class, signal -> release())
                .build();
    }

    /** The schedule counts from the last version's data end, which the registry keeps across restarts. */
    private void findLastDataEnd() {
        getContext().ask(ModelRegistry.State.class, registry, settings.registryTimeout(), ModelRegistry.GetState::new,
                (state, failure) -> failure == null
                        ? new LastDataEndFound(state.versions().values().stream().map(ModelVersion::dataTo)
                                .filter(at -> at != null).max(Instant::compareTo))
                        : new LastDataEndUnknown(rootMessage(failure)));
    }

    private Behavior<Command> onLastDataEndFound(LastDataEndFound msg) {
        if (following != null) {
            return this;
        }
        msg.lastDataEnd().ifPresent(end -> {
            lastDataEnd = end;
            scheduleFrom = end;
        });
        if (checkpoints == null) {
            follow("its start");
        } else {
            getContext().pipeToSelf(checkpoints.load(CHECKPOINT_VIEW), ScheduleLoaded::new);
        }
        return this;
    }

    /** Resumes the counts of the checkpoint, if one can be read; else counts the whole log once. */
    private Behavior<Command> onScheduleLoaded(ScheduleLoaded msg) {
        if (following != null) {
            return this;
        }
        String from = "its start";
        if (msg.failure() != null) {
            getContext().getLog().warn("Trainer could not load its schedule's checkpoint, counts the whole log: {}",
                    rootMessage(msg.failure()));
        } else if (msg.checkpoint().isPresent()) {
            ViewCheckpoints.Checkpoint checkpoint = msg.checkpoint().get();
            try {
                counts = ScheduleCounts.decode(checkpoint.state(), checkpoint.logOffset(), lastDataEnd);
                from = "its checkpoint of " + checkpoint.takenAt();
            } catch (RuntimeException e) {
                getContext().getLog().warn("Trainer could not read its schedule's checkpoint, counts the whole log", e);
            }
        }
        follow(from);
        timers.startSingleTimer(new CheckpointDue(), settings.checkpointInterval());
        return this;
    }

    private void follow(String from) {
        ActorRef<Command> self = getContext().getSelf();
        following = feed.follow(counts.offset(), positioned -> self.tell(new Observe(positioned.event(), positioned.offset())));
        getContext().getLog().info(
                "Trainer follows the interaction log from {} ({} positive interactions counted, {} of them new), {} ms"
                        + " after its start: retrains after {} new positive interactions or {} of event time"
                        + " past the last data end ({}), with at least {} positive interactions; iALS d={} iterations={}"
                        + " lambda={} alpha={} threads={}; held-out share {}, metrics at {}, auto-promote {}",
                from, counts.positiveInteractions(), counts.newInteractions(), (System.nanoTime() - startedNanos) / 1_000_000,
                settings.everyInteractions(), settings.everyEventTime(), lastDataEnd == null ? "none yet" : lastDataEnd,
                settings.minInteractions(), settings.factors(), settings.iterations(), settings.lambda(), settings.alpha(),
                settings.threads(), settings.heldOutShare(), settings.metricsK(), settings.autoPromote());
    }

    /** Writes the counts with the position they cover when they changed; the next is due an interval after. */
    private Behavior<Command> onCheckpointDue(CheckpointDue msg) {
        if (checkpointing || !counts.changedSinceCheckpoint() || counts.offset() == null) {
            timers.startSingleTimer(new CheckpointDue(), settings.checkpointInterval());
            return this;
        }
        checkpointing = true;
        getContext().pipeToSelf(checkpoints.save(CHECKPOINT_VIEW, counts.encode(lastDataEnd), counts.offset(), Instant.now()),
                (done, failure) -> new CheckpointSaved(failure));
        return this;
    }

    private Behavior<Command> onCheckpointSaved(CheckpointSaved msg) {
        checkpointing = false;
        if (msg.failure() != null) {
            counts.checkpointFailed();
            getContext().getLog().warn("Trainer could not write its schedule's checkpoint, tries again in {}: {}",
                    settings.checkpointInterval(), rootMessage(msg.failure()));
        }
        timers.startSingleTimer(new CheckpointDue(), settings.checkpointInterval());
        return this;
    }

    private Behavior<Command> onLastDataEndUnknown(LastDataEndUnknown msg) {
        getContext().getLog().warn("Trainer could not ask the model registry for the last data end, asks again in {}: {}",
                settings.registryTimeout(), msg.reason());
        timers.startSingleTimer(new FindLastDataEnd(), settings.registryTimeout());
        return this;
    }

    private Behavior<Command> onTrainNow(TrainNow cmd) {
        if (running != null) {
            getContext().getLog().info("Training requested by {} ({}) joins the one running ({})",
                    cmd.requestedBy(), cmd.reason(), running.because());
            running.waiting().add(cmd.replyTo());
            return this;
        }
        start("on demand by " + cmd.requestedBy() + ": " + cmd.reason(), cmd.replyTo());
        return this;
    }

    private Behavior<Command> onObserve(Observe msg) {
        counts.count(msg.interaction(), msg.offset(), lastDataEnd);
        startIfDue();
        return this;
    }

    /** Starts a scheduled training when a trigger holds and the log is big enough; during a run, waits for its end. */
    private void startIfDue() {
        long newInteractions = counts.newInteractions();
        if (running != null || newInteractions == 0 || counts.positiveInteractions() < settings.minInteractions()) {
            return;
        }
        if (newInteractions >= settings.everyInteractions()) {
            start("scheduled: " + newInteractions + " new positive interactions", null);
            return;
        }
        Instant from = scheduleFrom != null ? scheduleFrom : counts.firstEventTime();
        Duration passed = Duration.between(from, counts.latestEventTime());
        if (passed.compareTo(settings.everyEventTime()) >= 0) {
            start("scheduled: event time " + counts.latestEventTime() + " is " + passed + " past " + from, null);
        }
    }

    private void start(String because, ActorRef<StatusReply<TrainingReport>> replyTo) {
        List<ActorRef<StatusReply<TrainingReport>>> waiting = new ArrayList<>();
        if (replyTo != null) {
            waiting.add(replyTo);
        }
        running = new Run(because, waiting, counts.latestEventTime());
        trainingsStarted++;
        counts.trainingStarted();
        getContext().getLog().info("Training started ({}); {} positive interactions seen in the log, latest event time {}",
                because, counts.positiveInteractions(), counts.latestEventTime());
        getContext().pipeToSelf(training.start(), (report, failure) -> failure == null
                ? new RunSucceeded(report)
                : new RunFailed(rootMessage(failure)));
    }

    private Behavior<Command> onRunSucceeded(RunSucceeded msg) {
        TrainingReport report = msg.report();
        if (report.preparationError() != null) {
            getContext().getLog().warn("Model version {} was registered although the item shards could not prepare it: {}",
                    report.versionId(), report.preparationError());
        }
        getContext().getLog().info(String.format(
                "Training finished: version %s on %d interactions (%d users, %d items; data %s to %s, held out from %s)"
                        + " in %.1f s; hr@10 %.4f, popularity %.4f, active %s %.4f; promoted %s, active now %s",
                report.versionId(), report.interactions(), report.users(), report.items(), report.dataFrom(),
                report.dataTo(), report.cutOff(), report.trainingSeconds(), report.metric("hr@10"),
                report.metric("popularity.hr@10"), report.comparedWith(), report.metric("active.hr@10"),
                report.promoted(), report.activeAfter()));
        lastReport = report;
        lastError = null;
        if (lastDataEnd == null || report.dataTo().isAfter(lastDataEnd)) {
            lastDataEnd = report.dataTo();
        }
        scheduleFrom = lastDataEnd;
        finish(StatusReply.success(report));
        return this;
    }

    private Behavior<Command> onRunFailed(RunFailed msg) {
        getContext().getLog().warn("Training failed ({}): {}", running.because(), msg.reason());
        lastError = msg.reason();
        Instant attempted = running.eventTimeAtStart();
        if (attempted != null && (scheduleFrom == null || attempted.isAfter(scheduleFrom))) {
            scheduleFrom = attempted; // a failed training is retried at the next trigger, not at the next event
        }
        finish(StatusReply.error(msg.reason()));
        return this;
    }

    private void finish(StatusReply<TrainingReport> outcome) {
        running.waiting().forEach(replyTo -> replyTo.tell(outcome));
        running = null;
        startIfDue();
    }

    private Behavior<Command> onGetStatus(GetStatus cmd) {
        cmd.replyTo().tell(new TrainerStatus(running != null, running == null ? null : running.because(),
                trainingsStarted, counts.newInteractions(), counts.latestEventTime(), lastDataEnd, lastReport, lastError));
        return this;
    }

    private Behavior<Command> release() {
        if (following != null) {
            following.cancel();
        }
        computation.shutdownNow();
        return this;
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
