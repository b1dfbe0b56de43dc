package io.murmuration.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.console.connect.ConnectionSettings;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window on its own, without a node: navigation by shortcut, and what an unreachable node looks like. */
@ExtendWith(ApplicationExtension.class)
class ConsoleWindowTest {

    @TempDir
    static Path settings;

    private ConsoleWindow window;

    @Start
    void start(Stage stage) {
        window = new ConsoleWindow(new ConnectionSettings(settings.resolve("console")));
        stage.setScene(window.scene());
        stage.show();
    }

    @Test
    void saysTheNodeDoesNotAnswerWhenNothingListensAtTheUrl(FxRobot robot) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        robot.clickOn("#node-url").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write("http://127.0.0.1:" + closedPort);
        robot.clickOn("#token").write("some-token");
        robot.clickOn("#connect");

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.connectView().root().lookup("#message-bar").isVisible());
        String shown = robot.lookup("#message-bar").queryAs(io.murmuration.console.shell.MessageBar.class).text();
        assertTrue(shown.contains("does not answer"), shown);
        assertTrue(shown.contains("deploy/dev status"), shown);
        assertFalse(robot.lookup("#identity").queryAs(Label.class).getText().startsWith("Connected"));
    }

    @Test
    void everyViewHasItsShortcut(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#version-table").tryQuery().isPresent(), "Ctrl+4 shows the model versions");
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#alarm-table").tryQuery().isPresent(), "Ctrl+3 shows the drift alarms");
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#member-table").tryQuery().isPresent(), "Ctrl+5 shows the cluster");
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#user-search").query().isFocused(), "Ctrl+F puts the cursor in the user search");
    }
}
