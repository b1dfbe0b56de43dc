package io.murmuration.node.item;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import io.murmuration.node.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * This node's copy of what is popular: the head of the cluster's ranking as the {@link PopularityCounter} last
 * published it, so every node answers the same list, from memory, and a node that starts has it within one
 * publication; plus every interaction the cluster's user entities recorded since, which each publishes to every
 * node's board the moment it is persisted, until a publication has counted it ({@link FreshPopularity}). So the popular
 * list moves with the interaction just made, not seconds later. Until the first publication arrives the list holds
 * only the interactions heard of (a user's list goes without popular items while it is empty).
 */
public final class PopularityBoard {

    public sealed interface Command permits GetPopular, Ranking, Interacted, RefreshHead {}

    /** Time to bring the shared head up to the interactions heard since it was last set. */
    private enum RefreshHead implements Command { INSTANCE }

    /**
     * How far the shared head ({@link PopularHead}) may lag the board's own list: it is ranked again at most this often
     * while interactions arrive, not on every one (a ranking costs the head plus every interaction heard of).
     */
    static final Duration HEAD_LAG = Duration.ofMillis(50);

    public record GetPopular(int k, ActorRef<Popular> replyTo) implements Command {}

    public record Popular(List<ScoredItem> items) implements CborSerializable {}

    /**
     * The head of the cluster's ranking, best first, scored as of event time {@code asOf} (null: nothing counted yet),
     * and the event ids the counter counted since its previous publication, as the counter publishes it to every node.
     */
    public record Ranking(List<ScoredItem> items, Instant asOf, List<String> counted) implements Command, CborSerializable {

        public Ranking {
            items = List.copyOf(items);
            // A counter on a node of the version before names nothing (a rolling deploy): its publication still serves.
            counted = counted == null ? List.of() : List.copyOf(counted);
        }
    }

    /** An interaction a user entity just recorded, published to every node's board. */
    public record Interacted(String eventId, String itemId, double weight, Instant at) implements Command, CborSerializable {}

    /** Decay as the counter's; how long an interaction heard of counts without a publication naming it; how many. */
    public record Settings(Duration halfLife, Duration heardKeptFor, int maxHeard) {}

    private PopularityBoard() {}

    /**
     * A board that also keeps {@code head} to the head of its own list, within {@link #HEAD_LAG} of the latest
     * interaction heard of; from the first publication on (before it, the list is only what this node happened to hear).
     */
    public static Behavior<Command> create(ActorRef<Topic.Command<Ranking>> rankings,
            ActorRef<Topic.Command<Interacted>> interactions, Settings settings, PopularHead head) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            rankings.tell(Topic.subscribe(ctx.getSelf().narrow()));
            interactions.tell(Topic.subscribe(ctx.getSelf().narrow()));
            FreshPopularity popularity = new FreshPopularity(settings.halfLife(), settings.heardKeptFor(),
                    settings.maxHeard(), System::nanoTime);
            return Behaviors.receive(Command.class)
                    .onMessage(Ranking.class, latest -> {
                        popularity.published(latest.items(), latest.asOf(), latest.counted());
                        head.update(popularity.top(head.size()));
                        return Behaviors.same();
                    })
                    .onMessage(Interacted.class, i -> {
                        popularity.heard(i.eventId(), i.itemId(), i.weight(), i.at());
                        if (head.isSet() && !timers.isTimerActive(RefreshHead.INSTANCE)) {
                            timers.startSingleTimer(RefreshHead.INSTANCE, HEAD_LAG);
                        }
                        return Behaviors.same();
                    })
                    .onMessage(RefreshHead.class, tick -> {
                        head.update(popularity.top(head.size()));
                        return Behaviors.same();
                    })
                    .onMessage(GetPopular.class, msg -> {
                        msg.replyTo().tell(new Popular(popularity.top(msg.k())));
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
