package io.murmuration.node.ingest;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.japi.Pair;
import akka.stream.UniqueKillSwitch;
import io.murmuration.node.Settings;
import io.murmuration.node.ops.NodeStats;
import io.murmuration.node.ops.Operations;
import io.murmuration.node.user.UserEntity;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.ParseResult;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The ingest stream: every node consumes its share of the {@code interactions} partitions, validates each
 * record, hands valid ones to their user's entity and invalid ones to the dead-letter topic, and commits an
 * offset only once its record is persisted or dead-lettered. Any failure (Cassandra or Kafka unavailable)
 * restarts the stream from the last committed offset after a back-off: records are retried, never skipped,
 * and the entities' event-id dedupe turns the retries into effectively-once.
 */
public final class InteractionIngest {

    private final ActorSystem<?> system;
    private final Settings settings;
    private final InteractionEventCodec codec;
    private final DeadLetters deadLetters;
    private final ClusterSharding sharding;
    private final NodeStats stats;

    public InteractionIngest(ActorSystem<?> system, Settings settings, InteractionEventCodec codec, DeadLetters deadLetters) {
        this.system = system;
        this.settings = settings;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.sharding = ClusterSharding.get(system);
        this.stats = Operations.get(system).stats();
    }

    /** Starts consuming; the returned switch stops the stream (used on shutdown). */
    public Pair<UniqueKillSwitch, CompletionStage<Done>> start() {
        return CommittingConsumer.run(
                system, settings, settings.interactionsTopic(), settings.consumerGroup(), settings.ingestParallelism(), this::handle);
    }

    private CompletionStage<?> handle(ConsumerRecord<String, byte[]> record) {
        ParseResult parsed = codec.parse(record.value() == null ? new byte[0] : record.value());
        if (parsed instanceof ParseResult.Valid valid) {
            return sharding
                    .entityRefFor(UserEntity.TYPE_KEY, valid.event().userId())
                    .<UserEntity.RecordResult>ask(
                            replyTo -> new UserEntity.RecordInteraction(valid.event(), replyTo), settings.ingestAskTimeout())
                    .thenApply(result -> stats.ingested(result, result instanceof UserEntity.AlreadyRecorded));
        }
        return deadLetters.send(record, ((ParseResult.Invalid) parsed).error()).thenApply(stats::deadLettered);
    }
}
