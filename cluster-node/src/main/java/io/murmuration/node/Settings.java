package io.murmuration.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.murmuration.node.drift.DriftSettings;
import io.murmuration.node.http.AdminTokens;
import io.murmuration.node.item.ItemShard;
import io.murmuration.node.item.PopularityCounter;
import io.murmuration.node.model.training.TrainerSettings;
import io.murmuration.node.ops.OperationsSettings;
import io.murmuration.node.recommend.BlendLeader;
import io.murmuration.node.recommend.TrendContexts;
import io.murmuration.node.recommend.CandidateBlend;
import io.murmuration.node.recommend.RecommendationSettings;
import io.murmuration.node.user.ResidentUsers;
import io.murmuration.protocol.EventTimeWindow;
import io.murmuration.protocol.InteractionType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * The node's own settings, read once from the {@code murmuration} section of the configuration.
 * Bad values are refused at start-up with a message naming the key.
 */
public record Settings(
        String httpHost,
        int httpPort,
        String adminHost,
        int adminPort,
        AdminTokens adminTokens,
        Audit audit,
        String kafkaBootstrapServers,
        String interactionsTopic,
        String deadLetterTopic,
        String catalogTopic,
        String consumerGroup,
        EventTimeWindow eventTimeWindow,
        int ingestParallelism,
        Duration ingestAskTimeout,
        Duration ingestMinBackoff,
        Duration ingestMaxBackoff,
        int ingestPoisonAttempts,
        Supervision supervision,
        UserLimits userLimits,
        Duration userAskTimeout,
        ResidentUsers residentUsers,
        StoredProfiles storedProfiles,
        PopularityCounter.Settings popularity,
        String interactionTag,
        Duration tasteHalfLife,
        ItemShards itemShards,
        RecommendationSettings recommendations,
        TrainerSettings trainer,
        DriftSettings drift) {

    /** How the item catalog is split into shards, what each shard keeps and how long it may take to build an index. */
    public record ItemShards(
            int count,
            ItemShard.CoVisitSettings coVisits,
            Duration reconcileInterval,
            Duration prepareTimeout,
            int searchBeamWidth,
            int rerankDepth,
            Duration checkpointInterval,
            ItemShard.ColdSettings cold) {}

    /**
     * The audit trail of admin changes: how many recent changes it lists, how often it snapshots them, and how long
     * recording one may take before the change is refused.
     */
    public record Audit(int retainedChanges, int snapshotEvery, Duration askTimeout) {}

    /**
     * Copies of users' profiles outside the journal, for returning users' requests (decision 024): whether they are
     * kept and read, and after how long without an event a user's copy is written.
     */
    public record StoredProfiles(boolean enabled, Duration keepAfterQuiet) {}

    /** The bounds of a user's state; part of the event handler, so they must not change between writes and replays. */
    public record UserLimits(int recentHistorySize, int seenItemsSize, int dedupeWindow, int snapshotEvery)
            implements CborSerializable {}

    public static Settings from(Config root) {
        Config c = root.getConfig("murmuration");
        Settings s =
                new Settings(
                        c.getString("http.host"),
                        port(c, "http.port"),
                        c.getString("admin.host"),
                        port(c, "admin.port"),
                        AdminTokens.from(c),
                        new Audit(
                                positive(c, "audit.retained-changes"),
                                positive(c, "audit.snapshot-every"),
                                positiveDuration(c, "audit.ask-timeout")),
                        nonEmpty(c, "kafka.bootstrap-servers"),
                        nonEmpty(c, "kafka.interactions-topic"),
                        nonEmpty(c, "kafka.dead-letter-topic"),
                        nonEmpty(c, "kafka.catalog-topic"),
                        nonEmpty(c, "kafka.consumer-group"),
                        eventTimeWindow(c),
                        positive(c, "ingest.parallelism"),
                        c.getDuration("ingest.ask-timeout"),
                        c.getDuration("ingest.min-backoff"),
                        c.getDuration("ingest.max-backoff"),
                        positive(c, "ingest.poison-attempts"),
                        supervision(c),
                        new UserLimits(
                                positive(c, "user.recent-history-size"),
                                positive(c, "user.seen-items-size"),
                                positive(c, "user.dedupe-window"),
                                positive(c, "user.snapshot-every")),
                        c.getDuration("user.ask-timeout"),
                        new ResidentUsers(
                                c.getDouble("user.resident.heap-share"),
                                c.getBytes("user.resident.bytes-per-user"),
                                c.getInt("user.resident.limit")),
                        new StoredProfiles(
                                c.getBoolean("user.stored-profile.enabled"),
                                positiveDuration(c, "user.stored-profile.keep-after-quiet")),
                        new PopularityCounter.Settings(
                                positiveDuration(c, "popularity.half-life"),
                                positive(c, "popularity.published-items"),
                                positiveDuration(c, "popularity.publish-interval"),
                                positiveDuration(c, "popularity.checkpoint-interval"),
                                positiveDuration(c, "popularity.heard-kept-for"),
                                positive(c, "popularity.max-heard")),
                        nonEmpty(c, "journal.interaction-tag"),
                        positiveDuration(c, "user.taste-half-life"),
                        new ItemShards(
                                positive(c, "items.shards"),
                                new ItemShard.CoVisitSettings(
                                        positive(c, "items.co-visitation.window"),
                                        notNegative(c, "items.co-visitation.distance-exponent"),
                                        notNegative(c, "items.co-visitation.backward-weight"),
                                        positiveDuration(c, "items.co-visitation.half-life"),
                                        positive(c, "items.co-visitation.max-neighbours")),
                                positiveDuration(c, "items.reconcile-interval"),
                                positiveDuration(c, "items.prepare-timeout"),
                                positive(c, "items.search-beam-width"),
                                positive(c, "items.rerank-depth"),
                                positiveDuration(c, "items.checkpoint-interval"),
                                new ItemShard.ColdSettings(
                                        positive(c, "items.cold.warm-after"),
                                        Set.copyOf(c.getStringList("items.cold.attributes")),
                                        positive(c, "items.cold.max-per-value"))),
                        recommendations(c),
                        TrainerSettings.from(c.getConfig("trainer")),
                        DriftSettings.from(c.getConfig("drift")));
        OperationsSettings.from(root); // read again by the operations extension; refused here, before anything starts
        return s;
    }

    private static RecommendationSettings recommendations(Config c) {
        List<String> types = c.getStringList("recommendations.exclude-types");
        for (String type : types) {
            if (InteractionType.fromWire(type).isEmpty()) {
                throw new ConfigException.BadValue("murmuration.recommendations.exclude-types",
                        "unknown interaction type '" + type + "', expected some of " + InteractionType.wireNames());
            }
        }
        CandidateBlend.Weights weights = weights(c, "recommendations.weights");
        return new RecommendationSettings(
                positiveDuration(c, "recommendations.deadline"),
                weights,
                blendSets(c, weights),
                positive(c, "recommendations.blend.half-life"),
                positive(c, "recommendations.blend.compare-every"),
                trendContexts(c),
                weights(c, "recommendations.similar-weights"),
                positive(c, "recommendations.candidates-per-source"),
                positive(c, "recommendations.recent-items"),
                notNegative(c, "recommendations.recency-exponent"),
                notNegative(c, "recommendations.popularity-discount"),
                Set.copyOf(types),
                c.getBoolean("recommendations.remember-candidates"),
                c.getString("recommendations.blend.choice").equals("learned")
                        ? new RecommendationSettings.Learning(positiveFinite(c, "recommendations.blend.learning-rate"),
                                positive(c, "recommendations.blend.learned-candidates"),
                                notNegativeCount(c, "recommendations.blend.crossing-units"),
                                positiveFinite(c, "recommendations.blend.crossing-learning-rate"))
                        : null);
    }

    private static TrendContexts trendContexts(Config c) {
        String key = "recommendations.blend.trend-contexts";
        try {
            return new TrendContexts(c.getDoubleList(key), notNegative(c, "recommendations.blend.context-guard"),
                    positive(c, "recommendations.blend.popular-head"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue("murmuration." + key, e.getMessage());
        }
    }

    /** The default weights, then (when the leader chooses) the grid's ({@link RecommendationSettings#blendGrid}). */
    private static List<CandidateBlend.Weights> blendSets(Config c, CandidateBlend.Weights weights) {
        String key = "murmuration.recommendations.blend";
        String choice = c.getString("recommendations.blend.choice");
        if (choice.equals("fixed") || choice.equals("learned")) {
            return List.of(weights); // learned: the weights are where the ranking starts
        }
        if (!choice.equals("leader")) {
            throw new ConfigException.BadValue(key + ".choice", "expected learned, leader or fixed, got '" + choice + "'");
        }
        List<CandidateBlend.Weights> sets;
        try {
            sets = RecommendationSettings.blendGrid(weights, c.getDoubleList("recommendations.blend.personal"),
                    c.getDoubleList("recommendations.blend.popularity"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(key, e.getMessage());
        }
        if (sets.size() > BlendLeader.MAX_SETS) {
            throw new ConfigException.BadValue(key, "at most " + BlendLeader.MAX_SETS + " weight sets, the grid makes " + sets.size());
        }
        return sets;
    }

    private static CandidateBlend.Weights weights(Config c, String key) {
        try {
            return new CandidateBlend.Weights(
                    c.getDouble(key + ".personal"), c.getDouble(key + ".co-occurrence"), c.getDouble(key + ".popularity"),
                    c.hasPath(key + ".new-items") ? c.getDouble(key + ".new-items") : 0);
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue("murmuration." + key, e.getMessage());
        }
    }

    private static Supervision supervision(Config c) {
        Duration min = positiveDuration(c, "supervision.min-backoff");
        Duration max = positiveDuration(c, "supervision.max-backoff");
        if (max.compareTo(min) < 0) {
            throw new ConfigException.BadValue("murmuration.supervision.max-backoff", "must not be shorter than min-backoff (" + min + ")");
        }
        return new Supervision(min, max);
    }

    private static EventTimeWindow eventTimeWindow(Config c) {
        Instant earliest;
        try {
            earliest = Instant.parse(c.getString("events.earliest-timestamp"));
        } catch (DateTimeParseException e) {
            throw new ConfigException.BadValue("murmuration.events.earliest-timestamp",
                    "must be an ISO-8601 instant such as 1995-01-01T00:00:00Z, was " + c.getString("events.earliest-timestamp"));
        }
        if (earliest.isBefore(Instant.EPOCH)) {
            throw new ConfigException.BadValue("murmuration.events.earliest-timestamp", "must not be before " + Instant.EPOCH);
        }
        Duration maxAhead = c.getDuration("events.max-ahead");
        if (maxAhead.isNegative() || maxAhead.compareTo(EventTimeWindow.LONGEST_AHEAD) > 0) {
            throw new ConfigException.BadValue("murmuration.events.max-ahead", "must be 0 to 7 days, was " + maxAhead);
        }
        return new EventTimeWindow(earliest, maxAhead);
    }

    private static Duration positiveDuration(Config c, String key) {
        Duration d = c.getDuration(key);
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException.BadValue("murmuration." + key, "must be a positive duration, was " + d);
        }
        return d;
    }

    private static int port(Config c, String key) {
        int p = c.getInt(key);
        if (p < 0 || p > 65535) throw new ConfigException.BadValue("murmuration." + key, "not a port: " + p);
        return p;
    }

    private static double notNegative(Config c, String key) {
        double v = c.getDouble(key);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new ConfigException.BadValue("murmuration." + key, "must be a finite number, 0 or more, was " + v);
        }
        return v;
    }

    private static double positiveFinite(Config c, String key) {
        double v = c.getDouble(key);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ConfigException.BadValue("murmuration." + key, "must be a finite number above 0, was " + v);
        }
        return v;
    }

    private static int positive(Config c, String key) {
        int v = c.getInt(key);
        if (v <= 0) throw new ConfigException.BadValue("murmuration." + key, "must be positive, was " + v);
        return v;
    }

    private static int notNegativeCount(Config c, String key) {
        int v = c.getInt(key);
        if (v < 0) throw new ConfigException.BadValue("murmuration." + key, "must be 0 or more, was " + v);
        return v;
    }

    private static String nonEmpty(Config c, String key) {
        String v = c.getString(key);
        if (v.isBlank()) throw new ConfigException.BadValue("murmuration." + key, "must not be empty");
        return v;
    }
}
