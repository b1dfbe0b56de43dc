package io.murmuration.node.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.audit.ChangeLog.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ChangeLogTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static final ActorTestKit testKit =
            ActorTestKit.create(
                    EventSourcedBehaviorTestKit.config()
                            .withFallback(ConfigFactory.parseString("akka.actor.provider = local"))
                            .withFallback(ConfigFactory.load()));

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static EventSourcedBehaviorTestKit<ChangeLog.Command, ChangeLog.Event, ChangeLog.State> changeLog(
            int retained, int snapshotEvery) {
        var kit = EventSourcedBehaviorTestKit.<ChangeLog.Command, ChangeLog.Event, ChangeLog.State>create(
                testKit.system(), ChangeLog.create(retained, snapshotEvery));
        kit.clear();
        return kit;
    }

    private static ChangeLog.Entry begin(EventSourcedBehaviorTestKit<ChangeLog.Command, ChangeLog.Event, ChangeLog.State> log,
            String who, String action, String target) {
        return log.<StatusReply<ChangeLog.Entry>>runCommand(
                r -> new ChangeLog.Begin(who, action, target, "because", T0, r)).reply().getValue();
    }

    private static StatusReply<ChangeLog.Entry> conclude(
            EventSourcedBehaviorTestKit<ChangeLog.Command, ChangeLog.Event, ChangeLog.State> log, long id, Outcome outcome) {
        return log.<StatusReply<ChangeLog.Entry>>runCommand(r -> new ChangeLog.Conclude(id, outcome,
                outcome == Outcome.ACCEPTED ? "active: v2" : null, outcome == Outcome.ACCEPTED ? null : "no", T0.plusSeconds(5), r))
                .reply();
    }

    private static ChangeLog.Page page(EventSourcedBehaviorTestKit<ChangeLog.Command, ChangeLog.Event, ChangeLog.State> log,
            int limit, Long before) {
        return log.<ChangeLog.Page>runCommand(r -> new ChangeLog.GetPage(limit, before, r)).reply();
    }

    private static List<Long> ids(ChangeLog.Page page) {
        return page.entries().stream().map(ChangeLog.Entry::id).toList();
    }

    @Test
    void recordsAChangeAsPendingBeforeItRunsAndWithItsOutcomeAfter() {
        var log = changeLog(100, 100);

        // when an operator's activation is begun
        ChangeLog.Entry begun = begin(log, "ops-alice", "activate", "v2");

        // then it is recorded, pending, with who, what, when and why
        assertEquals(1, begun.id());
        assertEquals(Outcome.PENDING, begun.outcome());
        assertEquals(List.of(begun), log.getState().entries());
        assertEquals("ops-alice", begun.who());
        assertEquals("activate", begun.action());
        assertEquals("v2", begun.target());
        assertEquals("because", begun.reason());
        assertEquals(T0, begun.requestedAt());
        assertNull(begun.concludedAt());

        // and when it is concluded, the same entry carries the outcome
        ChangeLog.Entry concluded = conclude(log, 1, Outcome.ACCEPTED).getValue();
        assertEquals(Outcome.ACCEPTED, concluded.outcome());
        assertEquals("active: v2", concluded.result());
        assertNull(concluded.error());
        assertEquals(T0.plusSeconds(5), concluded.concludedAt());
        assertEquals(List.of(concluded), log.getState().entries());
    }

    @Test
    void recordsARefusalBeforeTheChangeRanAsOneConcludedEntry() {
        var log = changeLog(100, 100);

        var result = log.<StatusReply<ChangeLog.Entry>>runCommand(r -> new ChangeLog.RecordRefusal(
                "dash-viewer", "rollback", null, null, "changes need the operator role", T0, r));

        ChangeLog.Entry entry = result.reply().getValue();
        assertEquals(Outcome.REFUSED, entry.outcome());
        assertEquals("dash-viewer", entry.who());
        assertEquals("changes need the operator role", entry.error());
        assertEquals(T0, entry.concludedAt());
        assertEquals(2, result.events().size(), "the request and its refusal, persisted together");
        assertEquals(List.of(entry), log.getState().entries());
    }

    @Test
    void refusesToConcludeAChangeTwiceOrOneThatWasNeverBegun() {
        var log = changeLog(100, 100);
        begin(log, "ops-alice", "rollback", null);
        assertTrue(conclude(log, 1, Outcome.REFUSED).isSuccess());

        StatusReply<ChangeLog.Entry> again = conclude(log, 1, Outcome.ACCEPTED);
        StatusReply<ChangeLog.Entry> unknown = conclude(log, 7, Outcome.ACCEPTED);
        StatusReply<ChangeLog.Entry> stillPending = conclude(log, 1, Outcome.PENDING);

        assertTrue(again.isError());
        assertTrue(unknown.isError());
        assertTrue(stillPending.isError());
        assertEquals(Outcome.REFUSED, log.getState().entries().get(0).outcome(), "the first outcome stands");
    }

    @Test
    void listsChangesNewestFirstInPagesThatLinkToTheNextOlderOne() {
        var log = changeLog(100, 100);
        for (int i = 0; i < 5; i++) begin(log, "ops-alice", "train", null);

        ChangeLog.Page first = page(log, 2, null);
        ChangeLog.Page second = page(log, 2, first.nextBefore());
        ChangeLog.Page last = page(log, 2, second.nextBefore());

        assertEquals(List.of(5L, 4L), ids(first));
        assertEquals(4L, first.nextBefore());
        assertEquals(List.of(3L, 2L), ids(second));
        assertEquals(List.of(1L), ids(last));
        assertNull(last.nextBefore(), "nothing older than the last page");
        assertEquals(List.of(), ids(page(log, 10, 1L)));
    }

    @Test
    void keepsOnlyTheMostRecentChangesAndNumbersOnPastTheOnesItDropped() {
        var log = changeLog(3, 100);
        for (int i = 0; i < 5; i++) begin(log, "ops-alice", "train", null);

        assertEquals(List.of(5L, 4L, 3L), ids(page(log, 10, null)));
        assertNull(page(log, 10, null).nextBefore());
        assertEquals(6, log.getState().nextId());

        // a change concluded after it left the list is still concluded (in the journal) without disturbing the list
        var result = log.<StatusReply<ChangeLog.Entry>>runCommand(
                r -> new ChangeLog.Conclude(1, Outcome.ACCEPTED, "trained v1", null, T0, r));
        assertTrue(result.reply().isSuccess());
        assertEquals(1, result.events().size());
        assertEquals(List.of(5L, 4L, 3L), ids(page(log, 10, null)));
    }

    @Test
    void recoversTheSameTrailFromSnapshotAndLaterEvents() {
        var log = changeLog(4, 2);
        for (int i = 0; i < 5; i++) {
            ChangeLog.Entry entry = begin(log, "ops-" + i, "activate", "v" + i);
            if (i % 2 == 0) conclude(log, entry.id(), Outcome.ACCEPTED);
        }
        ChangeLog.State before = log.getState();

        var restarted = log.restart();

        assertEquals(before, restarted.state());
        assertFalse(before.entries().isEmpty());
        assertEquals(4, before.entries().size());
    }
}
