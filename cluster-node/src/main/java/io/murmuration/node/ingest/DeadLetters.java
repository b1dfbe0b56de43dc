package io.murmuration.node.ingest;

import akka.Done;
import akka.kafka.javadsl.SendProducer;
import io.murmuration.protocol.FieldError;
import io.murmuration.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The dead-letter topic: a record that failed validation is kept there with its original key and bytes and
 * the reason in headers, so nothing is lost and the producer of the bad record can be told why.
 */
public final class DeadLetters {

    private final SendProducer<String, byte[]> producer;
    private final String topic;

    public DeadLetters(SendProducer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Completes once the broker has the dead letter, so the original offset may be committed. */
    public CompletionStage<Done> send(ConsumerRecord<String, byte[]> original, FieldError error) {
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(topic, original.key(), original.value());
        letter.headers().add(Topics.DLQ_REASON_HEADER, error.message().getBytes(StandardCharsets.UTF_8));
        letter.headers().add(Topics.DLQ_FIELD_HEADER, error.field().getBytes(StandardCharsets.UTF_8));
        String source = original.topic() + "/" + original.partition() + "/" + original.offset();
        letter.headers().add(Topics.DLQ_SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        return producer.send(letter).thenApply(metadata -> Done.getInstance());
    }
}
