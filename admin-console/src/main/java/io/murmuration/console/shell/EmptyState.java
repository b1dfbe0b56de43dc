package io.murmuration.console.shell;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The one look of "nothing here yet": an icon, what is missing, and how it comes to be there. */
public final class EmptyState extends VBox {

    public EmptyState(Feather icon, String title, String hint) {
        super(8);
        setAlignment(Pos.CENTER);
        getStyleClass().add("empty-state");
        FontIcon glyph = new FontIcon(icon);
        glyph.setIconSize(40);
        glyph.getStyleClass().add("empty-state-icon");
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TITLE_4);
        Label text = new Label(hint);
        text.getStyleClass().add(Styles.TEXT_MUTED);
        text.setWrapText(true);
        getChildren().addAll(glyph, heading, text);
    }
}
