package io.murmuration.bench.baseline;

import io.murmuration.protocol.InteractionEvent;
import java.util.List;

/**
 * A simple recommender the system must beat, run by the replay evaluator on the same stream as the system, in log
 * order and prequentially: {@link #recommend} for the user before an event, then {@link #learn} the event. Only
 * positive events (not skips) are learned. Items the user already interacted with are never recommended.
 * Not thread-safe: the evaluator drives every baseline from one thread.
 */
public interface ReferenceBaseline {

    /** The name in the summary table, e.g. {@code co-occurrence}. */
    String name();

    /** The parameters it runs with, printed beside its figures, e.g. {@code recent 20, exponent 0.5}. */
    String parameters();

    /** Up to {@code k} items for {@code userId}, best first, none of them already interacted with. */
    List<String> recommend(String userId, int k);

    /** Learns one positive event, after it was scored. */
    void learn(InteractionEvent event);
}
