package io.murmuration.protocol;

import java.time.Instant;
import java.util.List;

/**
 * The last personalised list served to a user, as its entity remembers it (in memory: gone when the entity
 * restarts). The user's next interaction counts as a hit when its item is in it.
 *
 * @param modelVersion the version the list was scored under
 * @param items        the item ids, best first
 * @param servedAt     when it was served (wall-clock time)
 */
public record ServedList(String modelVersion, List<String> items, Instant servedAt) {

    public ServedList {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
