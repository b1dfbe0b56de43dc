package io.murmuration.node.drift;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import akka.persistence.typed.javadsl.RetentionCriteria;
import io.murmuration.node.CborSerializable;
import io.murmuration.protocol.DriftAlarm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The cluster's drift monitor, a cluster singleton: the one place where drift alarms are kept, listed and
 * acknowledged, and where the cluster-wide signals are watched. Every user entity tells it, after persisting an
 * interaction, whether the consumed item was in the last list served to that user (a hit) and how surprising the
 * item was; it runs one {@link AdwinDetector} over the hit rate and one over the surprise, and raises a global
 * alarm when either finds a change. User entities also tell it the alarms their own Page-Hinkley test raised.
 *
 * <p>Alarms are events in the journal ({@link AlarmRaised}, {@link AlarmAcknowledged}), so they survive restarts and
 * hand-overs. At most one global alarm per signal is open at a time: while an operator has not acknowledged it, a
 * further change of the same signal raises nothing, so a swinging signal cannot flood the list. The list is bounded
 * ({@link DriftSettings.Alarms#retained()}): past it the oldest acknowledged alarm goes first, then the oldest open one.
 *
 * <p>The ADWIN windows and the traffic figures ({@link Stats}) live in memory only: after a restart or a move to
 * another node they refill from live traffic, which takes a few hundred interactions. Observations are told, never
 * asked, so one lost in a hand-over is simply not counted. Optionally a global alarm starts a training.
 */
public final class DriftMonitor
        extends EventSourcedBehaviorWithEnforcedReplies<DriftMonitor.Command, DriftMonitor.Event, DriftMonitor.State> {

    public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("drift-monitor");

    /** Who is named as having asked for a training after a global alarm. */
    public static final String WHO = "drift monitor";

    public static final String USER = "user";
    public static final String GLOBAL = "global";
    public static final String HIT_RATE = "hit-rate";
    public static final String SURPRISE = "surprise";

    /** Starts a training for the reason given and completes with the new version's id. */
    @FunctionalInterface
    public interface Retraining {
        CompletionStage<String> train(String reason);
    }

    public static Behavior<Command> create(DriftSettings settings, Retraining retraining) {
        return create(settings, retraining, alarm -> {});
    }

    /** As {@link #create(DriftSettings, Retraining)}, telling {@code announce} each new alarm once it is persisted. */
    public static Behavior<Command> create(DriftSettings settings, Retraining retraining, Consumer<Alarm> announce) {
        return Behaviors.setup(ctx -> new DriftMonitor(ctx, settings, retraining, announce));
    }

    // ---- protocol ----

    public sealed interface Command extends CborSerializable
            permits Observe, RaiseUserAlarm, ListAlarms, GetAlarm, Acknowledge, GetStats, RetrainFinished {}

    /**
     * One persisted interaction: {@code hit} is null when no list had been served to the user, {@code surprise}
     * when it could not be measured (no embedding yet, or an item the model version does not know).
     */
    public record Observe(String userId, Boolean hit, Double surprise, Instant at) implements Command {}

    /** A user's own test fired; the user entity has already persisted it. */
    public record RaiseUserAlarm(String alarmId, String userId, Map<String, Double> figures, String modelVersion,
            Instant at, Instant shiftFrom) implements Command {}

    /** Which alarms a listing returns. */
    public enum Status {
        OPEN, ACKNOWLEDGED, ALL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Status> fromWire(String name) {
            return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
        }

        boolean admits(Alarm alarm) {
            return this == ALL || (this == OPEN) == alarm.isOpen();
        }
    }

    /** The alarms of one status, newest first; only those of {@code userId} unless it is null. */
    public record ListAlarms(Status status, String userId, ActorRef<Alarms> replyTo) implements Command {}

    public record Alarms(List<Alarm> alarms) implements CborSerializable {}

    /** The alarm with this id, as a list of one; empty when the monitor keeps no such alarm. */
    public record GetAlarm(String alarmId, ActorRef<Alarms> replyTo) implements Command {}

    public record Acknowledge(String alarmId, String who, String reason, Instant at, ActorRef<AckResult> replyTo)
            implements Command {}

    public sealed interface AckResult extends CborSerializable permits Acknowledged, UnknownAlarm, AlreadyAcknowledged {}

    public record Acknowledged(Alarm alarm) implements AckResult {}

    public record UnknownAlarm(String alarmId) implements AckResult {}

    public record AlreadyAcknowledged(Alarm alarm) implements AckResult {}

    public record GetStats(ActorRef<Stats> replyTo) implements Command {}

    /** One ADWIN detector as it stands: the window's length and mean, and the changes it has found. */
    public record Window(long width, double mean, long detections) implements CborSerializable {}

    /**
     * The monitor's figures since it started on this node ({@code since}): interactions observed, how many followed
     * a served list and how many of those were hits, how many had a surprise; the same over the latest
     * {@code recentWindow} interactions of each kind; each ADWIN window; and the open alarms.
     */
    public record Stats(
            Instant since,
            long interactions,
            long servedListInteractions,
            long hits,
            long surprises,
            int recentWindow,
            int recentServedListInteractions,
            long recentHits,
            double recentHitRate,
            int recentSurprises,
            double recentMeanSurprise,
            Window hitRate,
            Window surprise,
            long openAlarms)
            implements CborSerializable {}

    /** A training started by a global alarm has ended: {@code versionId} on success, {@code failure} otherwise. */
    public record RetrainFinished(String alarmId, String versionId, String failure) implements Command {}

    public sealed interface Event extends CborSerializable permits AlarmRaised, AlarmAcknowledged {}

    public record AlarmRaised(Alarm alarm) implements Event {}

    public record AlarmAcknowledged(String alarmId, String who, String reason, Instant at) implements Event {}

    /**
     * One alarm. {@code userId} is set for scope {@link #USER}; {@code signal} is {@link #HIT_RATE} or
     * {@link #SURPRISE}; {@code figures} are the detector's when it fired; {@code raisedAt} is the event time of the
     * interaction that raised it; {@code shiftFrom}, for a user, the estimated start of the new taste. The three
     * acknowledgement fields are null while the alarm is open.
     */
    public record Alarm(
            String id,
            String scope,
            String userId,
            String signal,
            Map<String, Double> figures,
            String modelVersion,
            Instant raisedAt,
            Instant shiftFrom,
            String acknowledgedBy,
            String acknowledgeReason,
            Instant acknowledgedAt)
            implements CborSerializable {

        public Alarm {
            figures = figures == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        }

        public boolean isOpen() {
            return acknowledgedAt == null;
        }

        /** The alarm as the admin API shows it. */
        public DriftAlarm describe() {
            return new DriftAlarm(id, scope, userId, signal, figures, modelVersion, raisedAt, shiftFrom,
                    isOpen() ? Status.OPEN.wireName() : Status.ACKNOWLEDGED.wireName(), acknowledgedBy,
                    acknowledgeReason, acknowledgedAt);
        }

        Alarm acknowledged(String who, String reason, Instant at) {
            return new Alarm(id, scope, userId, signal, figures, modelVersion, raisedAt, shiftFrom, who, reason, at);
        }
    }

    /**
     * The kept alarms, oldest first, and the number of global alarms ever raised (which numbers their ids).
     * Immutable; each event gives a new state.
     */
    public record State(List<Alarm> alarms, long globalAlarmsRaised) implements CborSerializable {

        static final State EMPTY = new State(List.of(), 0);

        public State {
            alarms = List.copyOf(alarms);
        }

        public Optional<Alarm> find(String alarmId) {
            return alarms.stream().filter(a -> a.id().equals(alarmId)).findFirst();
        }

        /** The open global alarm on {@code signal}, if any. */
        public Optional<Alarm> openGlobal(String signal) {
            return alarms.stream().filter(a -> a.isOpen() && GLOBAL.equals(a.scope()) && signal.equals(a.signal())).findFirst();
        }

        public long openCount() {
            return alarms.stream().filter(Alarm::isOpen).count();
        }

        State with(Event event, int retained) {
            if (event instanceof AlarmRaised raised) {
                List<Alarm> more = new ArrayList<>(alarms);
                more.add(raised.alarm());
                while (more.size() > retained) {
                    int oldestAcknowledged = indexOfFirstAcknowledged(more);
                    more.remove(oldestAcknowledged >= 0 ? oldestAcknowledged : 0);
                }
                long global = GLOBAL.equals(raised.alarm().scope()) ? globalAlarmsRaised + 1 : globalAlarmsRaised;
                return new State(more, global);
            }
            AlarmAcknowledged ack = (AlarmAcknowledged) event;
            List<Alarm> updated = new ArrayList<>(alarms.size());
            for (Alarm a : alarms) {
                updated.add(a.id().equals(ack.alarmId()) ? a.acknowledged(ack.who(), ack.reason(), ack.at()) : a);
            }
            return new State(updated, globalAlarmsRaised);
        }

        private static int indexOfFirstAcknowledged(List<Alarm> alarms) {
            for (int i = 0; i < alarms.size(); i++) {
                if (!alarms.get(i).isOpen()) {
                    return i;
                }
            }
            return -1;
        }
    }

    // ---- behaviour ----

    private final ActorContext<Command> ctx;
    private final DriftSettings settings;
    private final Retraining retraining;
    private final Consumer<Alarm> announce;
    // Live-traffic figures, not persisted: they refill after a restart (see the class comment).
    private final Instant since = Instant.now();
    private final AdwinDetector hitRate;
    private final AdwinDetector surprise;
    private final SlidingMean recentHits;
    private final SlidingMean recentSurprise;
    private long interactions;
    private long served;
    private long hits;
    private long surprises;

    private DriftMonitor(ActorContext<Command> ctx, DriftSettings settings, Retraining retraining, Consumer<Alarm> announce) {
        super(PERSISTENCE_ID);
        this.ctx = ctx;
        this.settings = settings;
        this.retraining = retraining;
        this.announce = announce;
        this.hitRate = settings.global().detector();
        this.surprise = settings.global().detector();
        this.recentHits = new SlidingMean(settings.global().statsWindow());
        this.recentSurprise = new SlidingMean(settings.global().statsWindow());
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder()
                .forAnyState()
                .onCommand(Observe.class, this::onObserve)
                .onCommand(RaiseUserAlarm.class, this::onUserAlarm)
                .onCommand(ListAlarms.class, this::onList)
                .onCommand(GetAlarm.class, (state, cmd) ->
                        Effect().reply(cmd.replyTo(), new Alarms(state.find(cmd.alarmId()).stream().toList())))
                .onCommand(Acknowledge.class, this::onAcknowledge)
                .onCommand(GetStats.class, (state, cmd) -> Effect().reply(cmd.replyTo(), stats(state)))
                .onCommand(RetrainFinished.class, this::onRetrainFinished)
                .build();
    }

    private ReplyEffect<Event, State> onObserve(State state, Observe o) {
        interactions++;
        List<Event> raised = new ArrayList<>(2);
        if (o.hit() != null) {
            served++;
            double x = o.hit() ? 1.0 : 0.0;
            if (o.hit()) {
                hits++;
            }
            recentHits.add(x);
            watch(hitRate, x, HIT_RATE, state, o.at(), raised);
        }
        // A surprise is a share in [0, 1]; anything else measures nothing, and the detector would refuse it.
        if (o.surprise() != null && o.surprise() >= 0.0 && o.surprise() <= 1.0) {
            surprises++;
            recentSurprise.add(o.surprise());
            watch(surprise, o.surprise(), SURPRISE, state, o.at(), raised);
        }
        if (raised.isEmpty()) {
            return Effect().noReply();
        }
        return Effect().persist(raised)
                .thenRun(s -> raised.forEach(e -> {
                    announce.accept(((AlarmRaised) e).alarm());
                    afterGlobalAlarm(((AlarmRaised) e).alarm());
                }))
                .thenNoReply();
    }

    /** Feeds one detector and, if it finds a change while its signal has no open alarm, adds a global alarm. */
    private void watch(AdwinDetector detector, double x, String signal, State state, Instant at, List<Event> raised) {
        double meanBefore = detector.mean();
        long widthBefore = detector.width();
        if (detector.observe(x) && state.openGlobal(signal).isEmpty()) {
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("meanBefore", meanBefore);
            figures.put("widthBefore", (double) widthBefore);
            figures.put("meanAfter", detector.mean());
            figures.put("widthAfter", (double) detector.width());
            String id = GLOBAL + "-" + signal + "-" + (state.globalAlarmsRaised() + raised.size() + 1);
            raised.add(new AlarmRaised(new Alarm(id, GLOBAL, null, signal, figures, null, at, null, null, null, null)));
        }
    }

    private void afterGlobalAlarm(Alarm alarm) {
        ctx.getLog().warn("Drift alarm {}: the cluster's {} changed from {} (over {} interactions) to {} (over {})",
                alarm.id(), alarm.signal(), round(alarm.figures().get("meanBefore")),
                alarm.figures().get("widthBefore").longValue(), round(alarm.figures().get("meanAfter")),
                alarm.figures().get("widthAfter").longValue());
        if (!settings.global().retrainOnAlarm()) {
            return;
        }
        String reason = "drift alarm " + alarm.id() + ": " + alarm.signal() + " changed from "
                + round(alarm.figures().get("meanBefore")) + " to " + round(alarm.figures().get("meanAfter"));
        CompletionStage<String> training;
        try {
            training = retraining.train(reason);
        } catch (RuntimeException e) {
            training = CompletableFuture.failedFuture(e);
        }
        ctx.pipeToSelf(training, (versionId, failure) -> new RetrainFinished(alarm.id(), versionId,
                failure == null ? null : String.valueOf(failure.getMessage())));
    }

    private ReplyEffect<Event, State> onRetrainFinished(State state, RetrainFinished done) {
        if (done.failure() == null) {
            ctx.getLog().info("Training after drift alarm {} produced version {}", done.alarmId(), done.versionId());
        } else {
            ctx.getLog().warn("Training after drift alarm {} failed: {}", done.alarmId(), done.failure());
        }
        return Effect().noReply();
    }

    private ReplyEffect<Event, State> onUserAlarm(State state, RaiseUserAlarm cmd) {
        if (state.find(cmd.alarmId()).isPresent()) {
            return Effect().noReply();
        }
        ctx.getLog().info("Drift alarm {}: user {} changed taste (from about {})", cmd.alarmId(), cmd.userId(),
                cmd.shiftFrom());
        Alarm alarm = new Alarm(cmd.alarmId(), USER, cmd.userId(), SURPRISE, cmd.figures(), cmd.modelVersion(), cmd.at(),
                cmd.shiftFrom(), null, null, null);
        return Effect().persist(new AlarmRaised(alarm)).thenRun(s -> announce.accept(alarm)).thenNoReply();
    }

    private ReplyEffect<Event, State> onList(State state, ListAlarms cmd) {
        List<Alarm> matching = new ArrayList<>();
        for (int i = state.alarms().size() - 1; i >= 0; i--) {
            Alarm a = state.alarms().get(i);
            if (cmd.status().admits(a) && (cmd.userId() == null || cmd.userId().equals(a.userId()))) {
                matching.add(a);
            }
        }
        return Effect().reply(cmd.replyTo(), new Alarms(matching));
    }

    private ReplyEffect<Event, State> onAcknowledge(State state, Acknowledge cmd) {
        Optional<Alarm> alarm = state.find(cmd.alarmId());
        if (alarm.isEmpty()) {
            return Effect().reply(cmd.replyTo(), new UnknownAlarm(cmd.alarmId()));
        }
        if (!alarm.get().isOpen()) {
            return Effect().reply(cmd.replyTo(), new AlreadyAcknowledged(alarm.get()));
        }
        return Effect()
                .persist(new AlarmAcknowledged(cmd.alarmId(), cmd.who(), cmd.reason(), cmd.at()))
                .thenReply(cmd.replyTo(), s -> new Acknowledged(s.find(cmd.alarmId()).orElseThrow()));
    }

    private Stats stats(State state) {
        return new Stats(since, interactions, served, hits, surprises, settings.global().statsWindow(),
                recentHits.count(), Math.round(recentHits.sum()), recentHits.mean(), recentSurprise.count(),
                recentSurprise.mean(), window(hitRate), window(surprise), state.openCount());
    }

    private static Window window(AdwinDetector detector) {
        return new Window(detector.width(), detector.mean(), detector.detections());
    }

    private static String round(Double x) {
        return x == null ? "?" : String.format(Locale.ROOT, "%.3f", x);
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        int retained = settings.alarms().retained();
        return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> state.with(event, retained));
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(settings.alarms().snapshotEvery(), 2);
    }
}
