package io.murmuration.node.ingest;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.japi.Pair;
import akka.kafka.CommitterSettings;
import akka.kafka.ConsumerMessage.CommittableMessage;
import akka.kafka.ConsumerMessage.CommittableOffset;
import akka.kafka.ConsumerSettings;
import akka.kafka.Subscriptions;
import akka.kafka.javadsl.Committer;
import akka.kafka.javadsl.Consumer;
import akka.stream.KillSwitches;
import akka.stream.RestartSettings;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.RestartSource;
import akka.stream.javadsl.Sink;
import io.murmuration.node.Settings;
import io.murmuration.node.user.UserEntity;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.ParseResult;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest stream: every node consumes its share of the {@code interactions} partitions, validates each
 * record, hands valid ones to their user's entity and invalid ones to the dead-letter topic, and commits an
 * offset only once its record is persisted or dead-lettered. Any failure (Cassandra or Kafka unavailable)
 * restarts the stream from the last committed offset after a back-off: records are retried, never skipped,
 * and the entities' event-id dedupe turns the retries into effectively-once.
 */
public final class InteractionIngest {

  private static final Logger log = LoggerFactory.getLogger(InteractionIngest.class);

  private final ActorSystem<?> system;
  private final Settings settings;
  private final InteractionEventCodec codec;
  private final DeadLetters deadLetters;
  private final ClusterSharding sharding;

  public InteractionIngest(ActorSystem<?> system, Settings settings, InteractionEventCodec codec, DeadLetters deadLetters) {
    this.system = system;
    this.settings = settings;
    this.codec = codec;
    this.deadLetters = deadLetters;
    this.sharding = ClusterSharding.get(system);
  }

  /** Starts consuming; the returned switch stops the stream (used on shutdown). */
  public Pair<UniqueKillSwitch, CompletionStage<Done>> start() {
    ConsumerSettings<String, byte[]> consumerSettings =
        ConsumerSettings.create(
                system.settings().config().getConfig("akka.kafka.consumer"),
                new StringDeserializer(),
                new ByteArrayDeserializer())
            .withBootstrapServers(settings.kafkaBootstrapServers())
            .withGroupId(settings.consumerGroup());
    CommitterSettings committerSettings =
        CommitterSettings.create(system.settings().config().getConfig("akka.kafka.committer"));
    RestartSettings backoff =
        RestartSettings.create(settings.ingestMinBackoff(), settings.ingestMaxBackoff(), 0.2)
            .withLogSettings(RestartSettings.createLogSettings(akka.event.Logging.WarningLevel()));

    log.info(
        "Ingesting {} from {} as consumer group {} (parallelism {})",
        settings.interactionsTopic(),
        settings.kafkaBootstrapServers(),
        settings.consumerGroup(),
        settings.ingestParallelism());
    return RestartSource.onFailuresWithBackoff(
            backoff,
            () ->
                Consumer.committableSource(consumerSettings, Subscriptions.topics(settings.interactionsTopic()))
                    .mapAsync(settings.ingestParallelism(), this::handle)
                    .via(Committer.flow(committerSettings)))
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.ignore(), Keep.both())
        .run(system);
  }

  private CompletionStage<CommittableOffset> handle(CommittableMessage<String, byte[]> message) {
    ConsumerRecord<String, byte[]> record = message.record();
    ParseResult parsed = codec.parse(record.value() == null ? new byte[0] : record.value());
    CompletionStage<?> handled;
    if (parsed instanceof ParseResult.Valid valid) {
      handled =
          sharding
              .entityRefFor(UserEntity.TYPE_KEY, valid.event().userId())
              .<UserEntity.RecordResult>ask(
                  replyTo -> new UserEntity.RecordInteraction(valid.event(), replyTo), settings.ingestAskTimeout());
    } else {
      handled = deadLetters.send(record, ((ParseResult.Invalid) parsed).error());
    }
    return handled.thenApply(done -> message.committableOffset());
  }
}
