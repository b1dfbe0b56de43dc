package io.murmuration.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.Guardian;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Waits until every derived view of the node (each item shard's co-visitations, the popularity counter, the trainer's
 * schedule) has a checkpoint covering the last interaction written before a given instant: then the views have caught
 * up with everything written before it, and a restart reads back nothing older. Reads the interaction tag's newest row
 * and the checkpoint heads the node writes, with the node's own Cassandra settings; prints the views' progress every
 * 15 s.
 *
 * <pre>bench/bin/bench-java io.murmuration.bench.ViewCatchUp --after EPOCH_MILLIS [--shards 8] [--timeout 3600]</pre>
 */
public final class ViewCatchUp {

    private static final Duration POLL_EVERY = Duration.ofSeconds(15);

    private ViewCatchUp() {}

    public static void main(String[] args) throws InterruptedException {
        CommandLineFlags flags;
        Instant after;
        try {
            flags = CommandLineFlags.parse(args, Set.of("--after", "--shards", "--timeout"));
            CommandLineFlags.require(flags.has("--after"), "--after EPOCH_MILLIS is required");
            after = Instant.ofEpochMilli(flags.wholeLong("--after", 0));
            CommandLineFlags.require(flags.whole("--shards", 8) > 0, "--shards must be at least 1");
        } catch (IllegalArgumentException e) {
            System.err.println("view-catch-up: " + e.getMessage());
            System.err.println("usage: ViewCatchUp --after EPOCH_MILLIS [--shards 8] [--timeout 3600]");
            System.exit(2);
            return;
        }
        List<String> views = Guardian.checkpointedViews(flags.whole("--shards", 8));
        Config config = ConfigFactory.load();
        String keyspace = config.getString("akka.persistence.cassandra.journal.keyspace");
        String tag = config.getString("murmuration.journal.interaction-tag");
        String bucketSize = config.getString("akka.persistence.cassandra.events-by-tag.bucket-size");
        if (!bucketSize.equals("Day")) {
            System.err.println("view-catch-up: reads the tag's day partitions, but the journal's bucket-size is " + bucketSize);
            System.exit(2);
        }
        long deadline = System.nanoTime() + flags.duration("--timeout", "3600").toNanos();
        long started = System.nanoTime();
        try (CqlSession session = CqlSession.builder().build()) {
            UUID last = lastInteractionBefore(session, keyspace, tag, after);
            if (last == null) {
                System.err.println("view-catch-up: the log holds no interaction written before " + after);
                System.exit(1);
            }
            Instant lastWritten = Instant.ofEpochMilli(Uuids.unixTimestamp(last));
            while (true) {
                TreeMap<String, Instant> covered = new TreeMap<>();
                for (Row row : session.execute("SELECT view_name, log_offset FROM " + keyspace + ".view_checkpoint_heads")) {
                    if (row.getUuid("log_offset") != null) {
                        covered.put(row.getString("view_name"), Instant.ofEpochMilli(Uuids.unixTimestamp(row.getUuid("log_offset"))));
                    }
                }
                List<String> behind = views.stream()
                        .filter(v -> !covered.containsKey(v) || covered.get(v).isBefore(lastWritten)).toList();
                System.err.printf("view-catch-up: %d of %d views cover the log up to %s after %.0f s (behind: %s), load %.1f%n",
                        views.size() - behind.size(), views.size(), lastWritten, (System.nanoTime() - started) / 1e9,
                        behind.stream().map(v -> v + (covered.containsKey(v) ? " at " + covered.get(v) : " without checkpoint")).toList(),
                        LoadAverage.oneMinute());
                if (behind.isEmpty()) {
                    System.out.printf("views caught up in %.0f s%n", (System.nanoTime() - started) / 1e9);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    System.err.println("view-catch-up: gave up: " + behind + " still behind");
                    System.exit(1);
                }
                Thread.sleep(POLL_EVERY.toMillis());
            }
        }
    }

    /** The position of the newest interaction written before {@code after}: in its day's tag partition or the day's before. */
    private static UUID lastInteractionBefore(CqlSession session, String keyspace, String tag, Instant after) {
        long day = after.truncatedTo(ChronoUnit.DAYS).toEpochMilli();
        for (long bucket : new long[] {day, day - ChronoUnit.DAYS.getDuration().toMillis()}) {
            Row row = session.execute(SimpleStatement.newInstance("SELECT timestamp FROM " + keyspace + ".tag_views"
                    + " WHERE tag_name = ? AND timebucket = ? AND timestamp <= ? ORDER BY timestamp DESC LIMIT 1",
                    tag, bucket, Uuids.endOf(after.toEpochMilli()))).one();
            if (row != null) {
                return row.getUuid("timestamp");
            }
        }
        return null;
    }
}
