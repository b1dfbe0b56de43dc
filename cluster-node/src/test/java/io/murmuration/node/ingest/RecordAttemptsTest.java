package io.murmuration.node.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A poison record is dead-lettered after its attempts; an outage fails the stream instead, skipping nothing. */
class RecordAttemptsTest {

    private final List<String> retries = new ArrayList<>();
    private final List<Duration> pauses = new ArrayList<>();
    private final AtomicBoolean journalUp = new AtomicBoolean(true);
    private final RecordAttempts<String> attempts = new RecordAttempts<>(3, Duration.ofMillis(10),
            () -> CompletableFuture.completedFuture(journalUp.get()), pause -> Runnable::run);

    private RecordAttempts.Outcome<String> run(Supplier<CompletionStage<String>> attempt) throws Exception {
        return attempts.run(attempt, (n, reason, pause) -> {
            retries.add(n + ": " + reason);
            pauses.add(pause);
        }).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aRecordHandledAtOnceIsHandled() throws Exception {
        RecordAttempts.Outcome<String> outcome = run(() -> CompletableFuture.completedFuture("recorded"));

        assertEquals(new RecordAttempts.Handled<>("recorded"), outcome);
        assertEquals(List.of(), retries);
    }

    @Test
    void aRecordTheEntityRefusesEveryTimeIsPoisonAfterItsAttempts() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        RecordAttempts.Outcome<String> outcome = run(() -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new RecordAttempts.Refused("ArithmeticException: long overflow"));
        });

        assertEquals(new RecordAttempts.Poison<>(3, "ArithmeticException: long overflow"), outcome);
        assertEquals(3, calls.get());
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20)), pauses, "the pause doubles");
    }

    @Test
    void timeOutsWhileTheJournalAnswersArePoisonToo() throws Exception {
        RecordAttempts.Outcome<String> outcome = run(() -> CompletableFuture.failedFuture(new TimeoutException("ask timed out")));

        RecordAttempts.Poison<String> poison = assertInstanceOf(RecordAttempts.Poison.class, outcome);
        assertEquals(3, poison.attempts());
        assertTrue(poison.reason().contains("ask timed out"), poison.reason());
    }

    @Test
    void aFailureWhileTheJournalIsDownIsAnOutageAndFailsTheStage() {
        journalUp.set(false);
        TimeoutException down = new TimeoutException("ask timed out");

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> run(() -> CompletableFuture.failedFuture(down)));

        assertSame(down, failed.getCause());
        assertEquals(List.of(), retries, "an outage is never counted towards poison");
    }

    @Test
    void aJournalThatGoesDownBetweenAttemptsTurnsPoisonCountingIntoAnOutage() {
        AtomicInteger calls = new AtomicInteger();

        assertThrows(ExecutionException.class, () -> run(() -> {
            if (calls.incrementAndGet() == 2) journalUp.set(false);
            return CompletableFuture.failedFuture(new TimeoutException("ask timed out"));
        }));

        assertEquals(2, calls.get());
    }

    @Test
    void aRecordHandledOnALaterAttemptIsHandled() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        RecordAttempts.Outcome<String> outcome = run(() -> calls.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(new TimeoutException("slow"))
                : CompletableFuture.completedFuture("recorded"));

        assertEquals(new RecordAttempts.Handled<>("recorded"), outcome);
        assertEquals(2, retries.size());
    }

    @Test
    void aHealthCheckThatFailsCountsAsTheJournalBeingDown() {
        RecordAttempts<String> unsure = new RecordAttempts<>(3, Duration.ofMillis(10),
                () -> CompletableFuture.failedFuture(new IllegalStateException("no session")), pause -> Runnable::run);

        assertThrows(ExecutionException.class, () -> unsure.run(
                () -> CompletableFuture.failedFuture(new TimeoutException("ask timed out")), (n, r, p) -> {})
                .toCompletableFuture().get(5, TimeUnit.SECONDS));
    }
}
