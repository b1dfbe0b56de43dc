package io.murmuration.node.model.versions;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.pattern.StatusReply;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import io.murmuration.node.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of model versions, event-sourced so that which version was active when — and who changed
 * it, and why — survives restarts and can be read back for an audit. Versions are registered by the
 * trainer; a registration may ask for automatic promotion, which happens only when the new version beats
 * the active one on the held-out slice. Activation keeps a history, so a rollback returns to the version
 * that was active before the current one.
 */
public final class ModelRegistry
        extends EventSourcedBehaviorWithEnforcedReplies<ModelRegistry.Command, ModelRegistry.Event, ModelRegistry.State> {

    public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("model-registry");

    /** Who is named as the actor of an automatic promotion. */
    public static final String AUTOMATIC = "automatic promotion";

    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> new ModelRegistry());
    }

    // ---- protocol ----

    public sealed interface Command extends CborSerializable permits Register, Activate, Rollback, GetState {}

    /** Registers a trained version; with {@code autoPromote} it becomes active if it beats the active one. */
    public record Register(ModelVersion version, boolean autoPromote, ActorRef<StatusReply<State>> replyTo)
            implements Command {}

    public record Activate(String versionId, String who, String reason, Instant at, ActorRef<StatusReply<State>> replyTo)
            implements Command {}

    /** Makes the previously active version active again. */
    public record Rollback(String who, String reason, Instant at, ActorRef<StatusReply<State>> replyTo)
            implements Command {}

    public record GetState(ActorRef<State> replyTo) implements Command {}

    public sealed interface Event extends CborSerializable permits Registered, Activated, RolledBack {}

    public record Registered(ModelVersion version) implements Event {}

    public record Activated(String versionId, String who, String reason, Instant at) implements Event {}

    public record RolledBack(String from, String to, String who, String reason, Instant at) implements Event {}

    /** One change of the active version, for the audit trail. */
    public record Change(String kind, String versionId, String who, String reason, Instant at)
            implements CborSerializable {}

    /**
     * The registry's state: every version in registration order, the activation stack (the active version
     * last) and the change log. Immutable; each event gives a new state.
     */
    public record State(Map<String, ModelVersion> versions, List<String> activations, List<Change> changes)
            implements CborSerializable {

        static final State EMPTY = new State(Map.of(), List.of(), List.of());

        public State {
            versions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(versions));
            activations = List.copyOf(activations);
            changes = List.copyOf(changes);
        }

        public Optional<String> active() {
            return activations.isEmpty() ? Optional.empty() : Optional.of(activations.get(activations.size() - 1));
        }

        /** The version a rollback would return to. */
        public Optional<String> previous() {
            return activations.size() < 2 ? Optional.empty() : Optional.of(activations.get(activations.size() - 2));
        }

        State with(Event event) {
            if (event instanceof Registered r) {
                Map<String, ModelVersion> more = new LinkedHashMap<>(versions);
                more.put(r.version().id(), r.version());
                return new State(more, activations, changes);
            }
            if (event instanceof Activated a) {
                List<String> stack = new ArrayList<>(activations);
                stack.add(a.versionId());
                return new State(versions, stack, append(new Change("activated", a.versionId(), a.who(), a.reason(), a.at())));
            }
            RolledBack rb = (RolledBack) event;
            List<String> stack = new ArrayList<>(activations.subList(0, activations.size() - 1));
            return new State(versions, stack, append(new Change("rolled back", rb.to(), rb.who(), rb.reason(), rb.at())));
        }

        private List<Change> append(Change change) {
            List<Change> more = new ArrayList<>(changes);
            more.add(change);
            return more;
        }
    }

    // ---- behaviour ----

    private ModelRegistry() {
        super(PERSISTENCE_ID);
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder()
                .forAnyState()
                .onCommand(Register.class, this::onRegister)
                .onCommand(Activate.class, this::onActivate)
                .onCommand(Rollback.class, this::onRollback)
                .onCommand(GetState.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
                .build();
    }

    private ReplyEffect<Event, State> onRegister(State state, Register cmd) {
        ModelVersion candidate = cmd.version();
        if (state.versions().containsKey(candidate.id())) {
            return Effect().reply(cmd.replyTo(), StatusReply.error("version " + candidate.id() + " is already registered"));
        }
        List<Event> events = new ArrayList<>();
        events.add(new Registered(candidate));
        if (cmd.autoPromote()) {
            Optional<ModelVersion> active = state.active().map(state.versions()::get);
            if (PromotionPolicy.shouldPromote(candidate, active)) {
                String reason = PromotionPolicy.explain(candidate, active);
                events.add(new Activated(candidate.id(), AUTOMATIC, reason, candidate.registeredAt()));
            }
        }
        return Effect().persist(events).thenReply(cmd.replyTo(), StatusReply::success);
    }

    private ReplyEffect<Event, State> onActivate(State state, Activate cmd) {
        if (!state.versions().containsKey(cmd.versionId())) {
            return Effect().reply(cmd.replyTo(), StatusReply.error("no model version " + cmd.versionId()));
        }
        if (state.active().filter(cmd.versionId()::equals).isPresent()) {
            return Effect().reply(cmd.replyTo(), StatusReply.error("version " + cmd.versionId() + " is already active"));
        }
        return Effect()
                .persist(new Activated(cmd.versionId(), cmd.who(), cmd.reason(), cmd.at()))
                .thenReply(cmd.replyTo(), StatusReply::success);
    }

    private ReplyEffect<Event, State> onRollback(State state, Rollback cmd) {
        Optional<String> previous = state.previous();
        if (previous.isEmpty()) {
            return Effect().reply(cmd.replyTo(), StatusReply.error("there is no previously active version to roll back to"));
        }
        return Effect()
                .persist(new RolledBack(state.active().orElseThrow(), previous.get(), cmd.who(), cmd.reason(), cmd.at()))
                .thenReply(cmd.replyTo(), StatusReply::success);
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(State::with);
    }
}
