package io.murmuration.node.model;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.pattern.StatusReply;
import io.murmuration.node.item.ItemShard;
import io.murmuration.node.model.training.Trainer;
import io.murmuration.node.model.versions.ModelRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The operations on model versions, in the order that keeps serving correct: an activation first has every item
 * shard build the version's index, then records it in the registry, then swaps the shards, so no request meets a
 * shard without the index it needs; a rollback swaps back to the index the shards kept. Shards that miss a swap
 * (restarted, or unreachable just then) catch up from the registry on their own. Used by the admin API and tests.
 */
public final class ModelControl {

    private final ActorSystem<?> system;
    private final ActorRef<ModelRegistry.Command> registry;
    private final ActorRef<Trainer.Command> trainer;
    private final ClusterSharding sharding;
    private final int shards;
    private final Duration timeout;

    public ModelControl(ActorSystem<?> system, ActorRef<ModelRegistry.Command> registry, ActorRef<Trainer.Command> trainer,
            int shards, Duration timeout) {
        this.system = system;
        this.registry = registry;
        this.trainer = trainer;
        this.sharding = ClusterSharding.get(system);
        this.shards = shards;
        this.timeout = timeout;
    }

    public CompletionStage<ModelRegistry.State> state() {
        return AskPattern.ask(registry, ModelRegistry.GetState::new, timeout, system.scheduler());
    }

    /** Trains a new version now; it is registered, and promoted if it beats the active one. */
    public CompletionStage<Trainer.TrainingReport> train(String who, String reason, Duration trainingTimeout) {
        return AskPattern.<Trainer.Command, StatusReply<Trainer.TrainingReport>>ask(
                        trainer, replyTo -> new Trainer.TrainNow(who, reason, replyTo), trainingTimeout, system.scheduler())
                .thenApply(StatusReply::getValue);
    }

    /** Has every shard build the version's index: what the trainer does before registering a version. */
    public CompletionStage<Done> prepare(String versionId, Duration buildTimeout) {
        return onEveryShard(replyTo -> new ItemShard.Prepare(versionId, replyTo), buildTimeout);
    }

    public CompletionStage<ModelRegistry.State> activate(String versionId, String who, String reason, Duration buildTimeout) {
        return prepare(versionId, buildTimeout)
                .thenCompose(prepared -> AskPattern.<ModelRegistry.Command, StatusReply<ModelRegistry.State>>ask(
                        registry, replyTo -> new ModelRegistry.Activate(versionId, who, reason, Instant.now(), replyTo),
                        timeout, system.scheduler()))
                .thenApply(StatusReply::getValue)
                .thenCompose(state -> swapShards(versionId).thenApply(done -> state));
    }

    public CompletionStage<ModelRegistry.State> rollback(String who, String reason) {
        return AskPattern.<ModelRegistry.Command, StatusReply<ModelRegistry.State>>ask(
                        registry, replyTo -> new ModelRegistry.Rollback(who, reason, Instant.now(), replyTo), timeout,
                        system.scheduler())
                .thenApply(StatusReply::getValue)
                .thenCompose(state -> swapShards(state.active().orElseThrow()).thenApply(done -> state));
    }

    /** Which version each shard serves, shard 0 first. */
    public CompletionStage<List<ItemShard.Serving>> serving() {
        List<CompletableFuture<ItemShard.Serving>> asks = new ArrayList<>();
        for (String shard : ItemShard.entityIds(shards)) {
            asks.add(sharding.entityRefFor(ItemShard.TYPE_KEY, shard)
                    .ask(ItemShard.GetServing::new, timeout).toCompletableFuture());
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
                .thenApply(done -> asks.stream().map(CompletableFuture::join).toList());
    }

    private CompletionStage<Done> swapShards(String versionId) {
        return onEveryShard(replyTo -> new ItemShard.Activate(versionId, replyTo), timeout);
    }

    private CompletionStage<Done> onEveryShard(
            akka.japi.function.Function<ActorRef<StatusReply<Done>>, ItemShard.Command> command, Duration within) {
        List<CompletableFuture<Done>> asks = new ArrayList<>();
        for (String shard : ItemShard.entityIds(shards)) {
            asks.add(sharding.entityRefFor(ItemShard.TYPE_KEY, shard)
                    .<StatusReply<Done>>ask(command, within)
                    .thenApply(StatusReply::getValue)
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(done -> Done.getInstance());
    }
}
