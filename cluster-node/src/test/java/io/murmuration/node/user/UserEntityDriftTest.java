package io.murmuration.node.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.Settings.UserLimits;
import io.murmuration.node.drift.DriftMonitor;
import io.murmuration.node.drift.DriftSettings;
import io.murmuration.node.drift.PageHinkleyDetector;
import io.murmuration.node.interaction.InteractionRecorded;
import io.murmuration.node.interaction.UserEvent;
import io.murmuration.node.model.serving.ActiveModel;
import io.murmuration.node.model.serving.ServingModel;
import io.murmuration.node.model.versions.ModelStore;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The user entity's drift test: the surprise of each interaction is measured before it is persisted and kept in the
 * event, the Page-Hinkley test runs in the event handler, an alarm is persisted with the interaction that fired it,
 * and the embedding then follows the new taste. The model has two tastes of 20 items each in two dimensions, so an
 * item of the other taste ranks below every item of the user's own.
 */
class UserEntityDriftTest {

    private static final UserLimits LIMITS = new UserLimits(100, 500, 1000, 25);
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Duration HALF_LIFE = Duration.ofDays(1);
    // In two dimensions the embedding soon fits both tastes, so the new taste's surprise stays high only for a few
    // interactions: a test more sensitive than the defaults (δ 0.05, λ 3 from docs/drift-detectors.md) fires in time.
    private static final DriftSettings.PerUser DRIFT = new DriftSettings.PerUser(0.05, 3, 20, 0.1);
    private static final int ITEMS_PER_TASTE = 60;
    /** Distinct items of a taste one user consumes: most of each taste stays unconsumed, as in a real catalogue. */
    private static final int CONSUMED_PER_TASTE = 20;
    private static final int BEFORE_SHIFT = 30;

    private static final ActorTestKit testKit =
            ActorTestKit.create(
                    EventSourcedBehaviorTestKit.config()
                            .withFallback(ConfigFactory.parseString("akka.actor.provider = local"))
                            .withFallback(ConfigFactory.load()));

    private ActiveModel model;
    private List<DriftMonitor.Command> toMonitor;
    private EventSourcedBehaviorTestKit<UserEntity.Command, UserEvent, UserProfile> alice;

