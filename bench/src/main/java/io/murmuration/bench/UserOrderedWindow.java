package io.murmuration.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Starts asynchronous work on a list with up to {@code window} items in flight and never two of the same user at
 * once. Each user's items run one after the other in list order. Items of different users may start out of list
 * order, but only within a look-ahead of {@code window} items: when the first waiting item's user is busy, a later
 * waiting item of a free user may start first, and nothing further than {@code window} items past the earliest
 * unstarted one starts. A window of 1 runs the list one item at a time, in order. Used to replay a log
 * concurrently without giving up per-user prequential order. One run at a time.
 */
final class UserOrderedWindow {

    private final int window;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    private final Set<String> busyUsers = new HashSet<>(); // guarded by lock
    private int inFlight; // guarded by lock
    private Throwable failure; // guarded by lock

    UserOrderedWindow(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        this.window = window;
    }

    /**
     * Calls {@code start} for each item in order, on the calling thread, as soon as the window and the item's
     * user allow, then waits for every started item to end. What {@code start} does before returning its stage
     * therefore happens in list order. The first failure stops further starts; it is thrown once the items
     * already in flight have ended.
     */
    <T> void run(List<T> items, Function<T, String> userOf, Function<T, CompletionStage<?>> start)
            throws InterruptedException, ExecutionException {
        List<Integer> waiting = new ArrayList<>(window); // positions not yet started, in list order
        int next = 0;
        while (true) {
            T chosen;
            Integer chosenAt = null;
            lock.lock();
            try {
                while (true) {
                    // The look-ahead reaches window items past the earliest unstarted one, never further.
                    while (next < items.size() && next < (waiting.isEmpty() ? next : waiting.get(0)) + window) {
                        waiting.add(next++);
                    }
                    chosenAt = failure == null && inFlight < window ? firstStartable(items, waiting, userOf) : null;
                    chosen = chosenAt == null ? null : items.get(chosenAt);
                    if (chosen != null || failure != null || waiting.isEmpty()) {
                        break;
                    }
                    ended.await();
                }
                if (chosen == null) {
                    break;
                }
                waiting.remove(chosenAt);
                busyUsers.add(userOf.apply(chosen));
                inFlight++;
            } finally {
                lock.unlock();
            }
            String user = userOf.apply(chosen);
            CompletionStage<?> work;
            try {
                work = start.apply(chosen);
            } catch (RuntimeException e) {
                work = CompletableFuture.failedFuture(e);
            }
            work.whenComplete((result, error) -> end(user, error));
        }
        Throwable first;
        lock.lock();
        try {
            while (inFlight > 0) {
                ended.await();
            }
            first = failure;
        } finally {
            lock.unlock();
        }
        if (first != null) {
            throw new ExecutionException(first);
        }
    }

    /** The first waiting position whose user is free and has no earlier waiting item; null if none. Under the lock. */
    private <T> Integer firstStartable(List<T> items, List<Integer> waiting, Function<T, String> userOf) {
        Set<String> passed = new HashSet<>();
        for (Integer position : waiting) {
            String user = userOf.apply(items.get(position));
            if (!busyUsers.contains(user) && !passed.contains(user)) {
                return position;
            }
            passed.add(user);
        }
        return null;
    }

    private void end(String user, Throwable error) {
        lock.lock();
        try {
            busyUsers.remove(user);
            inFlight--;
            if (error != null && failure == null) {
                failure = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            }
            ended.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
