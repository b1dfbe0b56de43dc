package io.murmuration.node.item;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import akka.stream.UniqueKillSwitch;
import io.murmuration.node.Supervision;
import io.murmuration.node.checkpoint.CheckpointStore;
import io.murmuration.node.checkpoint.ViewCheckpoints;
import io.murmuration.node.interaction.InteractionLogFollower;
import io.murmuration.node.interaction.InteractionRecorded;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The cluster's one count of what is popular (a cluster singleton): follows the interaction log through the journal's
 * tag query, counts each interaction into {@link DecayedPopularity}, registers each new item in the catalog, and
 * publishes the ranking's head to every node's {@link PopularityBoard} every {@code publishInterval}, so every node
 * serves the same list from memory. Each publication names the interactions it counted since the previous one: the
 * boards count the interactions they heard of straight from the user entities until then.
 *
 * <p>Durable: every {@code checkpointInterval} (when anything changed) it checkpoints the counts with the exact log
 * position they cover; a counter that starts — after a crash, or on another node when its node leaves — loads the
 * checkpoint and follows the log from that position, never from the start. Its state also outlives a supervised
 * restart in memory, so a restart resumes after the last event it was handed.
 */
public final class PopularityCounter {

    /** The checkpoint view's name. */
    public static final String VIEW = "popularity";

    /**
     * How the counter decays, how much of its ranking it publishes and how often, and how often it checkpoints; how
     * long, and how many, interactions the boards count that no publication has named yet.
     */
    public record Settings(Duration halfLife, int publishedItems, Duration publishInterval, Duration checkpointInterval,
            Duration heardKeptFor, int maxHeard) {

        public PopularityBoard.Settings board() {
            return new PopularityBoard.Settings(halfLife, heardKeptFor, maxHeard);
        }
    }

    public sealed interface Command permits Observed, CheckpointLoaded, PublishDue, CheckpointDue, CheckpointSaved {}

    private record Observed(InteractionRecorded event, UUID offset) implements Command {}

    private record CheckpointLoaded(Optional<ViewCheckpoints.Checkpoint> checkpoint, Throwable failure) implements Command {}

    private record PublishDue() implements Command {}

    private record CheckpointDue() implements Command {}

    private record CheckpointSaved(Throwable failure) implements Command {}

    private PopularityCounter() {}

    /**
     * Bytes (UTF-8) of event ids a publication names at most, the latest ones kept. Each board counts the interactions it
     * heard of until a publication names them; a counter catching up on a long stretch of the log counts far more
     * between two publications than any board heard of in the last seconds, and the latest ids are the ones the boards
     * wait for. With the head of the ranking (1,000 items, ids of up to 128 ASCII characters) a publication, a remote
     * message to every node, stays under the transport's 256 KiB frame: thousands of ids of usual length, 160 of the
     * longest an event id may be (128 characters of up to 4 bytes).
     */
    static final int MAX_NAMED_BYTES = 80 * 1024;

    /** What a restart must not lose: the counts and the log position they cover. */
    private static final class Counts {
        DecayedPopularity popularity;
        /** The event ids counted since the last publication, the latest {@link #MAX_NAMED_BYTES} of them. */
        final ArrayDeque<String> countedSincePublished = new ArrayDeque<>();
        int countedBytes;
        UUID offset; // null: nothing counted yet, the log is followed from its start
        boolean loaded;
        boolean changedSinceCheckpoint;
    }

