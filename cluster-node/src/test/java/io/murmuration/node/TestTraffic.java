package io.murmuration.node;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Builds interaction records as producers would send them, and moves them in and out of real Kafka topics. */
final class TestTraffic {

    static final Instant START = Instant.parse("2026-11-20T08:00:00Z");

    private TestTraffic() {}

    /** A key and the JSON bytes of one record. */
    record Record(String key, byte[] value) {
        static Record of(String key, String json) {
            return new Record(key, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    static Record valid(String eventId, String userId, String itemId, String type, Instant at) {
        return Record.of(
                userId,
                "{\"eventId\":\"%s\",\"userId\":\"%s\",\"itemId\":\"%s\",\"type\":\"%s\",\"timestamp\":\"%s\"}"
                        .formatted(eventId, userId, itemId, type, at));
    }

    /** Five kinds of broken record, each failing one validation rule. */
    static Record malformed(int n) {
        String user = "user-" + n;
        return switch (n % 5) {
            case 0 -> Record.of(user, "{not json");
            case 1 -> Record.of(user, "{\"userId\":\"%s\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"%s\"}".formatted(user, START));
            case 2 -> Record.of(user, "{\"eventId\":\"bad-%d\",\"userId\":\"%s\",\"itemId\":\"i\",\"type\":\"stare\",\"timestamp\":\"%s\"}".formatted(n, user, START));
            case 3 -> Record.of(user, "{\"eventId\":\"bad-%d\",\"userId\":\"%s\",\"itemId\":\"i\",\"type\":\"rating\",\"timestamp\":\"%s\"}".formatted(n, user, START));
            default -> Record.of(user, "{\"eventId\":\"bad-%d\",\"userId\":\"%s\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"%s\"}".formatted(n, user, Instant.now().plus(Duration.ofDays(3))));
        };
    }

    /** A producer as the tests use it: every record acknowledged by all replicas, each key's records in order. */
    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("linger.ms", "5");
        // Not idempotent: on a topic created moments before, an idempotent producer can fall into retrying with
        // OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout. One request in flight keeps each key's order.
        props.put("enable.idempotence", "false");
        props.put("max.in.flight.requests.per.connection", "1");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    static void produce(String bootstrap, String topic, List<Record> records) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            for (Record r : records) sent.add(producer.send(new ProducerRecord<>(topic, r.key(), r.value())));
            producer.flush();
            // A record the broker refused must fail the test here, not as a count that never arrives minutes later.
            for (int i = 0; i < sent.size(); i++) {
                try {
                    sent.get(i).get();
                } catch (ExecutionException | InterruptedException e) {
                    throw new IllegalStateException("record " + i + " (key " + records.get(i).key() + ") was not accepted by Kafka", e);
                }
            }
        }
    }

    /** Reads a topic from its start until {@code expected} records arrived or the timeout passed. */
    static List<ConsumerRecord<String, byte[]>> consumeAll(String bootstrap, String topic, int expected, Duration timeout) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "reader-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            // One more poll shows whether more than expected arrived.
            consumer.poll(Duration.ofSeconds(2)).forEach(out::add);
        }
        return out;
    }

    /**
     * Polls until the value reaches {@code target}, or the timeout ends; returns the last value. Timeouts are
     * generous because a loaded 2-core machine can be ten times slower than a quiet one; a passing run waits
     * only as long as the work takes.
     */
    static long awaitValue(LongSupplier value, long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = value.getAsLong();
        while (last < target && System.nanoTime() < deadline) {
            Thread.sleep(500);
            last = value.getAsLong();
        }
        return last;
    }

}
