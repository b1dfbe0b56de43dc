package io.murmuration.node.ingest;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.japi.Pair;
import akka.kafka.CommitterSettings;
import akka.kafka.ConsumerMessage.CommittableMessage;
import akka.kafka.ConsumerSettings;
import akka.kafka.AutoSubscription;
import akka.kafka.Subscriptions;
import akka.kafka.javadsl.Committer;
import akka.kafka.javadsl.Consumer;
import akka.stream.KillSwitch;
import akka.stream.KillSwitches;
import akka.stream.RestartSettings;
import akka.stream.SharedKillSwitch;
import akka.stream.javadsl.RestartSource;
import akka.stream.javadsl.Sink;
import io.murmuration.node.Settings;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka consumer that commits a record's offset only after its handler completed, and that restarts from
 * the last committed offset after a back-off when a handler fails: records are retried, never skipped. Stopping it
 * drains it: no new record is taken, the records in flight are handled, their offsets committed, and then it stops.
 */
final class CommittingConsumer {

    private static final Logger log = LoggerFactory.getLogger(CommittingConsumer.class);

    private CommittingConsumer() {}

    /** Starts consuming {@code topic}; the returned switch drains and stops the stream, the stage completes when it has. */
    static Pair<KillSwitch, CompletionStage<Done>> run(
            ActorSystem<?> system,
            Settings settings,
            String topic,
            String group,
            int parallelism,
            Function<ConsumerRecord<String, byte[]>, CompletionStage<?>> handler) {
        return run(system, consumerSettings(system, settings, group), settings, topic, parallelism, Optional.empty(), handler);
    }

    /** The consumer's settings for {@code group}, as {@link #run} uses them. */
    static ConsumerSettings<String, byte[]> consumerSettings(ActorSystem<?> system, Settings settings, String group) {
        return ConsumerSettings.create(
                        system.settings().config().getConfig("akka.kafka.consumer"),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .withBootstrapServers(settings.kafkaBootstrapServers())
                .withGroupId(group);
    }

    /**
     * Starts consuming {@code topic}, telling {@code rebalanceListener} (when present) which partitions this node is
     * assigned and loses; the returned switch drains and stops the stream, the stage completes when it has.
     */
    static Pair<KillSwitch, CompletionStage<Done>> run(
            ActorSystem<?> system,
            ConsumerSettings<String, byte[]> consumerSettings,
            Settings settings,
            String topic,
            int parallelism,
            Optional<akka.actor.ActorRef> rebalanceListener,
            Function<ConsumerRecord<String, byte[]>, CompletionStage<?>> handler) {
        CommitterSettings committerSettings =
                CommitterSettings.create(system.settings().config().getConfig("akka.kafka.committer"));
        RestartSettings backoff =
                RestartSettings.create(settings.ingestMinBackoff(), settings.ingestMaxBackoff(), 0.2)
                        .withLogSettings(RestartSettings.createLogSettings(akka.event.Logging.WarningLevel()));
        AutoSubscription subscription = rebalanceListener
                .map(listener -> Subscriptions.topics(topic).withRebalanceListener(listener))
                .orElse(Subscriptions.topics(topic));
        // Right behind the source: shutting it down completes the stream below it, so what is in flight is handled and
        // committed (the consumer lingers for akka.kafka.consumer.stop-timeout to take the commits) before it stops.
        SharedKillSwitch drain = KillSwitches.shared("drain-" + topic);

        log.info("Consuming {} from {} as consumer group {} (parallelism {})", topic, settings.kafkaBootstrapServers(),
                consumerSettings.getProperty(ConsumerConfig.GROUP_ID_CONFIG), parallelism);
        CompletionStage<Done> done = RestartSource.onFailuresWithBackoff(
                        backoff,
                        () ->
                                Consumer.committableSource(consumerSettings, subscription)
                                        .via(drain.flow())
                                        .mapAsync(
                                                parallelism,
                                                (CommittableMessage<String, byte[]> message) ->
                                                        handler.apply(message.record()).thenApply(ok -> message.committableOffset()))
                                        .via(Committer.flow(committerSettings)))
                .runWith(Sink.ignore(), system);
        return Pair.create(drain, done);
    }
}