    public static Behavior<Command> create(String interactionTag, Settings settings, ItemCatalog catalog,
            CheckpointStore checkpoints, ActorRef<Topic.Command<PopularityBoard.Ranking>> rankings,
            Supervision supervision) {
        Counts counts = new Counts();
        counts.popularity = new DecayedPopularity(settings.halfLife());
        return supervision.restarting(Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            long started = System.nanoTime();
            UniqueKillSwitch[] following = new UniqueKillSwitch[1];
            if (counts.loaded) {
                following[0] = follow(ctx, interactionTag, counts.offset);
            } else {
                ctx.pipeToSelf(checkpoints.load(VIEW), CheckpointLoaded::new);
            }
            timers.startTimerWithFixedDelay(new PublishDue(), settings.publishInterval());
            timers.startSingleTimer(new CheckpointDue(), settings.checkpointInterval());
            return Behaviors.receive(Command.class)
                    .onMessage(CheckpointLoaded.class, msg -> {
                        restore(ctx, counts, msg, settings.halfLife());
                        ctx.getLog().info("Popularity counter follows the log from {} ({} items), {} ms after its start",
                                counts.offset == null ? "its start" : "its checkpoint", counts.popularity.itemCount(),
                                (System.nanoTime() - started) / 1_000_000);
                        following[0] = follow(ctx, interactionTag, counts.offset);
                        return Behaviors.same();
                    })
                    .onMessage(Observed.class, msg -> {
                        count(ctx, counts, msg, catalog);
                        return Behaviors.same();
                    })
                    .onMessage(PublishDue.class, msg -> {
                        // Published even unchanged: a node that just joined gets the ranking within one interval.
                        rankings.tell(Topic.publish(new PopularityBoard.Ranking(counts.popularity.top(settings.publishedItems()),
                                counts.popularity.scoredAsOf(), List.copyOf(counts.countedSincePublished))));
                        counts.countedSincePublished.clear();
                        counts.countedBytes = 0;
                        return Behaviors.same();
                    })
                    .onMessage(CheckpointDue.class, msg -> {
                        if (!counts.loaded || !counts.changedSinceCheckpoint) {
                            timers.startSingleTimer(new CheckpointDue(), settings.checkpointInterval());
                            return Behaviors.same();
                        }
                        counts.changedSinceCheckpoint = false;
                        ctx.pipeToSelf(checkpoints.save(VIEW, encode(counts.popularity, settings.halfLife()), counts.offset, Instant.now()),
                                (Done done, Throwable failure) -> new CheckpointSaved(failure));
                        return Behaviors.same();
                    })
                    .onMessage(CheckpointSaved.class, msg -> {
                        if (msg.failure() != null) {
                            counts.changedSinceCheckpoint = true;
                            ctx.getLog().warn("Popularity counter could not write its checkpoint, tries again in {}: {}",
                                    settings.checkpointInterval(), msg.failure().toString());
                        }
                        timers.startSingleTimer(new CheckpointDue(), settings.checkpointInterval());
                        return Behaviors.same();
                    })
                    // The restarted behaviour follows the log anew, from where this one was.
                    .onSignal(PreRestart.class, signal -> stop(following[0]))
                    .onSignal(PostStop.class, signal -> stop(following[0]))
                    .build();
        })));
    }

    private static Behavior<Command> stop(UniqueKillSwitch following) {
        if (following != null) {
            following.shutdown();
        }
        return Behaviors.same();
    }

    private static void restore(ActorContext<Command> ctx, Counts counts, CheckpointLoaded msg, Duration halfLife) {
        counts.loaded = true;
        if (msg.failure() != null) {
            ctx.getLog().warn("Popularity counter could not load its checkpoint, counts the whole log: {}", msg.failure().toString());
            return;
        }
        msg.checkpoint().ifPresent(checkpoint -> {
            try {
                counts.popularity = decode(checkpoint.state(), halfLife);
                counts.offset = checkpoint.logOffset();
            } catch (IllegalStateException refused) {
                ctx.getLog().warn("Popularity counter cannot use its checkpoint, counts the whole log once: {}",
                        refused.getMessage());
            } catch (RuntimeException e) {
                ctx.getLog().warn("Popularity counter could not read its checkpoint, counts the whole log", e);
            }
        });
    }

    private static void count(ActorContext<Command> ctx, Counts counts, Observed msg, ItemCatalog catalog) {
        InteractionRecorded e = msg.event();
        counts.offset = msg.offset();
        counts.changedSinceCheckpoint = true;
        boolean isNew;
        try {
            isNew = counts.popularity.add(e.itemId(), InteractionWeights.of(e.type(), e.value()), e.timestamp());
        } catch (RuntimeException failure) {
            // Derived state: an event it cannot count is logged and left out, never a stopped ranking.
            ctx.getLog().warn("Popularity counter left out event {}", e.eventId(), failure);
            return;
        }
        counts.countedSincePublished.addLast(e.eventId());
        counts.countedBytes += utf8Bytes(e.eventId());
        while (counts.countedBytes > MAX_NAMED_BYTES) {
            counts.countedBytes -= utf8Bytes(counts.countedSincePublished.removeFirst());
        }
        if (isNew) {
            catalog.register(e.itemId(), e.timestamp()).whenComplete((done, failure) -> {
                if (failure != null) ctx.getLog().warn("Could not register item {} in the catalog", e.itemId(), failure);
            });
        }
    }

    /** The length of {@code s} in UTF-8, as the publication carries it. */
    static int utf8Bytes(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) bytes += 1;
            else if (c < 0x800) bytes += 2;
            else if (Character.isHighSurrogate(c)) bytes += 2; // with its low surrogate: 4 bytes for the pair
            else bytes += Character.isLowSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private static UniqueKillSwitch follow(ActorContext<Command> ctx, String tag, UUID after) {
        ActorRef<Command> self = ctx.getSelf();
        return InteractionLogFollower.followAfter(ctx.getSystem(), tag, after,
                positioned -> self.tell(new Observed(positioned.event(), positioned.offset())));
    }

    /**
     * Format 2 names the half-life the counts decayed with: counts of another half-life cannot be turned into these
     * (each sum mixes its events' times), so a checkpoint of another half-life, or of format 1 which does not say, is
     * refused and the log counted again from its start, once.
     */
    private static final int FORMAT = 2;

    static byte[] encode(DecayedPopularity popularity, Duration halfLife) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            EventTimeDecay.writeHalfLife(out, halfLife);
            popularity.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: only a bug gets here
        }
        return bytes.toByteArray();
    }

    static DecayedPopularity decode(byte[] state, Duration halfLife) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalStateException("popularity checkpoint of format " + format + ", expected " + FORMAT
                        + (format == 1 ? " (format 1 does not say which half-life its counts decayed with)" : ""));
            }
            EventTimeDecay.requireHalfLife(in, halfLife, "popularity");
            return DecayedPopularity.readFrom(in, halfLife);
        } catch (IOException e) {
            throw new UncheckedIOException("popularity checkpoint is truncated or corrupt", e);
        }
    }
}
