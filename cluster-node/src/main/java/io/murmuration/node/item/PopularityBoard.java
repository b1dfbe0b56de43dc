package io.murmuration.node.item;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.NoOffset;
import akka.persistence.query.Offset;
import akka.persistence.query.PersistenceQuery;
import akka.stream.RestartSettings;
import akka.stream.javadsl.RestartSource;
import akka.stream.javadsl.Sink;
import io.murmuration.node.CborSerializable;
import io.murmuration.node.user.UserEntity.InteractionRecorded;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This node's view of what is popular: follows the whole interaction log through the journal's tag query, so
 * every node converges on the same ranking, whichever node ingested the events, and rebuilds it after a
 * restart. Registers each item in the catalog the first time it appears.
 */
public final class PopularityBoard {

    public sealed interface Command permits GetPopular, Observed {}

    public record GetPopular(int k, ActorRef<Popular> replyTo) implements Command {}

    public record Popular(List<ScoredItem> items) implements CborSerializable {}

    private record Observed(InteractionRecorded event) implements Command {}

    private PopularityBoard() {}

    public static Behavior<Command> create(String interactionTag, Duration halfLife, ItemCatalog catalog) {
        return Behaviors.setup(
                ctx -> {
                    followInteractionLog(ctx, interactionTag);
                    DecayedPopularity popularity = new DecayedPopularity(halfLife);
                    return Behaviors.receive(Command.class)
                            .onMessage(
                                    Observed.class,
                                    msg -> {
                                        InteractionRecorded e = msg.event();
                                        boolean isNew = popularity.add(e.itemId(), InteractionWeights.of(e.type(), e.value()), e.timestamp());
                                        if (isNew) {
                                            catalog
                                                    .register(e.itemId(), e.timestamp())
                                                    .whenComplete(
                                                            (done, failure) -> {
                                                                if (failure != null)
                                                                    ctx.getLog().warn("Could not register item {} in the catalog", e.itemId(), failure);
                                                            });
                                        }
                                        return Behaviors.same();
                                    })
                            .onMessage(
                                    GetPopular.class,
                                    msg -> {
                                        msg.replyTo().tell(new Popular(popularity.top(msg.k())));
                                        return Behaviors.same();
                                    })
                            .build();
                });
    }

    private static void followInteractionLog(ActorContext<Command> ctx, String tag) {
        CassandraReadJournal journal =
                PersistenceQuery.get(ctx.getSystem()).getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
        ActorRef<Command> self = ctx.getSelf();
        // A restarted query resumes after the last event counted, so nothing is counted twice.
        AtomicReference<Offset> resumeAfter = new AtomicReference<>(NoOffset.getInstance());
        RestartSettings backoff = RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);
        RestartSource.withBackoff(backoff, () -> journal.eventsByTag(tag, resumeAfter.get()))
                .map(
                        envelope -> {
                            resumeAfter.set(envelope.offset());
                            return envelope.event();
                        })
                .filter(InteractionRecorded.class::isInstance)
                .runWith(Sink.foreach(event -> self.tell(new Observed((InteractionRecorded) event))), ctx.getSystem());
    }
}
