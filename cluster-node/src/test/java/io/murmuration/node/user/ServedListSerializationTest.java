package io.murmuration.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.murmuration.node.WireRoundTrip;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A served list crosses the network when the user's entity lives on another node than the recommender that served
 * it: written and read back by the node's configured serializer, the sets of each item are the same numbers; and so
 * does a user's taste, with the time of the user's latest interaction.
 */
class ServedListSerializationTest {

    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static <T> T roundTrip(T message) {
        return WireRoundTrip.of(testKit.system(), message);
    }

    @Test
    void aServedListKeepsEachItemsSetsAcrossTheWire() {
        // Bits past 31 too: a set's bit may be any of 64.
        UserEntity.ServedList list = new UserEntity.ServedList(List.of("a", "b"), "v1", Instant.parse("2026-12-05T10:00:00Z"),
                Map.of("a", 0b101L, "b", 1L << 40, "c", 2L));

        UserEntity.ListServed back = roundTrip(new UserEntity.ListServed(list));

        assertEquals(list, back.list());
        assertEquals(0b101L, back.list().setsHolding("a"));
        assertEquals(1L << 40, back.list().setsHolding("b"));
        assertEquals(0L, back.list().setsHolding("z"));
    }

    @Test
    void aListOfAFixedBlendHasNoSetsAfterTheWireEither() {
        UserEntity.ServedList list = new UserEntity.ServedList(List.of("a"), "v1", Instant.parse("2026-12-05T10:00:00Z"));

        UserEntity.ListServed back = roundTrip(new UserEntity.ListServed(list));

        assertNull(back.list().setsByItem());
        assertEquals(0L, back.list().setsHolding("a"));
    }

    @Test
    void aTasteKeepsItsUsersTimesAcrossTheWireAndOneWithoutThemReadsAsUnknown() {
        UserEntity.Taste taste = new UserEntity.Taste("u", 3, "v1", new float[] {0.5f}, List.of("a", "b"), Set.of("a"),
                null, 0.25, Instant.parse("2026-12-05T10:00:00Z"),
                List.of(Instant.parse("2026-12-05T10:00:00Z"), Instant.parse("2026-11-05T10:00:00Z")));
        UserEntity.Taste back = roundTrip(taste);
        assertEquals(taste.lastSeen(), back.lastSeen());
        assertEquals(taste.recentTakenAt(), back.recentTakenAt());

        UserEntity.Taste before = new UserEntity.Taste("u", 3, null, null, List.of("a"), Set.of("a"), null, 0, null, null);
        assertNull(roundTrip(before).lastSeen());
        assertNull(roundTrip(before).recentTakenAt());
    }
}