    @BeforeEach
    void freshUserUnderATwoTasteModel() {
        model = new ActiveModel();
        model.serve(twoTastes("v1"));
        toMonitor = new CopyOnWriteArrayList<>();
        alice = user("alice", DRIFT);
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void writesTheSurpriseUnderTheCurrentEmbeddingIntoTheEvent() {
        // given a user who has clicked one item of taste a
        record(alice, "e0", "a-0", 0);
        float[] embedding = taste(alice).embedding();

        // when
        InteractionRecorded ownTaste = record(alice, "e1", "a-5", 1).eventOfType(InteractionRecorded.class);
        InteractionRecorded unknown = record(alice, "e2", "never-trained", 2).eventOfType(InteractionRecorded.class);

        // then
        ServingModel v1 = model.current().orElseThrow();
        assertEquals(v1.surprise().surpriseOf(embedding, v1.vectorOf("a-5").orElseThrow()), ownTaste.surprise(), 1e-12);
        assertEquals("v1", ownTaste.modelVersion());
        assertNull(unknown.surprise(), "the version does not know the item");
        assertNull(unknown.modelVersion());
        assertEquals(1, alice.getState().drift().detector().count(), "e0 found no embedding, e2 an unknown item");
    }

    @Test
    void measuresNoSurpriseWithoutAnEmbedding() {
        var noModel = user("bob", DRIFT);
        var withoutVersion = userUnder(new ActiveModel(), "carol");

        InteractionRecorded first = record(noModel, "e0", "a-0", 0).eventOfType(InteractionRecorded.class);
        InteractionRecorded noVersion = record(withoutVersion, "e0", "a-0", 0).eventOfType(InteractionRecorded.class);

        assertNull(first.surprise(), "nothing known about the user yet: its embedding is empty");
        assertNull(noVersion.surprise(), "no model version is active");
        assertEquals(DriftState.EMPTY, noModel.getState().drift());
        assertTrue(toMonitor.isEmpty(), "neither a hit nor a surprise to report");
    }

    @Test
    void persistsAnAlarmWithTheInteractionThatFiresTheTest() {
        // given a user of taste a
        clicks(alice, "a", 0, BEFORE_SHIFT);

        // when the user turns to taste b
        UserEntity.DriftDetected alarm = null;
        int shiftedEvents = 0;
        while (alarm == null && shiftedEvents < 40) {
            var result = record(alice, "e" + (BEFORE_SHIFT + shiftedEvents), "b-" + (shiftedEvents % CONSUMED_PER_TASTE),
                    BEFORE_SHIFT + shiftedEvents);
            shiftedEvents++;
            List<UserEvent> events = result.events();
            assertInstanceOf(InteractionRecorded.class, events.get(0));
            if (events.size() == 2) {
                alarm = (UserEntity.DriftDetected) events.get(1);
            }
        }

        // then
        assertNotNull(alarm, "the test fired within 40 interactions of the new taste");
        System.out.printf("[drift] user test fired after %d interactions of the new taste: %s%n", shiftedEvents, alarm);
        assertTrue(shiftedEvents <= 25, "fired after " + shiftedEvents);
        Instant firingEvent = minute(BEFORE_SHIFT + shiftedEvents - 1);
        assertEquals(firingEvent, alarm.at());
        assertEquals("user-alice-" + (BEFORE_SHIFT + shiftedEvents), alarm.alarmId());
        assertEquals("v1", alarm.modelVersion());
        assertTrue(alarm.statistic() > DRIFT.lambda());
        assertTrue(alarm.meanSurprise() > 0 && alarm.meanSurprise() < 1);
        assertTrue(!alarm.shiftFrom().isBefore(minute(BEFORE_SHIFT - 2)) && !alarm.shiftFrom().isAfter(minute(BEFORE_SHIFT + 2)),
                "the new taste began at " + minute(BEFORE_SHIFT) + ", estimated " + alarm.shiftFrom());

        DriftState drift = alice.getState().drift();
        assertEquals(PageHinkleyDetector.State.EMPTY, drift.detector(), "the test starts afresh");
        assertEquals(alarm.shiftFrom(), drift.lastShiftAt());
        assertEquals(1, drift.alarms());
        assertEquals(List.of(alarm.alarmId()), drift.recentAlarmIds());
        DriftMonitor.RaiseUserAlarm told = toMonitor.stream()
                .filter(DriftMonitor.RaiseUserAlarm.class::isInstance).map(DriftMonitor.RaiseUserAlarm.class::cast)
                .findFirst().orElseThrow();
        assertEquals(alarm.alarmId(), told.alarmId());
        assertEquals(alarm.statistic(), told.figures().get("statistic"));
    }

    @Test
    void raisesNoAlarmWhileTheTasteStaysTheSame() {
        var result = clicks(alice, "a", 0, 80);

        assertEquals(0, alice.getState().drift().alarms());
        assertEquals(79, alice.getState().drift().detector().count(), "all but the first, which found no embedding");
        assertTrue(result.stream().allMatch(r -> r.events().size() == 1));
    }

    @Test
    void afterTheAlarmTheEmbeddingFollowsTheNewTaste() {
        // given the same history for a user whose older interactions are down-weighted after an alarm, and for one
        // whose are not
        var unweighted = user("bob", new DriftSettings.PerUser(DRIFT.delta(), DRIFT.lambda(), DRIFT.minObservations(), 1.0));
        clicks(alice, "a", 0, BEFORE_SHIFT);
        clicks(unweighted, "a", 0, BEFORE_SHIFT);

        // when both turn to taste b until alice's test fires
        int n = BEFORE_SHIFT;
        while (alice.getState().drift().alarms() == 0 && n < BEFORE_SHIFT + 40) {
            record(alice, "e" + n, "b-" + (n % CONSUMED_PER_TASTE), n);
            record(unweighted, "e" + n, "b-" + (n % CONSUMED_PER_TASTE), n);
            n++;
        }
        assertEquals(1, unweighted.getState().drift().alarms(), "the same history fires the same test");

        // then
        float[] followed = taste(alice).embedding();
        float[] stayed = taste(unweighted).embedding();
        assertTrue(followed[1] > followed[0], "leans to taste b: " + followed[0] + ", " + followed[1]);
        assertTrue(stayed[0] > stayed[1], "without re-weighting still leans to taste a: " + stayed[0] + ", " + stayed[1]);
        double nextSurprise = record(alice, "e" + n, "b-19", n).eventOfType(InteractionRecorded.class).surprise();
        assertTrue(nextSurprise < 0.5, "an item of the new taste is no longer surprising: " + nextSurprise);
    }

    @Test
    void replayingTheJournalGivesTheSameProfile() {
        // given a history with a shift, an alarm and snapshots along the way
        List<UserEvent> journal = new ArrayList<>();
        clicks(alice, "a", 0, BEFORE_SHIFT).forEach(r -> journal.addAll(r.events()));
        clicks(alice, "b", BEFORE_SHIFT, 60).forEach(r -> journal.addAll(r.events()));
        UserProfile before = alice.getState();
        assertEquals(1, before.drift().alarms());

        // when the entity replays its journal alone, and an audit folds the same events
        alice.snapshotTestKit().orElseThrow().clearAll();
        var restarted = alice.restart();
        UserProfile audited = UserEntity.replay("alice", LIMITS, DRIFT, journal);

        // then
        assertEquals(before, restarted.state());
        assertEquals(before.drift(), restarted.state().drift());
        assertEquals(before, audited);
        assertArrayEquals(taste(alice).embedding(),
                UserEntity.embeddingOf(audited, model.current().orElseThrow(), HALF_LIFE, DRIFT.weightBeforeShift()).vector(),
                1e-6f, "an audit rebuilds the re-weighted embedding the entity serves");
    }

    @Test
    void countsAHitWhenTheConsumedItemWasInTheLastListServed() {
        // given
        record(alice, "e0", "a-0", 0);
        alice.runCommand(new UserEntity.ListServed(new UserEntity.ServedList(List.of("a-1", "a-2"), "v1", T0)));

        // when
        record(alice, "e1", "a-2", 1);
        record(alice, "e2", "a-3", 2);

        // then
        List<DriftMonitor.Observe> observed = toMonitor.stream()
                .filter(DriftMonitor.Observe.class::isInstance).map(DriftMonitor.Observe.class::cast).toList();
        assertEquals(List.of(true, false), observed.stream().map(DriftMonitor.Observe::hit).toList(),
                "e0 had neither a list before it nor an embedding to be surprising under: nothing to report");
        assertTrue(observed.stream().allMatch(o -> o.surprise() != null));
        UserEntity.Profile profile = alice.<UserEntity.Profile>runCommand(UserEntity.GetProfile::new).reply();
        assertEquals(List.of("a-1", "a-2"), profile.lastServed().itemIds());
    }

    @Test
    void readsInteractionsAndProfilesWrittenBeforeDriftDetection() throws Exception {
        // given the CBOR an older node wrote: no surprise, no model version, no drift state, no popular judgement
        ObjectMapper cbor = JacksonObjectMapperProvider.get(testKit.system()).getOrCreate("jackson-cbor", Optional.empty());
        Map<String, Object> oldEvent = new LinkedHashMap<>();
        oldEvent.put("userId", "alice");
        oldEvent.put("eventId", "e0");
        oldEvent.put("itemId", "a-0");
        oldEvent.put("type", "click");
        oldEvent.put("timestamp", T0);
        oldEvent.put("context", Map.of());
        Map<String, Object> oldProfile = new LinkedHashMap<>();
        oldProfile.put("eventCount", 1);
        oldProfile.put("countsByType", Map.of("click", 1));
        oldProfile.put("recentHistory", List.of());
        oldProfile.put("seenItems", List.of("a-0"));
        oldProfile.put("recentEventIds", List.of("e0"));

        // when
        InteractionRecorded event =
                cbor.readValue(cbor.writeValueAsBytes(oldEvent), InteractionRecorded.class);
        UserProfile profile = cbor.readValue(cbor.writeValueAsBytes(oldProfile), UserProfile.class);

        // then
        assertEquals("a-0", event.itemId());
        assertNull(event.surprise());
        assertNull(event.modelVersion());
        assertNull(event.popular(), "not judged popular or not: counts for neither");
        assertEquals(DriftState.EMPTY, profile.drift());
        assertEquals(0, profile.popularJudged());
        assertEquals(0, profile.popularShare());
        assertEquals(1, profile.eventCount());
    }

    @Test
    void aNewModelVersionRestartsTheTest() {
        clicks(alice, "a", 0, 10);
        assertEquals(9, alice.getState().drift().detector().count());

        model.serve(twoTastes("v2"));
        record(alice, "e10", "a-10", 10);

        assertEquals("v2", alice.getState().drift().modelVersion());
        assertEquals(1, alice.getState().drift().detector().count());
    }

    // ---- helpers ----

    /**
     * Two tastes in two dimensions: a-i = (1, εᵢ) and b-i = (εᵢ′, 1) with small ε of either sign, so every a item
     * outscores every b item for a user who leans to a.
     */
    private static ServingModel twoTastes(String version) {
        String[] ids = new String[2 * ITEMS_PER_TASTE];
        float[] factors = new float[2 * ids.length];
        Random random = new Random(3);
        for (int i = 0; i < ITEMS_PER_TASTE; i++) {
            ids[i] = "a-" + i;
            factors[2 * i] = 1f;
            factors[2 * i + 1] = 0.2f * (random.nextFloat() - 0.5f);
            ids[ITEMS_PER_TASTE + i] = "b-" + i;
            factors[2 * (ITEMS_PER_TASTE + i)] = 0.2f * (random.nextFloat() - 0.5f);
            factors[2 * (ITEMS_PER_TASTE + i) + 1] = 1f;
        }
        // α = 10 as the trainer's default: confidence, which the re-weighting scales, outweighs preference.
        return ServingModel.of(new ModelStore.StoredFactors(version, ids, factors, 2), 1.0, 10.0);
    }

    private EventSourcedBehaviorTestKit<UserEntity.Command, UserEvent, UserProfile> user(String id,
            DriftSettings.PerUser drift) {
        var kit = EventSourcedBehaviorTestKit.<UserEntity.Command, UserEvent, UserProfile>create(testKit.system(),
                UserEntity.create(id, LIMITS, "interaction",
                        new UserEntity.OnlineLearning(model, HALF_LIFE, 5, next -> {}, drift, toMonitor::add)));
        kit.clear();
        return kit;
    }

    private EventSourcedBehaviorTestKit<UserEntity.Command, UserEvent, UserProfile> userUnder(ActiveModel active,
            String id) {
        var kit = EventSourcedBehaviorTestKit.<UserEntity.Command, UserEvent, UserProfile>create(testKit.system(),
                UserEntity.create(id, LIMITS, "interaction",
                        new UserEntity.OnlineLearning(active, HALF_LIFE, 5, next -> {}, DRIFT, toMonitor::add)));
        kit.clear();
        return kit;
    }

    private static Instant minute(int n) {
        return T0.plusSeconds(60L * n);
    }

    private static EventSourcedBehaviorTestKit.CommandResultWithReply<UserEntity.Command, UserEvent, UserProfile, UserEntity.RecordResult> record(
            EventSourcedBehaviorTestKit<UserEntity.Command, UserEvent, UserProfile> user, String eventId,
            String itemId, int minute) {
        InteractionEvent e = new InteractionEvent(eventId, "someone", itemId, InteractionType.CLICK, null, minute(minute), Map.of());
        return user.runCommand(replyTo -> new UserEntity.RecordInteraction(e, replyTo));
    }

    /** One click a minute on the items of {@code taste} in turn, for minutes {@code from} to {@code to} (exclusive). */
    private static List<EventSourcedBehaviorTestKit.CommandResultWithReply<UserEntity.Command, UserEvent, UserProfile, UserEntity.RecordResult>> clicks(
            EventSourcedBehaviorTestKit<UserEntity.Command, UserEvent, UserProfile> user, String taste, int from, int to) {
        List<EventSourcedBehaviorTestKit.CommandResultWithReply<UserEntity.Command, UserEvent, UserProfile, UserEntity.RecordResult>> results =
                new ArrayList<>();
        for (int n = from; n < to; n++) {
            results.add(record(user, "e" + n, taste + "-" + (n % CONSUMED_PER_TASTE), n));
        }
        return results;
    }

    private static UserEntity.Taste taste(EventSourcedBehaviorTestKit<UserEntity.Command, UserEvent, UserProfile> user) {
        return user.<UserEntity.Taste>runCommand(replyTo -> new UserEntity.GetTaste(5, Set.of(), replyTo)).reply();
    }
}
