package io.murmuration.console;

import io.murmuration.console.connect.ConnectionSettings;
import io.murmuration.console.shell.BackgroundWork;
import io.murmuration.console.shell.ConsoleView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

/**
 * Writes a PNG of every view, light and dark, from a console connected to a running node (the README's images).
 * Usage: {@code --url URL --token-file FILE --out DIR [--user USER_ID] [--settle SECONDS]}. It runs in a window when
 * there is a display and headless under Monocle ({@code admin-console/bin/screenshots} does that).
 */
public final class ConsoleScreenshots {

    private ConsoleScreenshots() {}

    public static void main(String[] args) {
        String url = ConnectionSettings.DEFAULT_URL;
        Path tokenFile = null;
        Path out = Path.of("docs/images");
        String user = "demo-user-3";
        int settleSeconds = 12;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--token-file" -> tokenFile = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--user" -> user = args[i + 1];
                case "--settle" -> settleSeconds = Integer.parseInt(args[i + 1]);
                default -> fail("unknown option " + args[i]);
            }
        }
        if (tokenFile == null) fail("--token-file is required (e.g. .dev/admin-token)");
        try {
            String token = Files.readString(tokenFile).trim();
            List<Path> written = take(url, token, out, user, Duration.ofSeconds(settleSeconds));
            written.forEach(p -> System.out.println("wrote " + p));
            Platform.exit();
            System.exit(0);
        } catch (Exception e) {
            System.err.println("screenshots: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void fail(String message) {
        System.err.println("screenshots: " + message);
        System.err.println("usage: --url URL --token-file FILE --out DIR [--user USER_ID] [--settle SECONDS]");
        System.exit(2);
    }

    static List<Path> take(String url, String token, Path out, String user, Duration settle) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        Path settings = Files.createTempDirectory("console-screenshots");
        ConsoleWindow window = onFx(() -> {
            ConsoleWindow w = new ConsoleWindow(new ConnectionSettings(settings));
            Stage stage = new Stage();
            stage.setTitle("Murmuration console");
            stage.setScene(w.scene());
            stage.show();
            w.connectView().connect(url, token);
            return w;
        });
        await(() -> onFx(() -> window.session() != null), Duration.ofSeconds(30), "connected to " + url);
        // the stream's stats arrive every few seconds: give the charts a few points
        Thread.sleep(settle.toMillis());
        onFx(() -> {
            window.show(window.usersView());
            window.usersView().open(user);
            return null;
        });
        awaitIdle();
        // replay as of the middle of the user's journal, so the picture shows what changed since
        var client = onFx(() -> window.session().client());
        var journal = client.events(user, 10_000).events();
        if (!journal.isEmpty()) {
            java.time.Instant middle = journal.get(journal.size() / 2).recordedAt();
            onFx(() -> {
                window.usersView().replayAsOf(middle);
                return null;
            });
        }
        awaitIdle();
        List<Path> written = new ArrayList<>();
        for (boolean dark : new boolean[] {false, true}) {
            onFx(() -> {
                window.theme(dark);
                return null;
            });
            for (ConsoleView view : window.views()) {
                onFx(() -> {
                    window.show(view);
                    return null;
                });
                awaitIdle();
                Thread.sleep(700);
                Path file = out.resolve((dark ? "dark-" : "light-") + view.getClass().getSimpleName().replace("View", "").toLowerCase() + ".png");
                WritableImage image = onFx(() -> window.scene().snapshot(null));
                PngWriter.write(image, file);
                written.add(file);
            }
        }
        onFx(() -> {
            window.close();
            return null;
        });
        return written;
    }

    private static void awaitIdle() throws Exception {
        Thread.sleep(300);
        await(() -> onFx(() -> BackgroundWork.running().get() == 0), Duration.ofSeconds(30), "the console's requests to finish");
    }

    private static void await(CheckedCondition condition, Duration patience, String what) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.test()) {
            if (System.nanoTime() > deadline) throw new IOException("not within " + patience + ": " + what);
            Thread.sleep(200);
        }
    }

    private interface CheckedCondition {
        boolean test() throws Exception;
    }

    static <T> T onFx(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(60, TimeUnit.SECONDS);
    }
}
