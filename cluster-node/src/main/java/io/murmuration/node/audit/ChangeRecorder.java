package io.murmuration.node.audit;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AskPattern;
import akka.pattern.StatusReply;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a change on behalf of an admin-API caller and records it in the {@link ChangeLog}: the request before it
 * runs, the outcome after. A change whose request cannot be recorded is not run, so nothing changes without a trace.
 */
public final class ChangeRecorder {

    private static final Logger log = LoggerFactory.getLogger(ChangeRecorder.class);

    /** Longest target, result or error text kept; longer ones are cut. */
    static final int MAX_TEXT = 500;

    private final ActorRef<ChangeLog.Command> changeLog;
    private final Scheduler scheduler;
    private final Duration timeout;

    public ChangeRecorder(ActorRef<ChangeLog.Command> changeLog, Scheduler scheduler, Duration timeout) {
        this.changeLog = changeLog;
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    /**
     * Records the request, runs {@code change}, records its outcome, then completes as the change did (so a caller
     * who lists the trail next sees the outcome). A failure that is a {@link StatusReply.ErrorMessage} (the node
     * said no) is recorded as refused, any other (a time-out, an unreachable actor) as failed; {@code describe}
     * sums up an accepted change's result in one line.
     */
    public <T> CompletionStage<T> record(String who, String action, String target, String reason,
            Supplier<CompletionStage<T>> change, Function<T, String> describe) {
        return AskPattern.<ChangeLog.Command, StatusReply<ChangeLog.Entry>>ask(changeLog,
                        replyTo -> new ChangeLog.Begin(who, action, clip(target), reason, Instant.now(), replyTo),
                        timeout, scheduler)
                .thenApply(StatusReply::getValue)
                .thenCompose(entry -> run(change)
                        .handle((value, failure) -> conclude(entry, value, failure, describe).thenApply(recorded -> {
                            if (failure == null) return value;
                            throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
                        }))
                        .thenCompose(Function.identity()));
    }

    /** Records a change refused before it could run, e.g. asked for by a viewer or without a reason. */
    public CompletionStage<ChangeLog.Entry> recordRefusal(String who, String action, String target, String reason,
            String error) {
        return AskPattern.<ChangeLog.Command, StatusReply<ChangeLog.Entry>>ask(changeLog,
                        replyTo -> new ChangeLog.RecordRefusal(who, action, clip(target), reason, clip(error), Instant.now(),
                                replyTo),
                        timeout, scheduler)
                .thenApply(StatusReply::getValue);
    }

    /** Up to {@code limit} changes older than {@code before} (all when null), newest first. */
    public CompletionStage<ChangeLog.Page> page(int limit, Long before) {
        return AskPattern.ask(changeLog, replyTo -> new ChangeLog.GetPage(limit, before, replyTo), timeout, scheduler);
    }

    private static <T> CompletionStage<T> run(Supplier<CompletionStage<T>> change) {
        try {
            return change.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Records how the change ended; completes normally even when that fails, since the change happened regardless. */
    private <T> CompletionStage<Boolean> conclude(ChangeLog.Entry entry, T value, Throwable failure,
            Function<T, String> describe) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        ChangeLog.Outcome outcome;
        String result = null;
        String error = null;
        if (cause == null) {
            outcome = ChangeLog.Outcome.ACCEPTED;
            result = clip(describe.apply(value));
        } else if (cause instanceof StatusReply.ErrorMessage refused) {
            outcome = ChangeLog.Outcome.REFUSED;
            error = clip(refused.getMessage());
        } else {
            outcome = ChangeLog.Outcome.FAILED;
            error = clip("did not complete: " + cause.getMessage());
        }
        Instant at = Instant.now();
        String recordedResult = result;
        String recordedError = error;
        return AskPattern.<ChangeLog.Command, StatusReply<ChangeLog.Entry>>ask(changeLog,
                        replyTo -> new ChangeLog.Conclude(entry.id(), outcome, recordedResult, recordedError, at, replyTo),
                        timeout, scheduler)
                .handle((reply, e) -> {
                    if (e == null && reply.isSuccess()) return true;
                    log.warn("Change {} ({} by {}) ended {} but its outcome could not be recorded, it stays pending: {}",
                            entry.id(), entry.action(), entry.who(), outcome.wireName(),
                            e != null ? e.getMessage() : reply.getError().getMessage());
                    return false;
                });
    }

    static String clip(String text) {
        if (text == null || text.length() <= MAX_TEXT) return text;
        return text.substring(0, MAX_TEXT - 1) + "…";
    }
}
