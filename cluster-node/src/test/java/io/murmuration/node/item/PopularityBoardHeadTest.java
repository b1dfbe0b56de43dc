package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.pubsub.Topic;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The head the user entities judge interactions against follows the board's own list, heard interactions included. */
class PopularityBoardHeadTest {

    private static final ActorTestKit testKit = ActorTestKit.create(
            ConfigFactory.parseString("akka.actor.provider = local").withFallback(ConfigFactory.load()));
    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void isSetByTheFirstPublicationThenMovesWithEveryInteractionHeardWithinItsLag() {
        ActorRef<Topic.Command<PopularityBoard.Ranking>> rankings =
                testKit.spawn(Topic.create(PopularityBoard.Ranking.class, "head-test-rankings"));
        ActorRef<Topic.Command<PopularityBoard.Interacted>> interactions =
                testKit.spawn(Topic.create(PopularityBoard.Interacted.class, "head-test-interactions"));
        PopularHead head = new PopularHead(2);
        ActorRef<PopularityBoard.Command> board = testKit.spawn(PopularityBoard.create(rankings, interactions,
                new PopularityBoard.Settings(Duration.ofDays(2), Duration.ofSeconds(30), 1000), head));
        TestProbe<Object> waiting = testKit.createTestProbe();

        // an interaction heard before any publication sets nothing: this node's list is only what it happened to hear
        board.tell(new PopularityBoard.Interacted("e0", "c", 1, T));
        waiting.expectNoMessage(PopularityBoard.HEAD_LAG.multipliedBy(4));
        assertFalse(head.isSet());

        // the first publication sets it
        board.tell(new PopularityBoard.Ranking(
                List.of(new ScoredItem("a", 10), new ScoredItem("b", 5), new ScoredItem("c", 1)), T, List.of("e0")));
        waiting.awaitAssert(Duration.ofSeconds(3), () -> {
            assertEquals(List.of(true, true, false), List.of(head.holds("a"), head.holds("b"), head.holds("c")));
            return null;
        });

        // two purchases of c heard, no publication since: c passes b within the head's lag
        board.tell(new PopularityBoard.Interacted("e1", "c", 8, T));
        board.tell(new PopularityBoard.Interacted("e2", "c", 8, T));
        waiting.awaitAssert(Duration.ofSeconds(3), () -> {
            assertEquals(List.of(true, false, true), List.of(head.holds("a"), head.holds("b"), head.holds("c")));
            return null;
        });
    }
}
