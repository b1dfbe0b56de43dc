package io.murmuration.node.model.training;

import io.murmuration.node.interaction.InteractionRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small interaction log with planted structure, for the trainer's tests: two groups of users, each only
 * touching distinct items of its own group, the "b" group twice as large so that popularity points "a" users the
 * wrong way. Events are spread at random over a span and sorted by time, as the journal would hold them.
 */
final class PlantedTasteLog {

    static final int USERS_A = 15;
    static final int USERS_B = 30;
    static final int ITEMS_PER_GROUP = 15;
    static final int EVENTS_PER_USER = 8;
    /** Every event is positive: views and clicks. */
    static final int SIZE = (USERS_A + USERS_B) * EVENTS_PER_USER;

    private PlantedTasteLog() {}

    static List<InteractionRecorded> over(Instant from, Duration span, long seed) {
        Random random = new Random(seed);
        List<InteractionRecorded> log = new ArrayList<>();
        addGroup(log, "a", USERS_A, from, span, random);
        addGroup(log, "b", USERS_B, from, span, random);
        log.sort(Comparator.comparing(InteractionRecorded::timestamp));
        return log;
    }

    static InteractionRecorded event(String userId, String itemId, String type, Instant at) {
        return new InteractionRecorded(userId, userId + "@" + at.toEpochMilli() + "/" + itemId, itemId, type, null, at,
                Map.of(), null, null, null, null);
    }

    private static void addGroup(List<InteractionRecorded> log, String group, int users, Instant from, Duration span,
            Random random) {
        List<Integer> items = new ArrayList<>();
        for (int item = 0; item < ITEMS_PER_GROUP; item++) {
            items.add(item);
        }
        for (int user = 0; user < users; user++) {
            // Distinct items per user: a held-out repeat of a training item could not be found by any ranking.
            Collections.shuffle(items, random);
            for (int n = 0; n < EVENTS_PER_USER; n++) {
                Instant at = from.plusMillis((long) (random.nextDouble() * span.toMillis()));
                String item = group + "-item-" + items.get(n);
                log.add(event(group + "-user-" + user, item, random.nextBoolean() ? "view" : "click", at));
            }
        }
    }
}
