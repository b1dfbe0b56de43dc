package io.murmuration.console.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.protocol.HistoryEntry;
import io.murmuration.protocol.UserEmbeddingView;
import io.murmuration.protocol.UserProfileResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileDifferenceTest {

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void namesEveryFigureThatChangedAndTheEventsAddedSinceThen() {
        // given a user with two views then, and a purchase more now
        HistoryEntry first = new HistoryEntry("e1", "a", "view", null, T);
        HistoryEntry second = new HistoryEntry("e2", "b", "view", null, T.plusSeconds(60));
        HistoryEntry third = new HistoryEntry("e3", "c", "purchase", null, T.plusSeconds(120));
        UserProfileResponse then = profile(2, Map.of("view", 2L), T.plusSeconds(60), List.of(second, first), new float[] {1, 0});
        UserProfileResponse now = profile(3, Map.of("view", 2L, "purchase", 1L), T.plusSeconds(120), List.of(third, second, first), new float[] {0, 1});

        // when
        ProfileDifference difference = ProfileDifference.between(then, new float[] {1, 0}, now);

        // then
        List<String> lines = difference.changes().stream().map(Object::toString).toList();
        assertTrue(lines.contains("events: 2 → 3"), lines.toString());
        assertTrue(lines.contains("purchase: 0 → 1"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("last seen: ")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("embedding: then → cosine 0.000")), lines.toString());
        assertEquals(Set.of("e3"), difference.newEventIds());
    }

    @Test
    void isEmptyWhenNothingHappenedSince() {
        HistoryEntry only = new HistoryEntry("e1", "a", "view", null, T);
        UserProfileResponse p = profile(1, Map.of("view", 1L), T, List.of(only), new float[] {0.5f, 0.5f});

        ProfileDifference difference = ProfileDifference.between(p, new float[] {0.5f, 0.5f}, p);

        assertTrue(difference.isEmpty(), difference.changes().toString());
        assertTrue(difference.newEventIds().isEmpty());
    }

    private static UserProfileResponse profile(long events, Map<String, Long> counts, Instant last, List<HistoryEntry> history, float[] embedding) {
        return new UserProfileResponse("u", events, new LinkedHashMap<>(counts), T, last, history, null, null,
                new UserEmbeddingView("v1", embedding), null);
    }
}
