package io.murmuration.node.ops;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.node.model.versions.ModelVersion;
import io.murmuration.protocol.ModelRegistryEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Publishes the model registry's changes as {@code model} events: every newly registered version, activation and
 * rollback. It asks the registry for its state every {@code interval} and publishes what is new since the previous
 * answer; the first answer is only the baseline, so a node's start does not replay the registry's history.
 */
final class ModelWatcher {

    static final String EVENT_TYPE = "model";
    static final String REGISTERED = "registered";

    sealed interface Command permits Poll, Answer, NoAnswer {}

    private record Poll() implements Command {}

    private record Answer(ModelRegistry.State state) implements Command {}

    /** The registry did not answer (starting, or moving to another node); the next poll asks again. */
    private record NoAnswer() implements Command {}

    private ModelWatcher() {}

    static Behavior<Command> create(ActorRef<ModelRegistry.Command> registry, OperationsEvents events, Duration interval) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(new Poll(), Duration.ZERO, interval);
            Seen seen = new Seen();
            return Behaviors.receive(Command.class)
                    .onMessage(Poll.class, p -> {
                        ctx.ask(ModelRegistry.State.class, registry, interval, ModelRegistry.GetState::new,
                                (state, failure) -> state == null ? new NoAnswer() : new Answer(state));
                        return Behaviors.same();
                    })
                    .onMessage(Answer.class, a -> {
                        seen.publishNew(a.state(), events);
                        return Behaviors.same();
                    })
                    .onMessage(NoAnswer.class, n -> Behaviors.same())
                    .build();
        }));
    }

    /** What the previous answers held: the versions and how many changes. Only the actor touches it. */
    private static final class Seen {
        private Set<String> versions;
        private int changes;

        void publishNew(ModelRegistry.State state, OperationsEvents events) {
            if (versions != null && state.changes().size() >= changes) {
                for (ModelVersion v : state.versions().values()) {
                    if (!versions.contains(v.id())) {
                        events.publish(EVENT_TYPE, new ModelRegistryEvent(REGISTERED, v.id(), null, null, v.registeredAt()));
                    }
                }
                for (ModelRegistry.Change c : state.changes().subList(changes, state.changes().size())) {
                    events.publish(EVENT_TYPE, new ModelRegistryEvent(c.kind(), c.versionId(), c.who(), c.reason(), c.at()));
                }
            }
            versions = new HashSet<>(state.versions().keySet());
            changes = state.changes().size();
        }
    }
}
