package io.murmuration.node.ingest;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Attempts at handing one valid record to its user's entity, telling a poison record from an outage. An attempt
 * that the entity refuses ({@link Refused}), or that fails while the journal answers its health check, counts
 * against the record: after {@code attempts} of them, with a pause that doubles from {@code firstPause} between
 * them, the record is {@link Poison}. An attempt that fails while the journal does not answer is an outage: the
 * returned stage fails with that failure, so the stream restarts from the last committed offset and skips nothing.
 *
 * @param <R> what a successful attempt answers
 */
final class RecordAttempts<R> {

    /** The record was handled: {@code result} is what its last attempt answered. */
    record Handled<R>(R result) implements Outcome<R> {}

    /** Every attempt failed while the journal answered; {@code reason} is the last failure. */
    record Poison<R>(int attempts, String reason) implements Outcome<R> {}

    sealed interface Outcome<R> permits Handled, Poison {}

    /** An answer of the entity that it could not handle the record (nothing was persisted). */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final int attempts;
    private final Duration firstPause;
    private final Supplier<CompletionStage<Boolean>> journalAnswers;
    private final Function<Duration, java.util.concurrent.Executor> after;

    /**
     * @param attempts       how many failed attempts make a record poison (at least 1)
     * @param firstPause     the pause after the first failed attempt; it doubles after each (at most 32 times)
     * @param journalAnswers whether the journal answers now; a failed check counts as "no"
     * @param after          an executor that runs its tasks after the given pause
     */
    RecordAttempts(int attempts, Duration firstPause, Supplier<CompletionStage<Boolean>> journalAnswers,
            Function<Duration, java.util.concurrent.Executor> after) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        this.attempts = attempts;
        this.firstPause = firstPause;
        this.journalAnswers = journalAnswers;
        this.after = after;
    }

    /** With pauses on {@link CompletableFuture#delayedExecutor}. */
    RecordAttempts(int attempts, Duration firstPause, Supplier<CompletionStage<Boolean>> journalAnswers) {
        this(attempts, firstPause, journalAnswers,
                pause -> CompletableFuture.delayedExecutor(pause.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Runs {@code attempt} until it succeeds, the record proves poison, or an outage fails the stage. */
    CompletionStage<Outcome<R>> run(Supplier<CompletionStage<R>> attempt, AttemptListener listener) {
        return run(attempt, listener, 1);
    }

    /** Told about each failed attempt that will be retried, e.g. to log it. */
    interface AttemptListener {
        void retrying(int attempt, String reason, Duration pause);
    }

    private CompletionStage<Outcome<R>> run(Supplier<CompletionStage<R>> attempt, AttemptListener listener, int n) {
        return attempt.get()
                .handle((result, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.<Outcome<R>>completedFuture(new Handled<>(result));
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    if (cause instanceof Refused) {
                        // The entity answered: the journal is not the problem, this record is.
                        return afterFailure(attempt, listener, n, cause.getMessage());
                    }
                    return journalAnswers.get()
                            .exceptionally(checkFailed -> false)
                            .thenCompose(up -> up
                                    ? afterFailure(attempt, listener, n, describe(cause))
                                    : CompletableFuture.<Outcome<R>>failedFuture(cause));
                })
                .thenCompose(next -> next);
    }

    private CompletionStage<Outcome<R>> afterFailure(Supplier<CompletionStage<R>> attempt, AttemptListener listener, int n,
            String reason) {
        if (n >= attempts) {
            return CompletableFuture.completedFuture(new Poison<>(n, reason));
        }
        Duration pause = firstPause.multipliedBy(1L << Math.min(n - 1, 5));
        listener.retrying(n, reason, pause);
        return CompletableFuture.supplyAsync(() -> null, after.apply(pause))
                .thenCompose(ignored -> run(attempt, listener, n + 1));
    }

    static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
