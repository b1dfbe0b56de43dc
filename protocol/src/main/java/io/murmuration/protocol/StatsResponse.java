package io.murmuration.protocol;

import java.time.Instant;

/**
 * The figures of one node that the console charts, over a sliding window (the last 60 s by default).
 *
 * @param node            the address of the node that answered
 * @param at              when the figures were taken
 * @param windowSeconds   the span the rates and percentiles cover: the configured window, less right after start
 * @param ingest          this node's Kafka ingest
 * @param kafkaLag        the consumer group's lag on the interactions topic
 * @param recommendations this node's recommendation endpoint
 * @param consumptions    the online hit rate
 * @param surprise        the mean surprise of the items consumed
 */
public record StatsResponse(
        String node,
        Instant at,
        double windowSeconds,
        IngestStats ingest,
        ConsumerLagReport kafkaLag,
        RecommendationStats recommendations,
        ConsumptionStats consumptions,
        SurpriseStats surprise) {}
