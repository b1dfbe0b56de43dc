package io.murmuration.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The outcome of decoding an ingest request body: all its events, or the first error and no events,
 * so a batch is accepted or refused as a whole.
 *
 * @param events the decoded events in request order; empty when {@code error} is set
 * @param error  the first rule broken, its field prefixed with the element index for arrays; {@code null} when valid
 */
public record BatchResult(List<InteractionEvent> events, FieldError error) {

    public BatchResult {
        events = events == null ? List.of() : List.copyOf(events);
        if (error != null && !events.isEmpty()) {
            throw new IllegalArgumentException("a refused batch carries no events");
        }
    }

    /** A batch whose every event passed. */
    public static BatchResult accepted(List<InteractionEvent> events) {
        return new BatchResult(events, null);
    }

    /** A batch refused because of {@code error}. */
    public static BatchResult refused(FieldError error) {
        return new BatchResult(List.of(), error);
    }

    /** True when every event passed and {@link #events()} holds them all. */
    @JsonIgnore
    public boolean isValid() {
        return error == null;
    }
}
