package io.murmuration.protocol;

import java.util.List;

/**
 * A user's journal between two instants, oldest first.
 *
 * @param userId    the user
 * @param events    the events recorded in the window, in journal order
 * @param truncated true when the window holds more than {@code limit} events: ask again from the last one's
 *                  {@code recordedAt}
 */
public record UserEventsResponse(String userId, List<JournalEntry> events, boolean truncated) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    public UserEventsResponse {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
