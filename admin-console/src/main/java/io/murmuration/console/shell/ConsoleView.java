package io.murmuration.console.shell;

import javafx.scene.Parent;
import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.feather.Feather;

/** One page of the console, reached from the side bar or by its shortcut. */
public interface ConsoleView {

    String title();

    Feather icon();

    /** The shortcut that shows this view. */
    KeyCombination shortcut();

    Parent root();

    /** The console connected (or reconnected with another token): load what the view shows. */
    void connected(Session session);

    /** The console disconnected: forget the node's data. */
    void disconnected();

    /** The view became visible: a chance to refresh. */
    default void shown() {}

    /** Ctrl+F: put the cursor in the view's search or filter field, if it has one. */
    default void focusSearch() {}
}
