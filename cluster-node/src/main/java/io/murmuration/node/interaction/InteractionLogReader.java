package io.murmuration.node.interaction;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.NoOffset;
import akka.persistence.query.Offset;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.query.TimeBasedUUID;
import akka.stream.javadsl.Sink;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Reads the whole interaction log back from the journal, in the order it was written, through the tag every
 * interaction event carries. This is the trainer's input and the audit's raw material; it ends at the
 * events present when it started.
 */
public final class InteractionLogReader {

    private final ActorSystem<?> system;
    private final String interactionTag;

    public InteractionLogReader(ActorSystem<?> system, String interactionTag) {
        this.system = system;
        this.interactionTag = interactionTag;
    }

    /** Hands every interaction event recorded so far to {@code sink}, one at a time, on a stream thread. */
    public CompletionStage<Done> readAll(Consumer<InteractionRecorded> sink) {
        return readSince(Optional.empty(), sink);
    }

    /**
     * Hands every interaction event recorded after {@code after} (a time-based UUID of the tag query; the whole log when
     * empty) up to now to {@code sink}. Reading from a recent offset touches only the log's recent time buckets.
     */
    public CompletionStage<Done> readSince(Optional<UUID> after, Consumer<InteractionRecorded> sink) {
        CassandraReadJournal journal = PersistenceQuery.get(system)
                .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
        Offset from = after.<Offset>map(TimeBasedUUID::new).orElse(NoOffset.getInstance());
        return journal.currentEventsByTag(interactionTag, from)
                .map(envelope -> envelope.event())
                .filter(InteractionRecorded.class::isInstance)
                .map(InteractionRecorded.class::cast)
                .runWith(Sink.foreach(sink::accept), system);
    }
}
