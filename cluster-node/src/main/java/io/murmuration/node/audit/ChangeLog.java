package io.murmuration.node.audit;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.pattern.StatusReply;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import akka.persistence.typed.javadsl.RetentionCriteria;
import io.murmuration.node.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The audit trail of every change made through the admin API: who asked (the admin token's name), what (an action
 * and its target), when, why, and how it ended. Event-sourced and run as a cluster singleton, so the trail survives
 * restarts and every node records into the same one. A change is recorded before it runs ({@link Begin}) and
 * concluded when its outcome is known ({@link Conclude}): a change under way, or one whose node stopped during it,
 * shows as pending rather than not at all. A change refused before it could begin (no permission, a bad request)
 * is recorded already concluded ({@link RecordRefusal}).
 *
 * <p>The state keeps the {@code retained} most recent changes, for listing, and is snapshotted every
 * {@code snapshotEvery} events so recovery reads a bounded tail; the journal keeps every change.
 */
public final class ChangeLog
        extends EventSourcedBehaviorWithEnforcedReplies<ChangeLog.Command, ChangeLog.Event, ChangeLog.State> {

    public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("admin-change-log");

    public static Behavior<Command> create(int retained, int snapshotEvery) {
        if (retained <= 0 || snapshotEvery <= 0) {
            throw new IllegalArgumentException("retained and snapshotEvery must be positive");
        }
        return Behaviors.setup(ctx -> new ChangeLog(retained, snapshotEvery));
    }

    // ---- protocol ----

    public sealed interface Command extends CborSerializable permits Begin, Conclude, RecordRefusal, GetPage {}

    /** Records a change about to run; the reply is its entry, pending, whose id {@link Conclude} names. */
    public record Begin(String who, String action, String target, String reason, Instant at,
            ActorRef<StatusReply<Entry>> replyTo) implements Command {}

    /** Records how the change {@code id} ended: {@code result} when accepted, {@code error} otherwise. */
    public record Conclude(long id, Outcome outcome, String result, String error, Instant at,
            ActorRef<StatusReply<Entry>> replyTo) implements Command {}

    /** Records a change refused before it could begin, with the error its caller was given. */
    public record RecordRefusal(String who, String action, String target, String reason, String error, Instant at,
            ActorRef<StatusReply<Entry>> replyTo) implements Command {}

    /** Asks for up to {@code limit} changes older than {@code before} (all when null), newest first. */
    public record GetPage(int limit, Long before, ActorRef<Page> replyTo) implements Command {}

    public sealed interface Event extends CborSerializable permits Requested, Concluded {}

    public record Requested(long id, String who, String action, String target, String reason, Instant at) implements Event {}

    public record Concluded(long id, Outcome outcome, String result, String error, Instant at) implements Event {}

    /** How a change ended; pending until it did. */
    public enum Outcome {
        PENDING, ACCEPTED, REFUSED, FAILED;

        public String wireName() {
            return name().toLowerCase();
        }
    }

    /** One change as the trail shows it; see {@link io.murmuration.protocol.AuditEntry} for the fields. */
    public record Entry(long id, String who, String action, String target, String reason, Instant requestedAt,
            Outcome outcome, String result, String error, Instant concludedAt) implements CborSerializable {

        Entry concluded(Concluded c) {
            return new Entry(id, who, action, target, reason, requestedAt, c.outcome(), c.result(), c.error(), c.at());
        }
    }

    /**
     * Changes newest first, and the {@code before} of the next, older page; null when there is none.
     */
    public record Page(List<Entry> entries, Long nextBefore) implements CborSerializable {
        public Page {
            entries = List.copyOf(entries);
        }
    }

    /**
     * The id the next change gets and the most recent changes, oldest first. Immutable; each event gives a new state.
     */
    public record State(long nextId, List<Entry> entries) implements CborSerializable {

        static final State EMPTY = new State(1, List.of());

        public State {
            entries = List.copyOf(entries);
        }

        public Optional<Entry> find(long id) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (entries.get(i).id() == id) return Optional.of(entries.get(i));
            }
            return Optional.empty();
        }

        public Page page(int limit, Long before) {
            List<Entry> newestFirst = new ArrayList<>();
            int i = entries.size() - 1;
            while (i >= 0 && before != null && entries.get(i).id() >= before) i--;
            for (; i >= 0 && newestFirst.size() < limit; i--) newestFirst.add(entries.get(i));
            boolean older = i >= 0 && !newestFirst.isEmpty();
            return new Page(newestFirst, older ? newestFirst.get(newestFirst.size() - 1).id() : null);
        }

        State with(Event event, int retained) {
            if (event instanceof Requested r) {
                List<Entry> more = new ArrayList<>(entries.size() + 1);
                more.addAll(entries.subList(Math.max(0, entries.size() + 1 - retained), entries.size()));
                more.add(new Entry(r.id(), r.who(), r.action(), r.target(), r.reason(), r.at(), Outcome.PENDING,
                        null, null, null));
                return new State(r.id() + 1, more);
            }
            Concluded c = (Concluded) event;
            List<Entry> updated = new ArrayList<>(entries);
            for (int i = updated.size() - 1; i >= 0; i--) {
                if (updated.get(i).id() == c.id()) {
                    updated.set(i, updated.get(i).concluded(c));
                    return new State(nextId, updated);
                }
            }
            return this; // concluded after it left the retained window: the journal has it
        }
    }

    // ---- behaviour ----

    private final int retained;
    private final int snapshotEvery;

    private ChangeLog(int retained, int snapshotEvery) {
        super(PERSISTENCE_ID);
        this.retained = retained;
        this.snapshotEvery = snapshotEvery;
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder()
                .forAnyState()
                .onCommand(Begin.class, this::onBegin)
                .onCommand(Conclude.class, this::onConclude)
                .onCommand(RecordRefusal.class, this::onRecordRefusal)
                .onCommand(GetPage.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
                        state.page(Math.max(1, cmd.limit()), cmd.before())))
                .build();
    }

    private ReplyEffect<Event, State> onBegin(State state, Begin cmd) {
        long id = state.nextId();
        return Effect()
                .persist(new Requested(id, cmd.who(), cmd.action(), cmd.target(), cmd.reason(), cmd.at()))
                .thenReply(cmd.replyTo(), s -> StatusReply.success(s.find(id).orElseThrow()));
    }

    private ReplyEffect<Event, State> onConclude(State state, Conclude cmd) {
        if (cmd.outcome() == Outcome.PENDING) {
            return Effect().reply(cmd.replyTo(), StatusReply.error("a change is concluded as accepted, refused or failed"));
        }
        if (cmd.id() <= 0 || cmd.id() >= state.nextId()) {
            return Effect().reply(cmd.replyTo(), StatusReply.error("no change " + cmd.id()));
        }
        Optional<Entry> entry = state.find(cmd.id());
        if (entry.isPresent() && entry.get().outcome() != Outcome.PENDING) {
            return Effect().reply(cmd.replyTo(), StatusReply.error("change " + cmd.id() + " is already concluded"));
        }
        Concluded concluded = new Concluded(cmd.id(), cmd.outcome(), cmd.result(), cmd.error(), cmd.at());
        // A change that left the retained window is still concluded in the journal; the reply rebuilds its entry's end.
        return Effect()
                .persist(concluded)
                .thenReply(cmd.replyTo(), s -> StatusReply.success(s.find(cmd.id()).orElseGet(() ->
                        new Entry(cmd.id(), null, null, null, null, null, cmd.outcome(), cmd.result(), cmd.error(), cmd.at()))));
    }

    private ReplyEffect<Event, State> onRecordRefusal(State state, RecordRefusal cmd) {
        long id = state.nextId();
        return Effect()
                .persist(List.of(
                        new Requested(id, cmd.who(), cmd.action(), cmd.target(), cmd.reason(), cmd.at()),
                        new Concluded(id, Outcome.REFUSED, null, cmd.error(), cmd.at())))
                .thenReply(cmd.replyTo(), s -> StatusReply.success(s.find(id).orElseThrow()));
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> state.with(event, retained));
    }
}
