package io.murmuration.console;

import io.murmuration.console.connect.ConnectionSettings;
import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: one console window, connecting at once when a token is remembered. */
public final class ConsoleApp extends Application {

    private ConsoleWindow window;

    @Override
    public void start(Stage stage) {
        window = new ConsoleWindow(ConnectionSettings.forCurrentUser());
        stage.setTitle("Murmuration console");
        stage.setScene(window.scene());
        stage.setMinWidth(960);
        stage.setMinHeight(640);
        stage.show();
        window.connectView().connectIfRemembered();
    }

    @Override
    public void stop() {
        if (window != null) window.close();
    }
}
