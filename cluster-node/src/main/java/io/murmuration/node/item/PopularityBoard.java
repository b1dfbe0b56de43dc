package io.murmuration.node.item;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.NoOffset;
import akka.persistence.query.Offset;
import akka.persistence.query.PersistenceQuery;
import akka.stream.KillSwitches;
import akka.stream.RestartSettings;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.RestartSource;
import akka.stream.javadsl.Sink;
import io.murmuration.node.CborSerializable;
import io.murmuration.node.Supervision;
import io.murmuration.node.user.UserEntity.InteractionRecorded;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This node's view of what is popular: follows the whole interaction log through the journal's tag query, so
 * every node converges on the same ranking, whichever node ingested the events, and rebuilds it after a
 * restart. Registers each item in the catalog the first time it appears.
 *
 * <p>Supervised to restart with back-off; the counts and the position in the log outlive a restart, so a restarted
 * board resumes after the last event it was handed instead of meeting the one that failed it again.
 */
public final class PopularityBoard {

    public sealed interface Command permits GetPopular, Observed {}

    public record GetPopular(int k, ActorRef<Popular> replyTo) implements Command {}

    public record Popular(List<ScoredItem> items) implements CborSerializable {}

    private record Observed(InteractionRecorded event) implements Command {}

    private PopularityBoard() {}

    public static Behavior<Command> create(String interactionTag, Duration halfLife, ItemCatalog catalog, Supervision supervision) {
        // Created once, outside the restarted behaviour: what a restart must not lose.
        DecayedPopularity popularity = new DecayedPopularity(halfLife);
        AtomicReference<Offset> resumeAfter = new AtomicReference<>(NoOffset.getInstance());
        return supervision.restarting(Behaviors.setup(
                ctx -> {
                    UniqueKillSwitch following = followInteractionLog(ctx, interactionTag, resumeAfter);
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
                            // The restarted behaviour follows the log anew, from where this one was.
                            .onSignal(PreRestart.class, signal -> {
                                following.shutdown();
                                return Behaviors.same();
                            })
                            .onSignal(PostStop.class, signal -> {
                                following.shutdown();
                                return Behaviors.same();
                            })
                            .build();
                }));
    }

    private static UniqueKillSwitch followInteractionLog(ActorContext<Command> ctx, String tag, AtomicReference<Offset> resumeAfter) {
        CassandraReadJournal journal =
                PersistenceQuery.get(ctx.getSystem()).getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
        ActorRef<Command> self = ctx.getSelf();
        // A restarted query resumes after the last event counted, so nothing is counted twice.
        RestartSettings backoff = RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);
        return RestartSource.withBackoff(backoff, () -> journal.eventsByTag(tag, resumeAfter.get()))
                .map(
                        envelope -> {
                            resumeAfter.set(envelope.offset());
                            return envelope.event();
                        })
                .filter(InteractionRecorded.class::isInstance)
                .viaMat(KillSwitches.single(), Keep.right())
                .toMat(Sink.foreach(event -> self.tell(new Observed((InteractionRecorded) event))), Keep.left())
                .run(ctx.getSystem());
    }
}
