package io.murmuration.node.ingest;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.japi.Pair;
import akka.kafka.ConsumerSettings;
import akka.persistence.cassandra.healthcheck.CassandraHealthCheck;
import akka.stream.KillSwitch;
import io.murmuration.node.Settings;
import io.murmuration.node.cluster.UserShardPlacement;
import io.murmuration.node.ops.NodeStats;
import io.murmuration.node.ops.Operations;
import io.murmuration.node.user.UserEntity;
import io.murmuration.protocol.FieldError;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.ParseResult;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.FutureConverters;

/**
 * The ingest stream: every node consumes its share of the {@code interactions} partitions, validates each
 * record, hands valid ones to their user's entity and invalid ones to the dead-letter topic, and commits an
 * offset only once its record is persisted or dead-lettered.
 *
 * <p>Two kinds of failure are told apart. An <em>outage</em> — the journal's Cassandra does not answer its health
 * check, or Kafka fails — restarts the stream from the last committed offset after a back-off: records are retried,
 * never skipped, and the entities' event-id dedupe turns the retries into effectively-once. A <em>poison record</em>
 * — one whose handling fails while Cassandra answers (its entity refuses it, or does not answer in time) — is tried
 * {@code murmuration.ingest.poison-attempts} times with a growing pause, then goes to the dead-letter topic with the
 * failure as the reason, and the stream moves on: one record can never stall its partition.
 */
public final class InteractionIngest {

    private static final Logger log = LoggerFactory.getLogger(InteractionIngest.class);

    /** The dead-letter field of a poison record: nothing in it broke a wire rule, its handling failed. */
    static final String POISON_FIELD = "handling";

    private final ActorSystem<?> system;
    private final Settings settings;
    private final InteractionEventCodec codec;
    private final DeadLetters deadLetters;
    private final ClusterSharding sharding;
    private final NodeStats stats;
    private final CassandraHealthCheck journalHealth;
    private final RecordAttempts<UserEntity.RecordResult> attempts;

    public InteractionIngest(ActorSystem<?> system, Settings settings, InteractionEventCodec codec, DeadLetters deadLetters) {
        this.system = system;
        this.settings = settings;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.sharding = ClusterSharding.get(system);
        this.stats = Operations.get(system).stats();
        this.journalHealth = new CassandraHealthCheck(system.classicSystem());
        this.attempts = new RecordAttempts<>(settings.ingestPoisonAttempts(), settings.ingestMinBackoff(), this::journalAnswers);
    }

    /**
     * Starts consuming; the returned switch drains and stops the stream (used on shutdown). The partitions this node is
     * assigned become the locations of their user shards ({@link UserShardPlacement}).
     */
    public Pair<KillSwitch, CompletionStage<Done>> start(UserShardPlacement placement) {
        ConsumerSettings<String, byte[]> consumer = CommittingConsumer.consumerSettings(system, settings, settings.consumerGroup());
        placement.checkPartitionCount(settings.interactionsTopic(), consumer);
        return CommittingConsumer.run(system, consumer, settings, settings.interactionsTopic(), settings.ingestParallelism(),
                Optional.of(placement.rebalanceListener()), this::handle);
    }

    private CompletionStage<?> handle(ConsumerRecord<String, byte[]> record) {
        ParseResult parsed = codec.parse(record.value() == null ? new byte[0] : record.value());
        if (parsed instanceof ParseResult.Valid valid) {
            return attempt(record, valid.event());
        }
        return deadLetters.send(record, ((ParseResult.Invalid) parsed).error()).thenApply(stats::deadLettered);
    }

    /** Hands the event to its entity, retrying a failure; dead-letters it as poison, or fails the stream on an outage. */
    private CompletionStage<Object> attempt(ConsumerRecord<String, byte[]> record, InteractionEvent event) {
        return attempts.run(() -> sharding
                                .entityRefFor(UserEntity.TYPE_KEY, event.userId())
                                .<UserEntity.RecordResult>ask(replyTo -> new UserEntity.RecordInteraction(event, replyTo),
                                        settings.ingestAskTimeout())
                                .thenApply(result -> {
                                    if (result instanceof UserEntity.NotRecorded refused) {
                                        throw new RecordAttempts.Refused(refused.reason());
                                    }
                                    return result;
                                }),
                        (attempt, reason, pause) -> log.info("Event {} of user {} ({}/{}/{}) failed attempt {} of {}: {};"
                                        + " trying again in {} ms", event.eventId(), event.userId(), record.topic(),
                                record.partition(), record.offset(), attempt, settings.ingestPoisonAttempts(), reason,
                                pause.toMillis()))
                .thenCompose(outcome -> {
                    if (outcome instanceof RecordAttempts.Handled<UserEntity.RecordResult> handled) {
                        return CompletableFuture.completedFuture(
                                stats.ingested(handled.result(), handled.result() instanceof UserEntity.AlreadyRecorded));
                    }
                    RecordAttempts.Poison<UserEntity.RecordResult> poison = (RecordAttempts.Poison<UserEntity.RecordResult>) outcome;
                    log.warn("Dead-lettering event {} of user {} ({}/{}/{}) as poison: its handling failed {} times while"
                                    + " Cassandra answered; last failure: {}", event.eventId(), event.userId(), record.topic(),
                            record.partition(), record.offset(), poison.attempts(), poison.reason());
                    FieldError why = new FieldError(POISON_FIELD, "failed " + poison.attempts() + " times: " + poison.reason());
                    return deadLetters.send(record, why).thenApply(stats::poisoned);
                });
    }

    /** Whether the journal's Cassandra answers its health check now; false when the check itself fails. */
    private CompletionStage<Boolean> journalAnswers() {
        return FutureConverters.asJava(journalHealth.apply())
                .thenApply(Boolean.TRUE::equals)
                .exceptionally(failure -> false);
    }
}
