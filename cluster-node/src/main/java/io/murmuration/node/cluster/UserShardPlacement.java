package io.murmuration.node.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.Address;
import akka.cluster.sharding.external.ExternalShardAllocation;
import akka.cluster.sharding.external.ExternalShardAllocationStrategy;
import akka.cluster.sharding.external.javadsl.ExternalShardAllocationClient;
import akka.cluster.sharding.typed.ShardingEnvelope;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.kafka.ConsumerRebalanceEvent;
import akka.kafka.ConsumerSettings;
import akka.cluster.typed.Cluster;
import akka.kafka.cluster.sharding.KafkaClusterSharding;
import akka.util.Timeout;
import io.murmuration.node.user.UserEntity;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User shards placed on the node that consumes their Kafka partition, so that an interaction is handled where it was
 * read. User shard p holds the users whose records land on partition p of the interactions topic: the shard of a user
 * is murmur2(user id bytes) mod partitions, Kafka's own partitioner for a record keyed by the user id. The ingest
 * consumer's rebalance listener records, for every partition a node is assigned, that node as the shard's location
 * (external shard allocation, kept in distributed data), and the coordinator moves shards there at its rebalance
 * interval. Changing the partition count or this placement needs a full cluster restart.
 */
public final class UserShardPlacement {

    private static final Logger log = LoggerFactory.getLogger(UserShardPlacement.class);

    /** How long the allocation strategy may take to read a shard's location. */
    private static final Timeout LOCATION_TIMEOUT = Timeout.create(Duration.ofSeconds(5));

    private final ActorSystem<?> system;
    private final int partitions;

    public UserShardPlacement(ActorSystem<?> system, int partitions) {
        this.system = system;
        this.partitions = partitions;
    }

    /** The user entity's sharding set-up: one shard per partition, each placed where its partition is consumed. */
    public UnaryOperator<Entity<UserEntity.Command, ShardingEnvelope<UserEntity.Command>>> placement() {
        return entity -> entity
                .withMessageExtractor(KafkaClusterSharding.get(system.classicSystem()).<UserEntity.Command>messageExtractor(partitions))
                .withAllocationStrategy(new ExternalShardAllocationStrategy(system, UserEntity.TYPE_KEY.name(), LOCATION_TIMEOUT));
    }

    /**
     * Whether a user's entity is placed on this node: its shard's location, as the rebalance listener recorded it, is
     * this node. The locations are re-read every {@code every} (a local read of the distributed data); until the first
     * read, and for a shard with no location yet, no user is here. A shard handed over lags its recorded location by
     * up to the coordinator's rebalance interval.
     */
    public Predicate<String> usersPlacedHere(Duration every) {
        var extractor = KafkaClusterSharding.get(system.classicSystem()).<UserEntity.Command>messageExtractor(partitions);
        Address self = Cluster.get(system).selfMember().address();
        ExternalShardAllocationClient locations =
                ((ExternalShardAllocation) ExternalShardAllocation.get(system.classicSystem())).getClient(UserEntity.TYPE_KEY.name());
        AtomicReference<Set<String>> shardsHere = new AtomicReference<>(Set.of());
        system.scheduler().scheduleWithFixedDelay(Duration.ZERO, every,
                () -> locations.getShardLocations().whenComplete((read, failure) -> {
                    if (failure == null) {
                        shardsHere.set(read.getShardLocations().entrySet().stream()
                                .filter(location -> location.getValue().address().equals(self))
                                .map(Map.Entry::getKey)
                                .collect(Collectors.toUnmodifiableSet()));
                    } else {
                        log.debug("Could not read the user shards' locations: {}", failure.toString());
                    }
                }),
                system.executionContext());
        return userId -> shardsHere.get().contains(extractor.shardId(userId));
    }

    /** The classic actor the ingest consumer tells of its assigned and revoked partitions. */
    public akka.actor.ActorRef rebalanceListener() {
        ActorRef<ConsumerRebalanceEvent> listener = KafkaClusterSharding.get(system.classicSystem()).rebalanceListener(UserEntity.TYPE_KEY);
        return Adapter.toClassic(listener);
    }

    /** Logs an error when the topic's partition count differs from the configured one: users would land on the wrong shards. */
    public void checkPartitionCount(String topic, ConsumerSettings<?, ?> consumerSettings) {
        KafkaClusterSharding.get(system.classicSystem())
                .<UserEntity.Command>messageExtractorNoEnvelope(topic, Duration.ofSeconds(30), command -> {
                    throw new IllegalStateException("user commands travel in sharding envelopes");
                }, consumerSettings)
                .whenComplete((extractor, failure) -> {
                    if (failure != null) {
                        log.warn("Could not read the partition count of {} to check it against {}: {}", topic, partitions,
                                failure.toString());
                    } else if (extractor.kafkaPartitions() != partitions) {
                        log.error("Topic {} has {} partitions but murmuration.cluster.interactions-partitions is {}: user shards"
                                        + " are not co-located with their partitions; set it to {} and restart the whole cluster",
                                topic, extractor.kafkaPartitions(), partitions, extractor.kafkaPartitions());
                    } else {
                        log.info("User shards follow the {} partitions of {}", partitions, topic);
                    }
                });
    }
}
