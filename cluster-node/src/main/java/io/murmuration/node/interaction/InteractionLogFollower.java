package io.murmuration.node.interaction;

import akka.actor.typed.ActorSystem;
import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.NoOffset;
import akka.persistence.query.Offset;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.query.TimeBasedUUID;
import akka.stream.KillSwitches;
import akka.stream.RestartSettings;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.RestartSource;
import akka.stream.javadsl.Sink;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Follows the interaction log live through the journal's tag query: from a position (a checkpoint's) or the
 * log's start, then every interaction as it is recorded, surviving journal outages by restarting the query with back-off
 * where it left off. For any component that keeps a running view of the log.
 */
public final class InteractionLogFollower {

    private static final RestartSettings BACKOFF =
            RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);

    private InteractionLogFollower() {}

    /** An interaction with its position in the log: the tag query's time-based UUID, to resume after. */
    public record Positioned(InteractionRecorded event, UUID offset) {}

    /**
     * Delivers every interaction tagged {@code tag} recorded after {@code after} (from the log's start when null) to
     * {@code sink}, with its position, one at a time on a stream thread, until the returned switch is shut down (an actor
     * that stops or hands over should shut it down). The sink must not throw: restarts cover the journal query, not the
     * consumer.
     */
    public static UniqueKillSwitch followAfter(ActorSystem<?> system, String tag, UUID after, Consumer<Positioned> sink) {
        CassandraReadJournal journal =
                PersistenceQuery.get(system).getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
        // A restarted query resumes after the last event delivered, so nothing is delivered twice.
        AtomicReference<Offset> resumeAfter =
                new AtomicReference<>(after == null ? NoOffset.getInstance() : new TimeBasedUUID(after));
        return RestartSource.withBackoff(BACKOFF, () -> journal.eventsByTag(tag, resumeAfter.get()))
                .map(envelope -> {
                    resumeAfter.set(envelope.offset());
                    return envelope;
                })
                .filter(envelope -> envelope.event() instanceof InteractionRecorded && envelope.offset() instanceof TimeBasedUUID)
                .map(envelope -> new Positioned((InteractionRecorded) envelope.event(), ((TimeBasedUUID) envelope.offset()).value()))
                .viaMat(KillSwitches.single(), Keep.right())
                .toMat(Sink.foreach(sink::accept), Keep.left())
                .run(system);
    }

    /** The log under {@code tag} as an {@link InteractionFeed}. */
    public static InteractionFeed feed(ActorSystem<?> system, String tag) {
        return (after, sink) -> followAfter(system, tag, after, sink)::shutdown;
    }
}
