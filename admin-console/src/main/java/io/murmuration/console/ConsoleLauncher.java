package io.murmuration.console;

import javafx.application.Application;

/**
 * The entry point of {@code java -jar} and {@code javafx:run}. A main class that extends {@code Application} is
 * refused when JavaFX is on the class path rather than the module path, so this one only launches it.
 */
public final class ConsoleLauncher {

    private ConsoleLauncher() {}

    public static void main(String[] args) {
        if (args.length > 0 && "--screenshots".equals(args[0])) {
            ConsoleScreenshots.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Application.launch(ConsoleApp.class, args);
    }
}
