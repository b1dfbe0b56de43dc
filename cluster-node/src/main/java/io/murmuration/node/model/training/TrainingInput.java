package io.murmuration.node.model.training;

import akka.Done;
import io.murmuration.node.interaction.InteractionLogReader;
import io.murmuration.node.interaction.InteractionRecorded;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Where a training run reads the interaction log from: every interaction recorded so far, in log order,
 * completing once the events present at the start were delivered. {@link InteractionLogReader#readAll}
 * is the production source; tests hand over a list.
 */
@FunctionalInterface
public interface TrainingInput {

    /** Hands each recorded interaction to {@code sink}, one at a time, and completes after the last. */
    CompletionStage<Done> readAll(Consumer<InteractionRecorded> sink);
}
