package io.murmuration.node.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {

    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    private static final ActorTestKit testKit =
            ActorTestKit.create(
                    EventSourcedBehaviorTestKit.config()
                            .withFallback(ConfigFactory.parseString("akka.actor.provider = local"))
                            .withFallback(ConfigFactory.load()));

    private List<String> trainings;
    private EventSourcedBehaviorTestKit<DriftMonitor.Command, DriftMonitor.Event, DriftMonitor.State> monitor;

    @BeforeEach
    void freshMonitor() {
        trainings = new CopyOnWriteArrayList<>();
        monitor = monitor(settings(1000, false));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void raisesAGlobalAlarmWhenTheHitRateDrops() {
        // given a stable hit rate of 0.3
        SplittableRandom random = new SplittableRandom(1);
        assertEquals(0, observeHits(random, 0.3, 2_000).size(), "no alarm while the hit rate holds");

        // when it drops to 0.05
        List<DriftMonitor.AlarmRaised> raised = observeHits(random, 0.05, 1_000);

        // then
        assertEquals(1, raised.size());
        DriftMonitor.Alarm alarm = raised.get(0).alarm();
        assertEquals("global-hit-rate-1", alarm.id());
        assertEquals(DriftMonitor.GLOBAL, alarm.scope());
        assertEquals(DriftMonitor.HIT_RATE, alarm.signal());
        assertNull(alarm.userId());
        assertTrue(alarm.figures().get("meanBefore") > alarm.figures().get("meanAfter"), alarm.figures().toString());
        assertTrue(alarm.isOpen());
        DriftMonitor.Stats stats = stats();
        assertEquals(3_000, stats.servedListInteractions());
        assertTrue(stats.hitRate().detections() >= 1, "ADWIN may cut its window more than once as the change settles");
        assertEquals(1, stats.openAlarms());
    }

    @Test
    void keepsAtMostOneOpenGlobalAlarmPerSignal() {
        // given an open alarm on the hit rate
        SplittableRandom random = new SplittableRandom(2);
        observeHits(random, 0.3, 2_000);
        assertEquals(1, observeHits(random, 0.05, 1_000).size());

        // when the hit rate changes again, before and after the alarm is acknowledged
        List<DriftMonitor.AlarmRaised> whileOpen = observeHits(random, 0.4, 1_000);
        acknowledge("global-hit-rate-1", "seen");
        List<DriftMonitor.AlarmRaised> afterAcknowledgement = observeHits(random, 0.05, 1_000);

        // then
        assertEquals(List.of(), whileOpen);
        assertTrue(stats().hitRate().detections() >= 2, "the detector did see the second change");
        assertEquals(1, afterAcknowledgement.size());
        assertEquals("global-hit-rate-2", afterAcknowledgement.get(0).alarm().id());
    }

    @Test
    void raisesAGlobalAlarmWhenTheMeanSurpriseRises() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 2_000; i++) {
            assertTrue(monitor.runCommand(new DriftMonitor.Observe("u" + i % 50, null, 0.3 * random.nextDouble() + 0.1, T0))
                    .hasNoEvents());
        }

        List<DriftMonitor.AlarmRaised> raised = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            raised.addAll(monitor.runCommand(new DriftMonitor.Observe("u" + i % 50, null, 0.4 * random.nextDouble() + 0.5,
                    T0.plusSeconds(i))).events().stream().map(DriftMonitor.AlarmRaised.class::cast).toList());
        }

        assertEquals(1, raised.size());
        assertEquals("global-surprise-1", raised.get(0).alarm().id());
        assertEquals(0, stats().servedListInteractions(), "no list was served: no hit to count");
    }

    @Test
    void keepsAUserAlarmOnceWhateverHowOftenItIsTold() {
        var first = monitor.runCommand(userAlarm("user-alice-42", "alice"));
        var again = monitor.runCommand(userAlarm("user-alice-42", "alice"));

        DriftMonitor.Alarm kept = first.eventOfType(DriftMonitor.AlarmRaised.class).alarm();
        assertTrue(again.hasNoEvents());
        assertEquals(DriftMonitor.USER, kept.scope());
        assertEquals("alice", kept.userId());
        assertEquals(5.5, kept.figures().get("statistic"));
        assertEquals(T0.minusSeconds(600), kept.shiftFrom());
    }

    @Test
    void acknowledgesAnOpenAlarmOnceAndTellsUnknownFromAlreadyAcknowledged() {
        monitor.runCommand(userAlarm("user-alice-42", "alice"));

        DriftMonitor.AckResult done = acknowledge("user-alice-42", "a new season");
        DriftMonitor.AckResult twice = acknowledge("user-alice-42", "again");
        DriftMonitor.AckResult unknown = acknowledge("user-nobody-1", "what");

        DriftMonitor.Alarm acknowledged = assertInstanceOf(DriftMonitor.Acknowledged.class, done).alarm();
        assertEquals("ops-alice", acknowledged.acknowledgedBy());
        assertEquals("a new season", acknowledged.acknowledgeReason());
        assertNotNull(acknowledged.acknowledgedAt());
        assertEquals("a new season", assertInstanceOf(DriftMonitor.AlreadyAcknowledged.class, twice).alarm().acknowledgeReason());
        assertEquals("user-nobody-1", assertInstanceOf(DriftMonitor.UnknownAlarm.class, unknown).alarmId());
    }

    @Test
    void listsAlarmsByStatusNewestFirstAndByUser() {
        monitor.runCommand(userAlarm("user-alice-10", "alice"));
        monitor.runCommand(userAlarm("user-bob-7", "bob"));
        monitor.runCommand(userAlarm("user-alice-30", "alice"));
        acknowledge("user-bob-7", "fine");

        assertEquals(List.of("user-alice-30", "user-alice-10"), ids(DriftMonitor.Status.OPEN, null));
        assertEquals(List.of("user-bob-7"), ids(DriftMonitor.Status.ACKNOWLEDGED, null));
        assertEquals(List.of("user-alice-30", "user-bob-7", "user-alice-10"), ids(DriftMonitor.Status.ALL, null));
        assertEquals(List.of("user-alice-30", "user-alice-10"), ids(DriftMonitor.Status.ALL, "alice"));
    }

    @Test
    void alarmsAndAcknowledgementsSurviveARestart() {
        monitor.runCommand(userAlarm("user-alice-10", "alice"));
        monitor.runCommand(userAlarm("user-bob-7", "bob"));
        acknowledge("user-bob-7", "fine");
        DriftMonitor.State before = monitor.getState();

        var restarted = monitor.restart();

        assertEquals(before, restarted.state());
        assertEquals(List.of("user-alice-10"), ids(DriftMonitor.Status.OPEN, null));
        assertInstanceOf(DriftMonitor.AlreadyAcknowledged.class, acknowledge("user-bob-7", "again"));
    }

    @Test
    void keepsABoundedListDroppingAcknowledgedAlarmsFirst() {
        monitor = monitor(settings(3, false));
        monitor.runCommand(userAlarm("user-a-1", "a"));
        monitor.runCommand(userAlarm("user-b-1", "b"));
        monitor.runCommand(userAlarm("user-c-1", "c"));
        acknowledge("user-b-1", "fine");

        monitor.runCommand(userAlarm("user-d-1", "d"));
        assertEquals(List.of("user-d-1", "user-c-1", "user-a-1"), ids(DriftMonitor.Status.ALL, null));

        monitor.runCommand(userAlarm("user-e-1", "e"));
        assertEquals(List.of("user-e-1", "user-d-1", "user-c-1"), ids(DriftMonitor.Status.ALL, null),
                "with none acknowledged, the oldest open alarm goes");
    }

    @Test
    void startsATrainingOnAGlobalAlarmWhenConfigured() {
        monitor = monitor(settings(1000, true));
        SplittableRandom random = new SplittableRandom(1);
        observeHits(random, 0.3, 2_000);

        observeHits(random, 0.05, 1_000);

        assertEquals(1, trainings.size());
        assertTrue(trainings.get(0).startsWith("drift alarm global-hit-rate-1: hit-rate changed from 0.3"), trainings.get(0));
    }

    @Test
    void reportsTheRecentHitRateAndMeanSurprise() {
        for (int i = 0; i < 1_500; i++) {
            monitor.runCommand(new DriftMonitor.Observe("u", i % 4 == 0, i < 500 ? 0.9 : 0.2, T0));
        }
        monitor.runCommand(new DriftMonitor.Observe("u", null, null, T0));

        DriftMonitor.Stats stats = stats();

        assertEquals(1_501, stats.interactions());
        assertEquals(1_500, stats.servedListInteractions());
        assertEquals(375, stats.hits());
        assertEquals(1_000, stats.recentServedListInteractions(), "the window holds the latest 1,000");
        assertEquals(250, stats.recentHits());
        assertEquals(0.25, stats.recentHitRate(), 1e-12);
        assertEquals(0.2, stats.recentMeanSurprise(), 1e-9);
    }

    // ---- helpers ----

    private EventSourcedBehaviorTestKit<DriftMonitor.Command, DriftMonitor.Event, DriftMonitor.State> monitor(
            DriftSettings settings) {
        var kit = EventSourcedBehaviorTestKit.<DriftMonitor.Command, DriftMonitor.Event, DriftMonitor.State>create(
                testKit.system(), DriftMonitor.create(settings, reason -> {
                    trainings.add(reason);
                    return CompletableFuture.completedFuture("v-next");
                }));
        kit.clear();
        return kit;
    }

    /** The defaults of reference.conf, but for the bound on alarms and the retraining. */
    private static DriftSettings settings(int retained, boolean retrain) {
        return new DriftSettings(new DriftSettings.PerUser(0.1, 5, 20, 0.1),
                new DriftSettings.Global(0.002, 5, 10, 32, 1000, retrain),
                new DriftSettings.Alarms(retained, 100, Duration.ofSeconds(5)));
    }

    /** Observes {@code n} interactions that each hit with probability {@code rate}; returns the alarms raised. */
    private List<DriftMonitor.AlarmRaised> observeHits(SplittableRandom random, double rate, int n) {
        List<DriftMonitor.AlarmRaised> raised = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            var result = monitor.runCommand(new DriftMonitor.Observe("u" + i % 50, random.nextDouble() < rate, null, T0));
            result.events().forEach(e -> raised.add((DriftMonitor.AlarmRaised) e));
        }
        return raised;
    }

    private static DriftMonitor.RaiseUserAlarm userAlarm(String id, String user) {
        return new DriftMonitor.RaiseUserAlarm(id, user, Map.of("statistic", 5.5, "observations", 31.0, "meanSurprise", 0.52),
                "v1", T0, T0.minusSeconds(600));
    }

    private DriftMonitor.AckResult acknowledge(String id, String reason) {
        return monitor.<DriftMonitor.AckResult>runCommand(
                replyTo -> new DriftMonitor.Acknowledge(id, "ops-alice", reason, T0.plusSeconds(3600), replyTo)).reply();
    }

    private List<String> ids(DriftMonitor.Status status, String userId) {
        return monitor.<DriftMonitor.Alarms>runCommand(replyTo -> new DriftMonitor.ListAlarms(status, userId, replyTo))
                .reply().alarms().stream().map(DriftMonitor.Alarm::id).toList();
    }

    private DriftMonitor.Stats stats() {
        return monitor.<DriftMonitor.Stats>runCommand(DriftMonitor.GetStats::new).reply();
    }
}
