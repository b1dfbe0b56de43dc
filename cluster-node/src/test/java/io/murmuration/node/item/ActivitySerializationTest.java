package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.murmuration.node.WireRoundTrip;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The ask for candidates' activity and its answer cross the network when the shard lives on another node than the
 * recommender: written and read back by the node's configured serializer, they are the same.
 */
class ActivitySerializationTest {

    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static <T> T roundTrip(T message) {
        return WireRoundTrip.of(testKit.system(), message);
    }

    @Test
    void anAnswerKeepsEveryItemsFactsTheLatestTimeAndThePopularities() {
        Instant t = Instant.parse("2026-12-07T10:00:00Z");
        ItemShard.ActivityFacts facts = new ItemShard.ActivityFacts(Map.of(
                "a", new ItemActivity.Facts(3, t.minusSeconds(86_400 * 400L), t),
                "é", new ItemActivity.Facts(Long.MAX_VALUE, Instant.EPOCH, t.plusSeconds(1))), t.plusSeconds(2),
                Map.of("a", 12.5, "é", Double.MIN_VALUE, "never-taken", 0.0));

        assertEquals(facts, roundTrip(facts));
    }

    @Test
    void anAnswerOfAShardThatSawNothingKeepsItsMissingTime() {
        ItemShard.ActivityFacts nothing = new ItemShard.ActivityFacts(Map.of(), null, Map.of());

        ItemShard.ActivityFacts back = roundTrip(nothing);
        assertEquals(Map.of(), back.byItem());
        assertNull(back.latest());
        assertEquals(Map.of(), back.popularity());
    }

    @Test
    void anAnswerWithoutPopularitiesAsAShardOfTheVersionBeforeSendsStaysWithout() {
        ItemShard.ActivityFacts before = new ItemShard.ActivityFacts(Map.of(), Instant.EPOCH, null);

        assertNull(roundTrip(before).popularity());
    }

    @Test
    void theAskKeepsItsItemsAndWhomToAnswer() {
        TestProbe<ItemShard.ActivityFacts> probe = testKit.createTestProbe();
        ItemShard.Activities ask = new ItemShard.Activities(List.of("a", "b"), probe.ref());

        assertEquals(ask, roundTrip(ask));
    }
}
