package io.murmuration.console.shell;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import io.murmuration.console.api.AdminApiException;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The strip at the top of a view where what went wrong (with what to do) or what just succeeded is said, in the
 * window rather than in a dialog or a log. Hidden while there is nothing to say.
 */
public final class MessageBar extends StackPane {

    public MessageBar() {
        setId("message-bar");
        clear();
    }

    public void problem(AdminApiException problem) {
        show(problem.getMessage(), problem.advice(), Styles.DANGER, Feather.ALERT_TRIANGLE);
    }

    public void success(String title, String text) {
        show(title, text, Styles.SUCCESS, Feather.CHECK_CIRCLE);
    }

    public void info(String title, String text) {
        show(title, text, Styles.ACCENT, Feather.INFO);
    }

    public void clear() {
        getChildren().clear();
        setVisible(false);
        setManaged(false);
    }

    /** The text shown, for tests and screen readers; empty when hidden. */
    public String text() {
        return getChildren().isEmpty() ? "" : ((Message) getChildren().get(0)).getTitle() + " " + ((Message) getChildren().get(0)).getDescription();
    }

    private void show(String title, String text, String style, Feather icon) {
        Message message = new Message(title, text, new FontIcon(icon));
        message.getStyleClass().add(style);
        message.setOnClose(e -> clear());
        getChildren().setAll(message);
        setVisible(true);
        setManaged(true);
    }
}
