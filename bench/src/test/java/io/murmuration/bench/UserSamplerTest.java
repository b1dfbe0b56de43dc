package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserSamplerTest {

    @Test
    void theSameSeedDrawsTheSameUsersInTheSameOrder() {
        assertEquals(draw(UserSampler.numbered(1_000, 0, 5), 50), draw(UserSampler.numbered(1_000, 0, 5), 50));
        assertEquals(draw(UserSampler.numbered(1_000, 1.2, 5), 50), draw(UserSampler.numbered(1_000, 1.2, 5), 50));
    }

    @Test
    void aUniformDrawReachesEveryUserAboutEqually() {
        Map<String, Integer> counts = counts(draw(UserSampler.numbered(10, 0, 1), 10_000));

        assertEquals(10, counts.size());
        counts.values().forEach(n -> assertEquals(1_000, n, 150));
    }

    @Test
    void aZipfDrawFavoursTheFirstRanksAsOneOverRank() {
        Map<String, Integer> counts = counts(draw(UserSampler.numbered(100, 1, 3), 20_000));

        // Rank 1 weighs twice rank 2 and ten times rank 10.
        assertEquals(2.0, (double) counts.get("user-0") / counts.get("user-1"), 0.3);
        assertEquals(10.0, (double) counts.get("user-0") / counts.get("user-9"), 2.5);
    }

    @Test
    void aLogsUsersRankByHowManyEventsTheyHave() {
        List<InteractionEvent> log = List.of(event("quiet"), event("busy"), event("busy"), event("busy"),
                event("middling"), event("middling"));

        UserSampler sampler = UserSampler.fromLog(log, 10, 2);
        Map<String, Integer> counts = counts(draw(sampler, 1_000));

        assertEquals(3, sampler.size());
        assertTrue(counts.getOrDefault("busy", 0) > 990, counts.toString());
    }

    private static List<String> draw(UserSampler sampler, int n) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            users.add(sampler.next());
        }
        return users;
    }

    private static Map<String, Integer> counts(List<String> users) {
        Map<String, Integer> counts = new HashMap<>();
        users.forEach(u -> counts.merge(u, 1, Integer::sum));
        return counts;
    }

    private static InteractionEvent event(String user) {
        return new InteractionEvent("e-" + user, user, "item-1", InteractionType.VIEW, 1.0,
                Instant.parse("2026-05-01T00:00:00Z"), Map.of());
    }
}
