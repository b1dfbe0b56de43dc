package io.murmuration.console.shell;

import atlantafx.base.theme.Styles;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The confirmation every change goes through: what will change, and the reason the node records with it in the
 * audit trail (the node refuses a change without one, so the console asks before sending).
 */
public final class ReasonDialog {

    private ReasonDialog() {}

    /** Asks; the reason when confirmed, empty when cancelled. */
    public static Optional<String> ask(Window owner, String title, String action, Node whatWillChange) {
        Dialog<String> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        TextArea reason = new TextArea();
        reason.setId("change-reason");
        reason.setPromptText("Why (kept in the audit trail with your token's name)");
        reason.setPrefRowCount(3);
        reason.setWrapText(true);
        Label reasonLabel = new Label("Reason");
        reasonLabel.getStyleClass().add(Styles.TEXT_BOLD);
        VBox content = new VBox(12, whatWillChange, reasonLabel, reason);
        content.setPrefWidth(520);
        dialog.getDialogPane().setContent(content);
        ButtonType confirm = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(confirm, ButtonType.CANCEL);
        Button confirmButton = (Button) dialog.getDialogPane().lookupButton(confirm);
        confirmButton.setId("confirm-change");
        confirmButton.getStyleClass().add(Styles.ACCENT);
        confirmButton.disableProperty().bind(reason.textProperty().map(String::isBlank));
        dialog.setResultConverter(button -> button == confirm ? reason.getText().trim() : null);
        dialog.setOnShown(e -> reason.requestFocus());
        return dialog.showAndWait();
    }
}
