package io.murmuration.node.model.serving;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.node.model.versions.ModelStore.StoredFactors;
import io.murmuration.node.model.versions.ModelVersion;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Keeps this node's {@link ActiveModel} on the version the registry says is active: asks the registry every
 * {@code pollInterval}, and when the answer changes loads that version's factors from the model store and
 * swaps them in. Polling (instead of a subscription) also covers a node that starts, or a registry that moves,
 * after the activation happened.
 */
public final class ActiveModelFollower {

    public sealed interface Command permits Poll, Registry, NoAnswer, Loaded, LoadFailed {}

    private record Poll() implements Command {}

    private record Registry(ModelRegistry.State state) implements Command {}

    /** The registry did not answer in time (it may be starting or moving); the next poll asks again. */
    private record NoAnswer() implements Command {}

    private record Loaded(ServingModel model) implements Command {}

    private record LoadFailed(String versionId, Throwable failure) implements Command {}

    private ActiveModelFollower() {}

    public static Behavior<Command> create(
            ActorRef<ModelRegistry.Command> registry,
            Function<String, CompletionStage<Optional<StoredFactors>>> factors,
            ActiveModel active,
            Duration pollInterval) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(new Poll(), Duration.ZERO, pollInterval);
            return following(ctx, registry, factors, active, pollInterval, null);
        }));
    }

    /** {@code loading} is the version being loaded now, so a slow load is not started twice. */
    private static Behavior<Command> following(
            ActorContext<Command> ctx,
            ActorRef<ModelRegistry.Command> registry,
            Function<String, CompletionStage<Optional<StoredFactors>>> factors,
            ActiveModel active,
            Duration pollInterval,
            String loading) {
        return Behaviors.receive(Command.class)
                .onMessage(Poll.class, p -> {
                    ctx.ask(ModelRegistry.State.class, registry, pollInterval, ModelRegistry.GetState::new,
                            (state, failure) -> state == null ? new NoAnswer() : new Registry(state));
                    return Behaviors.same();
                })
                .onMessage(Registry.class, msg -> {
                    Optional<String> wanted = msg.state().active();
                    String serving = active.current().map(ServingModel::versionId).orElse(null);
                    if (wanted.isEmpty()) {
                        if (serving != null) {
                            active.clear();
                        }
                        return Behaviors.same();
                    }
                    String version = wanted.get();
                    if (version.equals(serving) || version.equals(loading)) {
                        return Behaviors.same();
                    }
                    ModelVersion meta = msg.state().versions().get(version);
                    double lambda = meta.parameters().getOrDefault("lambda", 1.0);
                    double alpha = meta.parameters().getOrDefault("alpha", 1.0);
                    ctx.pipeToSelf(factors.apply(version), (stored, failure) -> {
                        if (failure != null) return new LoadFailed(version, failure);
                        if (stored.isEmpty()) {
                            return new LoadFailed(version, new IllegalStateException("not in the model store"));
                        }
                        return new Loaded(ServingModel.of(stored.get(), lambda, alpha));
                    });
                    return following(ctx, registry, factors, active, pollInterval, version);
                })
                .onMessage(NoAnswer.class, msg -> Behaviors.same())
                .onMessage(Loaded.class, msg -> {
                    active.serve(msg.model());
                    ctx.getLog().info("This node serves model version {} ({} items, d = {})", msg.model().versionId(),
                            msg.model().items(), msg.model().dimension());
                    return following(ctx, registry, factors, active, pollInterval, null);
                })
                .onMessage(LoadFailed.class, msg -> {
                    ctx.getLog().warn("Could not load model version {}; will try again: {}", msg.versionId(),
                            msg.failure().getMessage());
                    return following(ctx, registry, factors, active, pollInterval, null);
                })
                .build();
    }
}
