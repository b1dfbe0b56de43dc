package io.murmuration.node.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * The settings of the operations endpoints, from {@code murmuration.operations} (and the Kafka names of
 * {@code murmuration.kafka}). Bad values are refused with a message naming the key.
 *
 * @param statsWindow         the span of the rates and percentiles of the stats
 * @param streamStatsInterval how often the event stream sends the stats
 * @param streamKeepAlive     how long the event stream may be silent before it sends a keep-alive comment
 * @param streamBuffer        events held for one slow stream client before its oldest are dropped
 * @param lagCacheFor         how long a consumer-lag report is reused
 * @param kafkaTimeout        how long asking Kafka for the lag may take
 * @param regionTimeout       how long a shard region may take to report its shards
 * @param modelPollInterval   how often the model registry is asked for changes to publish
 */
public record OperationsSettings(
        String kafkaBootstrapServers,
        String interactionsTopic,
        String consumerGroup,
        Duration statsWindow,
        Duration streamStatsInterval,
        Duration streamKeepAlive,
        int streamBuffer,
        Duration lagCacheFor,
        Duration kafkaTimeout,
        Duration regionTimeout,
        Duration modelPollInterval) {

    /** Reads the settings from the root of the configuration. */
    public static OperationsSettings from(Config root) {
        Config c = root.getConfig("murmuration");
        Duration window = positive(c, "operations.stats-window");
        if (window.toMillis() < 1000) {
            throw new ConfigException.BadValue("murmuration.operations.stats-window", "must be at least 1s, was " + window);
        }
        int buffer = c.getInt("operations.stream-buffer");
        if (buffer < 1) {
            throw new ConfigException.BadValue("murmuration.operations.stream-buffer", "must be positive, was " + buffer);
        }
        return new OperationsSettings(
                c.getString("kafka.bootstrap-servers"),
                c.getString("kafka.interactions-topic"),
                c.getString("kafka.consumer-group"),
                window,
                positive(c, "operations.stream-stats-interval"),
                positive(c, "operations.stream-keep-alive"),
                buffer,
                positive(c, "operations.lag-cache"),
                positive(c, "operations.kafka-timeout"),
                positive(c, "operations.region-timeout"),
                positive(c, "operations.model-poll-interval"));
    }

    private static Duration positive(Config c, String key) {
        Duration d = c.getDuration(key);
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException.BadValue("murmuration." + key, "must be a positive duration, was " + d);
        }
        return d;
    }
}
