package io.murmuration.node.item;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import io.murmuration.node.CborSerializable;
import java.util.List;

/**
 * This node's copy of what is popular: the head of the cluster's ranking as the {@link PopularityCounter} last
 * published it, so every node answers the same list, from memory, and a node that starts has it within one
 * publication. Until the first arrives the list is empty (a user's list then goes without popular items).
 */
public final class PopularityBoard {

    public sealed interface Command permits GetPopular, Ranking {}

    public record GetPopular(int k, ActorRef<Popular> replyTo) implements Command {}

    public record Popular(List<ScoredItem> items) implements CborSerializable {}

    /** The head of the cluster's ranking, best first, as the counter publishes it to every node. */
    public record Ranking(List<ScoredItem> items) implements Command, CborSerializable {

        public Ranking {
            items = List.copyOf(items);
        }
    }

    private PopularityBoard() {}

    public static Behavior<Command> create(ActorRef<Topic.Command<Ranking>> rankings) {
        return Behaviors.setup(ctx -> {
            rankings.tell(Topic.subscribe(ctx.getSelf().narrow()));
            return serving(List.of());
        });
    }

    private static Behavior<Command> serving(List<ScoredItem> ranking) {
        return Behaviors.receive(Command.class)
                .onMessage(Ranking.class, latest -> serving(latest.items()))
                .onMessage(GetPopular.class, msg -> {
                    msg.replyTo().tell(new Popular(ranking.size() <= msg.k() ? ranking : ranking.subList(0, msg.k())));
                    return Behaviors.same();
                })
                .build();
    }
}
