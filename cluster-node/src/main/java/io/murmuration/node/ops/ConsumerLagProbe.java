package io.murmuration.node.ops;

import io.murmuration.protocol.ConsumerLagReport;
import io.murmuration.protocol.PartitionLag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The ingest consumer group's lag on the interactions topic, fetched from Kafka and cached for {@code cacheFor}: every
 * stats read, stream tick and scrape within that time shares one round of requests, and at most one round runs at a
 * time. A fetch that fails or times out gives a report that says why; it never fails the caller.
 */
public final class ConsumerLagProbe implements AutoCloseable {

    private record Cached(CompletableFuture<ConsumerLagReport> report, long askedNanos) {}

    private final String topic;
    private final String group;
    private final Supplier<CompletionStage<ConsumerLag.Offsets>> fetch;
    private final Duration cacheFor;
    private final Duration timeout;
    private final LongSupplier nanoClock;
    private final Clock clock;
    private final Consumer<ConsumerLagReport> onReport;
    private final Runnable close;
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    /**
     * @param fetch    one round of requests for the offsets
     * @param cacheFor how long a report is reused
     * @param timeout  how long a round may take before the report says Kafka did not answer
     * @param onReport told each new report (the Prometheus gauges follow it)
     * @param close    releases what {@code fetch} holds
     */
    ConsumerLagProbe(String topic, String group, Supplier<CompletionStage<ConsumerLag.Offsets>> fetch, Duration cacheFor,
            Duration timeout, LongSupplier nanoClock, Clock clock, Consumer<ConsumerLagReport> onReport, Runnable close) {
        this.topic = topic;
        this.group = group;
        this.fetch = fetch;
        this.cacheFor = cacheFor;
        this.timeout = timeout;
        this.nanoClock = nanoClock;
        this.clock = clock;
        this.onReport = onReport;
        this.close = close;
    }

    /** A probe asking the brokers at {@code bootstrapServers} through an admin client made on first use. */
    public static ConsumerLagProbe forKafka(String bootstrapServers, String topic, String group, Duration cacheFor,
            Duration timeout, Consumer<ConsumerLagReport> onReport) {
        KafkaOffsets offsets = new KafkaOffsets(bootstrapServers, topic, group, timeout);
        return new ConsumerLagProbe(topic, group, offsets::fetch, cacheFor, timeout, System::nanoTime, Clock.systemUTC(),
                onReport, offsets::close);
    }

    /** The latest report, fetched anew when the cached one is older than {@code cacheFor}. */
    public CompletionStage<ConsumerLagReport> current() {
        long now = nanoClock.getAsLong();
        Cached last = cached.get();
        if (last != null && (!last.report().isDone() || now - last.askedNanos() < cacheFor.toNanos())) {
            return last.report();
        }
        Cached next = new Cached(new CompletableFuture<>(), now);
        if (!cached.compareAndSet(last, next)) return cached.get().report();
        Instant asked = clock.instant();
        CompletableFuture<ConsumerLag.Offsets> offsets;
        try {
            offsets = fetch.get().toCompletableFuture();
        } catch (RuntimeException e) {
            offsets = CompletableFuture.failedFuture(e);
        }
        offsets.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((o, failure) -> {
            ConsumerLagReport report = failure == null ? known(o, asked) : unknown(failure);
            try {
                onReport.accept(report);
            } finally {
                next.report().complete(report);
            }
        });
        return next.report();
    }

    private ConsumerLagReport known(ConsumerLag.Offsets offsets, Instant asked) {
        List<PartitionLag> partitions = ConsumerLag.perPartition(offsets);
        return new ConsumerLagReport(topic, group, asked, ConsumerLag.total(partitions), partitions, null);
    }

    private ConsumerLagReport unknown(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String why = cause instanceof TimeoutException
                ? "Kafka did not answer within " + timeout.toMillis() + " ms"
                : "Kafka: " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new ConsumerLagReport(topic, group, null, null, List.of(), why);
    }

    @Override
    public void close() {
        close.run();
    }

    /** One round of admin requests: the topic's partitions, their first and end offsets, the group's commits. */
    private static final class KafkaOffsets {

        private final String bootstrapServers;
        private final String topic;
        private final String group;
        private final int timeoutMs;
        private AdminClient admin;
        private boolean closed;

        KafkaOffsets(String bootstrapServers, String topic, String group, Duration timeout) {
            this.bootstrapServers = bootstrapServers;
            this.topic = topic;
            this.group = group;
            this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        }

        CompletionStage<ConsumerLag.Offsets> fetch() {
            AdminClient client = client();
            return client.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs))
                    .allTopicNames().toCompletionStage()
                    .thenCompose(topics -> {
                        List<TopicPartition> partitions = topics.get(topic).partitions().stream()
                                .map(p -> new TopicPartition(topic, p.partition()))
                                .toList();
                        CompletionStage<Map<Integer, Long>> committed = client
                                .listConsumerGroupOffsets(group, new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs))
                                .partitionsToOffsetAndMetadata().toCompletionStage()
                                .thenApply(KafkaOffsets::byPartition);
                        CompletionStage<Map<Integer, Long>> end = offsets(client, partitions, OffsetSpec.latest());
                        CompletionStage<Map<Integer, Long>> beginning = offsets(client, partitions, OffsetSpec.earliest());
                        return beginning.thenCompose(b -> end.thenCombine(committed, (e, c) -> new ConsumerLag.Offsets(b, e, c)));
                    });
        }

        private CompletionStage<Map<Integer, Long>> offsets(AdminClient client, List<TopicPartition> partitions, OffsetSpec spec) {
            Map<TopicPartition, OffsetSpec> asked = new HashMap<>();
            partitions.forEach(p -> asked.put(p, spec));
            return client.listOffsets(asked, new ListOffsetsOptions().timeoutMs(timeoutMs)).all().toCompletionStage()
                    .thenApply(answers -> {
                        Map<Integer, Long> byPartition = new HashMap<>();
                        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> a : answers.entrySet()) {
                            byPartition.put(a.getKey().partition(), a.getValue().offset());
                        }
                        return byPartition;
                    });
        }

        private static Map<Integer, Long> byPartition(Map<TopicPartition, OffsetAndMetadata> commits) {
            Map<Integer, Long> byPartition = new HashMap<>();
            commits.forEach((p, o) -> {
                if (o != null) byPartition.put(p.partition(), o.offset());
            });
            return byPartition;
        }

        private synchronized AdminClient client() {
            if (closed) throw new IllegalStateException("the lag probe is closed");
            if (admin == null) {
                admin = AdminClient.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs));
            }
            return admin;
        }

        synchronized void close() {
            closed = true;
            if (admin != null) admin.close(Duration.ofSeconds(1));
        }
    }
}
