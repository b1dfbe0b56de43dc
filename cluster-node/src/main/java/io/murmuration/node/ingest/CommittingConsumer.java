package io.murmuration.node.ingest;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.japi.Pair;
import akka.kafka.CommitterSettings;
import akka.kafka.ConsumerMessage.CommittableMessage;
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
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka consumer that commits a record's offset only after its handler completed, and that restarts from
 * the last committed offset after a back-off when a handler fails: records are retried, never skipped.
 */
final class CommittingConsumer {

    private static final Logger log = LoggerFactory.getLogger(CommittingConsumer.class);

    private CommittingConsumer() {}

    /** Starts consuming {@code topic}; the returned switch stops the stream, the stage completes when it has. */
    static Pair<UniqueKillSwitch, CompletionStage<Done>> run(
            ActorSystem<?> system,
            Settings settings,
            String topic,
            String group,
            int parallelism,
            Function<ConsumerRecord<String, byte[]>, CompletionStage<?>> handler) {
        ConsumerSettings<String, byte[]> consumerSettings =
                ConsumerSettings.create(
                                system.settings().config().getConfig("akka.kafka.consumer"),
                                new StringDeserializer(),
                                new ByteArrayDeserializer())
                        .withBootstrapServers(settings.kafkaBootstrapServers())
                        .withGroupId(group);
        CommitterSettings committerSettings =
                CommitterSettings.create(system.settings().config().getConfig("akka.kafka.committer"));
        RestartSettings backoff =
                RestartSettings.create(settings.ingestMinBackoff(), settings.ingestMaxBackoff(), 0.2)
                        .withLogSettings(RestartSettings.createLogSettings(akka.event.Logging.WarningLevel()));

        log.info("Consuming {} from {} as consumer group {} (parallelism {})", topic, settings.kafkaBootstrapServers(), group, parallelism);
        return RestartSource.onFailuresWithBackoff(
                        backoff,
                        () ->
                                Consumer.committableSource(consumerSettings, Subscriptions.topics(topic))
                                        .mapAsync(
                                                parallelism,
                                                (CommittableMessage<String, byte[]> message) ->
                                                        handler.apply(message.record()).thenApply(done -> message.committableOffset()))
                                        .via(Committer.flow(committerSettings)))
                .viaMat(KillSwitches.single(), Keep.right())
                .toMat(Sink.ignore(), Keep.both())
                .run(system);
    }
}
