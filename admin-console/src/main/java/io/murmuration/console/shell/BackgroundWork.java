package io.murmuration.console.shell;

import io.murmuration.console.api.AdminApiException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * Runs everything that waits on the network off the JavaFX thread and brings its result back to it. Two threads:
 * enough for a slow change (a training takes minutes) and the reads around it; the {@link #running()} count drives
 * the window's progress indicator.
 */
public final class BackgroundWork {

    private static final ExecutorService THREADS = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "console-background");
        t.setDaemon(true);
        return t;
    });
    private static final SimpleIntegerProperty RUNNING = new SimpleIntegerProperty();

    private BackgroundWork() {}

    /** How many pieces of work are under way (read on the JavaFX thread). */
    public static ReadOnlyIntegerProperty running() {
        return RUNNING;
    }

    /**
     * Runs {@code work} in the background, then {@code done} with its result or {@code failed} with what went wrong,
     * both on the JavaFX thread. A failure that is not the API's own becomes one that says so, never a stack trace.
     */
    public static <T> void run(Callable<T> work, Consumer<T> done, Consumer<AdminApiException> failed) {
        RUNNING.set(RUNNING.get() + 1);
        THREADS.submit(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> {
                    RUNNING.set(RUNNING.get() - 1);
                    done.accept(result);
                });
            } catch (Exception e) {
                AdminApiException problem = e instanceof AdminApiException api ? api
                        : new AdminApiException(AdminApiException.Kind.REFUSED, 0,
                                "The console could not complete this: " + e.getClass().getSimpleName()
                                        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + ".",
                                "Try again; if it persists, reconnect.");
                Platform.runLater(() -> {
                    RUNNING.set(RUNNING.get() - 1);
                    failed.accept(problem);
                });
            }
        });
    }
}
