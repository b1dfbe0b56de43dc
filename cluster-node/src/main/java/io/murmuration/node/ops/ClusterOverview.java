package io.murmuration.node.ops;

import akka.actor.ActorSelection;
import akka.actor.Address;
import akka.actor.typed.ActorSystem;
import akka.cluster.ClusterEvent.CurrentClusterState;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.ClusterSharding;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.sharding.external.ExternalShardAllocation;
import akka.cluster.typed.Cluster;
import akka.pattern.Patterns;
import io.murmuration.node.user.UserEntity;
import io.murmuration.protocol.ClusterMember;
import io.murmuration.protocol.ClusterResponse;
import io.murmuration.protocol.EntityTypeShards;
import io.murmuration.protocol.NodeShards;
import io.murmuration.protocol.PartitionOwner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/**
 * The cluster as this node sees it: every member with its status, roles, version and since when it is up, which node
 * consumes each interactions partition (and so hosts the user shard of that number), and for every sharded entity type
 * this node runs, the shards (by id) and entities of each up member's region, each region asked on its own with a short
 * timeout, so one that does not answer is reported as such while the others still count.
 */
public final class ClusterOverview {

    /** Shard ids that are numbers in numeric order ("2" before "10"), before any others in text order. */
    static final Comparator<String> SHARD_ORDER = Comparator.<String, Boolean>comparing(id -> !isNumber(id))
            .thenComparing(id -> isNumber(id) ? Long.parseLong(id) : 0L)
            .thenComparing(Comparator.naturalOrder());

    private final ActorSystem<?> system;
    private final Duration regionTimeout;
    private final Map<Address, Instant> seenUp = new ConcurrentHashMap<>();

    ClusterOverview(ActorSystem<?> system, Duration regionTimeout) {
        this.system = system;
        this.regionTimeout = regionTimeout;
    }

    /** Notes that this node saw {@code member} become up (or, at subscription, already up). */
    void sawUp(Member member, Instant at) {
        seenUp.putIfAbsent(member.address(), at);
    }

    void sawRemoved(Member member) {
        seenUp.remove(member.address());
    }

    public CompletionStage<ClusterResponse> current() {
        Cluster cluster = Cluster.get(system);
        CurrentClusterState state = cluster.state();
        Address self = cluster.selfMember().address();
        List<Member> members = StreamSupport.stream(state.getMembers().spliterator(), false)
                .sorted(Comparator.comparing(m -> m.address().toString()))
                .toList();
        List<ClusterMember> described = members.stream()
                .map(m -> describe(m, !state.getUnreachable().contains(m)))
                .toList();
        List<Address> regionHosts = members.stream()
                .filter(m -> m.status() == MemberStatus.up() || m.status() == MemberStatus.leaving())
                .map(Member::address)
                .toList();
        List<CompletableFuture<EntityTypeShards>> types = new ArrayList<>();
        for (String type : entityTypes()) {
            List<CompletableFuture<NodeShards>> regions = regionHosts.stream()
                    .map(address -> regionOf(address, type).toCompletableFuture())
                    .toList();
            types.add(CompletableFuture.allOf(regions.toArray(CompletableFuture[]::new))
                    .thenApply(done -> summarize(type, regions.stream().map(CompletableFuture::join).toList())));
        }
        String leader = state.getLeader() == null ? null : state.getLeader().toString();
        CompletableFuture<List<PartitionOwner>> partitions = partitionOwners().toCompletableFuture();
        return CompletableFuture.allOf(types.toArray(CompletableFuture[]::new))
                .thenCombine(partitions, (done, owners) -> new ClusterResponse(self.toString(), leader, described, owners,
                        types.stream().map(CompletableFuture::join).toList()));
    }

    /**
     * Which node consumes each partition of the interactions topic: the locations the consumers' rebalance listeners
     * gave the user shards ({@link io.murmuration.node.cluster.UserShardPlacement}). Empty when they cannot be read in time.
     */
    CompletionStage<List<PartitionOwner>> partitionOwners() {
        return ExternalShardAllocation.get(system).getClient(UserEntity.TYPE_KEY.name()).getShardLocations()
                .toCompletableFuture()
                .completeOnTimeout(null, regionTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((locations, failure) -> locations == null ? List.<PartitionOwner>of() : locations.getShardLocations()
                        .entrySet().stream()
                        .filter(e -> isNumber(e.getKey()))
                        .map(e -> new PartitionOwner(Integer.parseInt(e.getKey()), e.getValue().address().toString()))
                        .sorted(Comparator.comparingInt(PartitionOwner::partition))
                        .toList());
    }

    /** The member as the cluster endpoint and the event stream describe it. */
    ClusterMember describe(Member member, boolean reachable) {
        Cluster cluster = Cluster.get(system);
        Instant upSince = member.address().equals(cluster.selfMember().address()) && isUpOrLater(member.status())
                ? Instant.ofEpochMilli(system.startTime())
                : seenUp.get(member.address());
        List<String> roles = member.getRoles().stream().sorted().toList();
        return new ClusterMember(member.address().toString(), statusName(member.status()), roles,
                member.appVersion().version(), upSince, reachable);
    }

    /** The sharded entity types this node runs ("user", "item-shard", …), by name. */
    List<String> entityTypes() {
        Set<String> names = ClusterSharding.get(system.classicSystem()).getShardTypeNames();
        return names.stream().sorted().toList();
    }

    /** One region's shards and entities, or why there are none. Never fails. */
    CompletionStage<NodeShards> regionOf(Address address, String entityType) {
        ActorSelection region = system.classicSystem().actorSelection(
                address + "/system/sharding/" + URLEncoder.encode(entityType, StandardCharsets.UTF_8));
        return Patterns.ask(region, ShardRegion.getRegionStatsInstance(), regionTimeout)
                .handle((reply, failure) -> {
                    if (reply instanceof ShardRegion.ShardRegionStats stats) {
                        int entities = stats.getStats().values().stream().mapToInt(n -> ((Number) n).intValue()).sum();
                        List<String> ids = stats.getStats().keySet().stream().sorted(SHARD_ORDER).toList();
                        return new NodeShards(address.toString(), true, stats.getStats().size(), entities, ids,
                                stats.getFailed().stream().sorted(SHARD_ORDER).toList(), null);
                    }
                    String why = failure != null
                            ? "no answer within " + regionTimeout.toMillis() + " ms"
                            : "unexpected answer " + reply.getClass().getSimpleName();
                    return new NodeShards(address.toString(), false, null, null, List.of(), List.of(), why);
                });
    }

    static EntityTypeShards summarize(String entityType, List<NodeShards> nodes) {
        int shards = 0;
        int entities = 0;
        for (NodeShards n : nodes) {
            if (n.answered()) {
                shards += n.shards();
                entities += n.entities();
            }
        }
        return new EntityTypeShards(entityType, shards, entities, nodes);
    }

    /** Akka's status in lower case with hyphens: {@code WeaklyUp} becomes {@code weakly-up}. */
    static String statusName(MemberStatus status) {
        return status.toString().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
    }

    private static boolean isNumber(String id) {
        return !id.isEmpty() && id.length() < 19 && id.chars().allMatch(Character::isDigit);
    }

    private static boolean isUpOrLater(MemberStatus status) {
        return status != MemberStatus.joining() && status != MemberStatus.weaklyUp();
    }
}
