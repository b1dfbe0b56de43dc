package io.murmuration.node.ingest;

import akka.kafka.javadsl.SendProducer;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionEventCodec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Puts validated events on the interactions topic, keyed by user so each user's events stay in order. */
public final class EventPublisher {

    private final SendProducer<String, byte[]> producer;
    private final String topic;
    private final InteractionEventCodec codec;

    public EventPublisher(SendProducer<String, byte[]> producer, String topic, InteractionEventCodec codec) {
        this.producer = producer;
        this.topic = topic;
        this.codec = codec;
    }

    /** Completes once the broker has acknowledged every event. */
    public CompletionStage<Integer> publish(List<InteractionEvent> events) {
        CompletableFuture<?>[] sends =
                events.stream()
                        .map(e -> producer.send(new ProducerRecord<>(topic, e.userId(), codec.encode(e))).toCompletableFuture())
                        .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sends).thenApply(done -> events.size());
    }
}
