package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the bulk load groups a window of the log into writes: every event once, each user's in order, users in turn. */
class JournalBulkLoadTest {

    @Test
    void groupsEveryEventOnceByUserInLogOrderAndNoGroupIsLargerThanAJournalBatch() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int users = 1 + random.nextInt(8);
            List<InteractionEvent> window = new ArrayList<>();
            for (int i = 0, n = random.nextInt(120); i < n; i++) {
                window.add(new InteractionEvent("e" + i, "user-" + random.nextInt(users), "item-" + random.nextInt(30),
                        InteractionType.VIEW, null, Instant.ofEpochSecond(1_700_000_000L + i), Map.of()));
            }

            List<List<InteractionEvent>> groups = JournalBulkLoad.byUser(window);

            List<InteractionEvent> flattened = new ArrayList<>();
            Set<String> usersSeen = new HashSet<>();
            List<String> firstAppearance = new ArrayList<>();
            for (List<InteractionEvent> group : groups) {
                assertTrue(!group.isEmpty() && group.size() <= 16, "a group of " + group.size());
                assertEquals(1, group.stream().map(InteractionEvent::userId).distinct().count(), "one user per group");
                flattened.addAll(group);
                if (usersSeen.add(group.get(0).userId())) {
                    firstAppearance.add(group.get(0).userId());
                }
            }
            assertEquals(window.size(), flattened.size(), "every event once");
            assertEquals(Set.copyOf(window), Set.copyOf(flattened));
            for (String user : usersSeen) {
                assertEquals(window.stream().filter(e -> e.userId().equals(user)).toList(),
                        flattened.stream().filter(e -> e.userId().equals(user)).toList(), "the order of " + user + "'s events");
            }
            assertEquals(window.stream().map(InteractionEvent::userId).distinct().toList(), firstAppearance,
                    "users in the order of their first event");
        }
    }

    @Test
    void aUserWithMoreEventsThanABatchGetsSeveralGroupsInOrder() {
        List<InteractionEvent> window = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            window.add(new InteractionEvent("e" + i, "u", "item-" + i, InteractionType.CLICK, null,
                    Instant.ofEpochSecond(1_700_000_000L + i), Map.of()));
        }

        List<List<InteractionEvent>> groups = JournalBulkLoad.byUser(window);

        assertEquals(List.of(16, 16, 8), groups.stream().map(List::size).toList());
        assertEquals("e16", groups.get(1).get(0).eventId());
    }
}
