package io.murmuration.bench;

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
 * Starts asynchronous work on a list strictly in list order, with up to {@code window} items in flight and never
 * two of the same user at once. When the next item's user is still busy, that item waits, and so does everything
 * behind it. So each user's items run one after the other in list order, and an item starts only once all but
 * {@code window - 1} of the items before it have ended; a window of 1 runs the list one item at a time. Used to
 * replay a log concurrently without giving up per-user prequential order. One run at a time.
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
        for (T item : items) {
            String user = userOf.apply(item);
            if (!awaitRoomFor(user)) {
                break;
            }
            CompletionStage<?> work;
            try {
                work = start.apply(item);
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

    /** Waits until {@code user} is free and the window has room, then counts the user in; false after a failure. */
    private boolean awaitRoomFor(String user) throws InterruptedException {
        lock.lock();
        try {
            while (failure == null && (inFlight == window || busyUsers.contains(user))) {
                ended.await();
            }
            if (failure != null) {
                return false;
            }
            busyUsers.add(user);
            inFlight++;
            return true;
        } finally {
            lock.unlock();
        }
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
