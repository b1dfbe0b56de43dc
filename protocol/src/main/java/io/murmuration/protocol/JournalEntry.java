package io.murmuration.protocol;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event of a user's journal, as it was persisted.
 *
 * @param sequenceNr  the event's position in the user's journal, from 1
 * @param recordedAt  when the node persisted it (what {@code from}, {@code to} and a replay's {@code asOf} compare with)
 * @param kind        {@code interaction} for a recorded interaction, otherwise the event's name (e.g. a drift alarm)
 * @param interaction the interaction, for kind {@code interaction}; omitted otherwise
 * @param details     the event's other fields, by name
 */
public record JournalEntry(long sequenceNr, Instant recordedAt, String kind, HistoryEntry interaction,
        Map<String, Object> details) {

    public static final String INTERACTION = "interaction";

    public JournalEntry {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
