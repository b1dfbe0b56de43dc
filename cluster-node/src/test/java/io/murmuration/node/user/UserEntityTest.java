package io.murmuration.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.Settings.UserLimits;
import io.murmuration.node.item.ScoredItem;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserEntityTest {

    private static final UserLimits LIMITS = new UserLimits(5, 4, 8, 3);
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private static final ActorTestKit testKit =
            ActorTestKit.create(
                    EventSourcedBehaviorTestKit.config()
                            .withFallback(ConfigFactory.parseString("akka.actor.provider = local"))
                            .withFallback(ConfigFactory.load()));

    private EventSourcedBehaviorTestKit<UserEntity.Command, UserEntity.Event, UserProfile> user;

    @BeforeEach
    void freshUser() {
        user =
                EventSourcedBehaviorTestKit.create(
                        testKit.system(), UserEntity.create("alice", LIMITS, "interaction"));
        user.clear();
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static InteractionEvent event(String eventId, String itemId, int minute) {
        return new InteractionEvent(eventId, "alice", itemId, InteractionType.CLICK, null, T0.plusSeconds(60L * minute), Map.of());
    }

    private EventSourcedBehaviorTestKit.CommandResultWithReply<UserEntity.Command, UserEntity.Event, UserProfile, UserEntity.RecordResult> record(
            InteractionEvent e) {
        return user.runCommand(replyTo -> new UserEntity.RecordInteraction(e, replyTo));
    }

    @Test
    void recordsAnInteractionAsOneTaggedEvent() {
        var result = record(event("e1", "book-1", 0));

        assertInstanceOf(UserEntity.Recorded.class, result.reply());
        UserEntity.InteractionRecorded persisted = result.eventOfType(UserEntity.InteractionRecorded.class);
        assertEquals("book-1", persisted.itemId());
        assertEquals("click", persisted.type());
        assertEquals(1, result.state().eventCount());
        assertEquals(Map.of("click", 1L), result.state().countsByType());
    }

    @Test
    void acknowledgesARedeliveredEventIdWithoutPersistingItTwice() {
        record(event("e1", "book-1", 0));

        var again = record(event("e1", "book-1", 0));

        assertInstanceOf(UserEntity.AlreadyRecorded.class, again.reply());
        assertTrue(again.hasNoEvents());
        assertEquals(1, again.state().eventCount());
    }

    @Test
    void keepsHistorySeenItemsAndEventIdsWithinTheirLimits() {
        for (int i = 0; i < 20; i++) record(event("e" + i, "item-" + i, i));

        UserProfile state = user.getState();
        assertEquals(20, state.eventCount());
        assertEquals(LIMITS.recentHistorySize(), state.recentHistory().size());
        assertEquals("e19", state.recentHistory().get(state.recentHistory().size() - 1).eventId());
        assertEquals(LIMITS.seenItemsSize(), state.seenItems().size());
        assertEquals(LIMITS.dedupeWindow(), state.recentEventIds().size());
        assertTrue(state.hasRecorded("e19"));
        assertFalse(state.hasRecorded("e0"), "ids older than the window are forgotten");
    }

    @Test
    void recoversTheSameStateFromSnapshotAndLaterEvents() {
        for (int i = 0; i < 7; i++) record(event("e" + i, "item-" + (i % 3), i)); // snapshot every 3 events
        UserProfile before = user.getState();

        var restarted = user.restart();

        assertEquals(before, restarted.state());
        assertInstanceOf(UserEntity.AlreadyRecorded.class, record(event("e6", "item-0", 6)).reply());
    }

    @Test
    void recommendsCandidatesInOrderLeavingOutConsumedItems() {
        record(event("e1", "b", 0));
        List<ScoredItem> candidates =
                List.of(new ScoredItem("a", 5), new ScoredItem("b", 4), new ScoredItem("c", 3), new ScoredItem("d", 2));

        UserEntity.Recommendations reply =
                user.<UserEntity.Recommendations>runCommand(replyTo -> new UserEntity.GetRecommendations(2, candidates, replyTo))
                        .reply();

        assertEquals(List.of("a", "c"), reply.items().stream().map(ScoredItem::itemId).toList());
        assertFalse(reply.fallback());
    }

    @Test
    void aUserWithoutHistoryGetsTheCandidatesAsAFallback() {
        List<ScoredItem> candidates = List.of(new ScoredItem("a", 5), new ScoredItem("b", 4));

        UserEntity.Recommendations reply =
                user.<UserEntity.Recommendations>runCommand(replyTo -> new UserEntity.GetRecommendations(10, candidates, replyTo))
                        .reply();

        assertTrue(reply.fallback());
        assertEquals(2, reply.items().size());
    }
}
