package io.murmuration.console.shell;

import io.murmuration.console.api.NodeEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Hands the node's stream events to the views on the JavaFX thread, so a view's listener may touch its controls.
 */
public final class NodeEvents implements Consumer<NodeEvent> {

    private final List<Consumer<NodeEvent>> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<NodeEvent> listener) {
        listeners.add(listener);
    }

    /** Called on the stream's thread. */
    @Override
    public void accept(NodeEvent event) {
        Platform.runLater(() -> listeners.forEach(l -> l.accept(event)));
    }
}
