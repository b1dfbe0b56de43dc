package io.murmuration.node.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.Settings.UserLimits;
import io.murmuration.node.drift.DriftMonitor;
import io.murmuration.node.drift.DriftSettings;
import io.murmuration.node.interaction.EarlierItem;
import io.murmuration.node.interaction.InteractionRecorded;
import io.murmuration.node.interaction.UserEvent;
import io.murmuration.node.item.CoVisitations;
import io.murmuration.node.item.ItemShard;
import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.model.serving.ActiveModel;
import io.murmuration.node.model.serving.ServingModel;
import io.murmuration.node.model.serving.UserEmbedding;
import io.murmuration.node.model.versions.ModelStore;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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

    private static final Duration HALF_LIFE = Duration.ofHours(1);
    private static final int WINDOW = 2;
    // The defaults of reference.conf.
    private static final DriftSettings.PerUser DRIFT = new DriftSettings.PerUser(0.1, 5, 20, 0.1);

    private EventSourcedBehaviorTestKit<UserEntity.Command, UserEvent, UserProfile> user;
    private ActiveModel model;
    private List<ItemShard.ObserveVisit> visits;
    private List<DriftMonitor.Command> toMonitor;

    @BeforeEach
    void freshUser() {
        model = new ActiveModel();
        visits = new CopyOnWriteArrayList<>();
        toMonitor = new CopyOnWriteArrayList<>();
        user =
                EventSourcedBehaviorTestKit.create(
                        testKit.system(),
                        UserEntity.create("alice", LIMITS, "interaction",
                                new UserEntity.OnlineLearning(model, HALF_LIFE, WINDOW, visits::add, DRIFT, toMonitor::add)));
        user.clear();
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static InteractionEvent event(String eventId, String itemId, int minute) {
        return new InteractionEvent(eventId, "alice", itemId, InteractionType.CLICK, null, T0.plusSeconds(60L * minute), Map.of());
    }

    private EventSourcedBehaviorTestKit.CommandResultWithReply<UserEntity.Command, UserEvent, UserProfile, UserEntity.RecordResult> record(
            InteractionEvent e) {
        return user.runCommand(replyTo -> new UserEntity.RecordInteraction(e, replyTo));
    }

    @Test
    void recordsAnInteractionAsOneTaggedEvent() {
        var result = record(event("e1", "book-1", 0));

        assertInstanceOf(UserEntity.Recorded.class, result.reply());
        InteractionRecorded persisted = result.eventOfType(InteractionRecorded.class);
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
    void tasteListsRecentPositiveItemsNewestFirstAndLeavesOutConsumedItemsOfExcludedTypes() {
        record(event("e1", "a", 0));
        record(new InteractionEvent("e2", "alice", "b", InteractionType.SKIP, null, T0.plusSeconds(60), Map.of()));
        record(event("e3", "c", 2));

        UserEntity.Taste all = taste(Set.copyOf(InteractionType.wireNames()));
        UserEntity.Taste skipsOnly = taste(Set.of("skip"));

        assertEquals(List.of("c", "a"), all.recentItems(), "a skip is not a positive item");
        assertEquals(List.of(T0.plusSeconds(120), T0), all.recentTakenAt(), "when each recent item was taken");
        assertEquals(Set.of("a", "b", "c"), all.exclude());
        assertEquals(Set.of("b"), skipsOnly.exclude());
        assertNull(all.embedding(), "no model version is active yet");

        record(event("e4", "a", 3));
        UserEntity.Taste again = taste(Set.of("skip"));
        assertEquals(List.of("a", "c"), again.recentItems());
        assertEquals(List.of(T0.plusSeconds(180), T0.plusSeconds(120)), again.recentTakenAt(),
                "an item taken again counts from its latest taking");
    }

    @Test
    void embeddingFollowsEveryEventAndIsRefoldedWhenTheVersionChanges() {
        model.serve(servingModel("v1", new float[] {1, 0, 0, 1}));
        record(event("e1", "a", 0));
        UserEntity.Taste afterA = taste(Set.of());
        record(event("e2", "b", 1));
        record(event("e3", "b", 2));
        UserEntity.Taste afterB = taste(Set.of());

        assertEquals("v1", afterA.versionId());
        assertTrue(afterA.embedding()[0] > afterA.embedding()[1], "leans towards a");
        assertTrue(afterB.embedding()[1] > afterB.embedding()[0], "two later events on b outweigh one on a");

        ServingModel v2 = servingModel("v2", new float[] {0, 1, 1, 0});
        model.serve(v2);
        UserEntity.Taste onV2 = taste(Set.of());

        assertEquals("v2", onV2.versionId());
        float[] expected = UserEmbedding.refold(v2, HALF_LIFE, List.of(
                new UserEmbedding.Observation("a", 2, T0),
                new UserEmbedding.Observation("b", 2, T0.plusSeconds(60)),
                new UserEmbedding.Observation("b", 2, T0.plusSeconds(120)))).vector();
        assertArrayEquals(expected, onV2.embedding(), 1e-6f);
    }

    @Test
    void remembersAnEmbeddingSearchOnlyWhileItsEmbeddingStaysTheUsers() {
        model.serve(servingModel("v1", new float[] {1, 0, 0, 1}));
        record(event("e1", "a", 0));
        UserEntity.Taste first = taste(Set.of());
        assertNull(first.searched(), "nothing searched yet");

        List<ScoredItem> found = List.of(new ScoredItem("b", 0.9));
        user.runCommand(new UserEntity.RememberCandidates(
                new UserEntity.SearchedCandidates("v1", first.eventCount(), 50, found)));
        assertEquals(found, taste(Set.of()).searched().items(), "asked again without acting: the search is remembered");

        // A search that an interaction overtook is not kept.
        record(event("e2", "b", 1));
        assertNull(taste(Set.of()).searched(), "the interaction changed the embedding");
        user.runCommand(new UserEntity.RememberCandidates(new UserEntity.SearchedCandidates("v1", first.eventCount(), 50, found)));
        assertNull(taste(Set.of()).searched(), "found for the embedding before e2");

        UserEntity.Taste current = taste(Set.of());
        user.runCommand(new UserEntity.RememberCandidates(new UserEntity.SearchedCandidates("v1", current.eventCount(), 50, found)));
        model.serve(servingModel("v2", new float[] {0, 1, 1, 0}));
        assertNull(taste(Set.of()).searched(), "a new version means a new embedding");
    }

    @Test
    void tellsTheItemsEachVisitWithTheDistinctItemsBeforeItLatestFirstAndRecordsThemWithTheEvent() {
        // given a user who clicked a, b, a, c (a click weighs 2)
        record(event("e1", "a", 0));
        record(event("e2", "b", 1));
        record(event("e3", "a", 2));
        var fourth = record(event("e4", "c", 3));

        // then each visit went to the items with the distinct items before it, latest first, at most WINDOW of them
        EarlierItem a = new EarlierItem("a", 2.0);
        EarlierItem b = new EarlierItem("b", 2.0);
        assertEquals(List.of(
                new ItemShard.ObserveVisit(new CoVisitations.Visit("a", 2.0, List.of(), T0), "e1"),
                new ItemShard.ObserveVisit(new CoVisitations.Visit("b", 2.0, List.of(a), T0.plusSeconds(60)), "e2"),
                new ItemShard.ObserveVisit(new CoVisitations.Visit("a", 2.0, List.of(b, a), T0.plusSeconds(120)), "e3"),
                new ItemShard.ObserveVisit(new CoVisitations.Visit("c", 2.0, List.of(a, b), T0.plusSeconds(180)), "e4")),
                visits);
        // and the journal has them, so the log read back pairs the same way
        assertEquals(List.of(a, b), ((InteractionRecorded) fourth.events().get(0)).earlierItems());
    }

    @Test
    void creditsTheWeightSetsWhoseListsHeldTheFirstItemTakenAfterEachList() {
        // given a user whose credits are collected
        List<String> credits = new CopyOnWriteArrayList<>();
        user = EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create("alice", LIMITS, "interaction",
                new UserEntity.OnlineLearning(model, HALF_LIFE, WINDOW, visits::add, DRIFT, toMonitor::add,
                        (context, mask) -> credits.add(context + ":" + mask), item -> null)));
        record(event("e0", "a", 0));
        Map<String, Long> sets = Map.of("x", 0b101L, "y", 0b010L);

        // when it takes x after a list that sets 0 and 2 had x in, then y without a new list
        user.runCommand(new UserEntity.ListServed(new UserEntity.ServedList(List.of("x"), "v1", T0, sets)));
        record(event("e1", "x", 1));
        record(event("e2", "y", 2));
        // then skips y after the next list, served in the leader's context 2, and takes z, which no set had
        user.runCommand(new UserEntity.ListServed(new UserEntity.ServedList(List.of("x"), "v1", T0, sets, 2)));
        record(new InteractionEvent("e3", "alice", "y", InteractionType.SKIP, null, T0.plusSeconds(180), Map.of()));
        record(event("e4", "z", 4));
        // and takes x after a list of a fixed blend, which names no sets
        user.runCommand(new UserEntity.ListServed(new UserEntity.ServedList(List.of("x"), "v1", T0)));
        record(event("e5", "x", 5));

        // then each list with sets was credited once, by the first item taken after it, in its context; a skip is not
        // taking
        assertEquals(List.of("0:5", "2:0"), credits);
        // and the drift monitor still counted a hit against every served list
        assertEquals(2, toMonitor.stream().filter(c -> c instanceof DriftMonitor.Observe o && Boolean.TRUE.equals(o.hit())).count());
    }

    @Test
    void teachesTheLearnedRankingTheCandidateTakenFirstAfterEachList() {
        // given a user whose ranking steps are collected
        List<String> steps = new CopyOnWriteArrayList<>();
        user = EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create("alice", LIMITS, "interaction",
                new UserEntity.OnlineLearning(model, HALF_LIFE, WINDOW, visits::add, DRIFT, toMonitor::add,
                        (context, mask) -> {}, item -> null,
                        (candidates, taken) -> steps.add(candidates.itemIds().get(taken) + "@" + taken))));
        record(event("e0", "a", 0));
        UserEntity.RankedCandidates candidates =
                new UserEntity.RankedCandidates(List.of("x", "y", "z"), new float[3], new float[] {1, 0});

        // when it skips y after a list ranked from x, y, z, then takes y, then z without a new list
        user.runCommand(new UserEntity.ListServed(new UserEntity.ServedList(List.of("x"), "v1", T0, null, 0, candidates)));
        record(new InteractionEvent("e1", "alice", "y", InteractionType.SKIP, null, T0.plusSeconds(60), Map.of()));
        record(event("e2", "y", 2));
        record(event("e3", "z", 3));
        // and takes w, which was not among the next list's candidates, then x
        user.runCommand(new UserEntity.ListServed(new UserEntity.ServedList(List.of("x"), "v1", T0, null, 0, candidates)));
        record(event("e4", "w", 4));
        record(event("e5", "x", 5));

        // then only the first positive item after each list teaches, and only when it was a candidate
        assertEquals(List.of("y@1"), steps);
    }

    @Test
    void recordsWhetherEachItemWasInThePopularHeadAndCountsThePositiveOnesIntoTheUsersShare() {
        // given a node whose popular head holds "hit" and "hot", and that has no list at all for "unjudged"
        user = EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create("alice", LIMITS, "interaction",
                new UserEntity.OnlineLearning(model, HALF_LIFE, WINDOW, visits::add, DRIFT, toMonitor::add,
                        (context, mask) -> {}, item -> item.equals("unjudged") ? null : Set.of("hit", "hot").contains(item))));

        // when the user takes hit, cold, hot and unjudged, and skips hit
        List<UserEvent> journal = new ArrayList<>();
        int minute = 0;
        for (String item : List.of("hit", "cold", "hot", "unjudged")) {
            journal.addAll(record(event("e" + minute, item, minute)).events());
            minute++;
        }
        journal.addAll(record(new InteractionEvent("e9", "alice", "hit", InteractionType.SKIP, null, T0.plusSeconds(900),
                Map.of())).events());

        // then each event says what the head said when it was recorded
        List<Boolean> flags = journal.stream().map(e -> ((InteractionRecorded) e).popular()).toList().subList(0, 4);
        assertEquals(java.util.Arrays.asList(true, false, true, null), flags);
        // and the share counts the positive, judged ones: 2 of 3 (the skip and the unjudged one count for neither)
        UserProfile profile = user.getState();
        assertEquals(3, profile.popularJudged());
        assertEquals(2, profile.popularTaken());
        assertEquals(2.0 / 3, profile.popularShare(), 1e-12);
        // and the journal alone rebuilds it, whatever the head says now
        assertEquals(profile, UserEntity.replay("alice", LIMITS, DRIFT, journal));
    }

    @Test
    void keepsRecordingAndAnsweringWhenWhatItFeedsFails() {
        // given a user whose co-occurrence and drift reports fail on every interaction
        user = EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create("alice", LIMITS, "interaction",
                new UserEntity.OnlineLearning(model, HALF_LIFE, WINDOW,
                        visit -> { throw new IllegalStateException("co-visitations down"); }, DRIFT,
                        drift -> { throw new ArithmeticException("long overflow"); })));
        model.serve(servingModel("v1", new float[] {1, 0, 0, 1}));

        // when it records three interactions
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(UserEntity.Recorded.class, record(event("e" + i, i % 2 == 0 ? "a" : "b", i)).reply());
        }

        // then every one is persisted, and the user still has a taste to recommend from
        UserEntity.Taste taste = taste(Set.of());
        assertEquals(3, taste.eventCount());
        assertEquals(List.of("a", "b"), taste.recentItems());
    }

    @Test
    void recordsEventsFromTheEdgesOfTheAcceptedWindowWithAFiniteEmbedding() {
        model.serve(servingModel("v1", new float[] {1, 0, 0, 1}));
        Instant earliest = io.murmuration.protocol.EventTimeWindow.DEFAULT.earliest();
        Instant latest = Instant.now().plus(Duration.ofDays(1));

        assertInstanceOf(UserEntity.Recorded.class, record(new InteractionEvent("e1", "alice", "a", InteractionType.RATING, 10.0,
                latest, Map.of())).reply());
        assertInstanceOf(UserEntity.Recorded.class, record(new InteractionEvent("e2", "alice", "b", InteractionType.PURCHASE, null,
                earliest, Map.of())).reply());

        float[] embedding = taste(Set.of()).embedding();
        for (float x : embedding) {
            assertTrue(Float.isFinite(x), () -> java.util.Arrays.toString(embedding));
        }
    }

    private UserEntity.Taste taste(Set<String> excludeTypes) {
        return user.<UserEntity.Taste>runCommand(replyTo -> new UserEntity.GetTaste(5, excludeTypes, replyTo)).reply();
    }

    private static ServingModel servingModel(String version, float[] factors) {
        return ServingModel.of(new ModelStore.StoredFactors(version, new String[] {"a", "b"}, factors, 2), 1.0, 1.0);
    }
}
