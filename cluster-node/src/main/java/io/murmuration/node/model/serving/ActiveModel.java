package io.murmuration.node.model.serving;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This node's copy of the active model version, swapped whole when the registry activates another one, so
 * that users, routes and re-ranking read one consistent version without asking anyone. Empty until a version
 * has been activated and loaded.
 */
public final class ActiveModel {

    private final AtomicReference<ServingModel> current = new AtomicReference<>();

    public Optional<ServingModel> current() {
        return Optional.ofNullable(current.get());
    }

    /** Serves {@code model} on this node from now on (the follower does this; tests may too). */
    public void serve(ServingModel model) {
        current.set(model);
    }

    void clear() {
        current.set(null);
    }
}
