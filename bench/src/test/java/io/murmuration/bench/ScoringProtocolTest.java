package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringProtocolTest {

    private static InteractionEvent event(String userId, InteractionType type) {
        return new InteractionEvent("e", userId, "i", type, null, Instant.EPOCH, Map.of());
    }

    private static List<Integer> scoredPositions(ScoringProtocol protocol, List<InteractionEvent> log) {
        List<Integer> scored = new ArrayList<>();
        for (int n = 0; n < log.size(); n++) {
            if (protocol.scores(log.get(n))) {
                scored.add(n);
            }
        }
        return scored;
    }

    /** u1, u2, u1, skip of u3, u3, u2, u1, u4. */
    private static final List<InteractionEvent> LOG = List.of(
            event("u1", InteractionType.VIEW), event("u2", InteractionType.PURCHASE), event("u1", InteractionType.CLICK),
            event("u3", InteractionType.SKIP), event("u3", InteractionType.VIEW), event("u2", InteractionType.VIEW),
            event("u1", InteractionType.VIEW), event("u4", InteractionType.VIEW));

    @Test
    void allScoresEveryPositiveEventFirstEventsIncluded() {
        ScoringProtocol all = new ScoringProtocol(ScoringProtocol.Kind.ALL, 1);

        assertEquals(List.of(0, 1, 2, 4, 5, 6, 7), scoredPositions(all, LOG));
        assertEquals(7, all.scored());
    }

    @Test
    void returningScoresOnlyUsersWithAnEarlierEventEvenASkip() {
        ScoringProtocol returning = new ScoringProtocol(ScoringProtocol.Kind.RETURNING, 1);

        assertEquals(List.of(2, 4, 5, 6), scoredPositions(returning, LOG));
    }

    @Test
    void everyNthEligibleEventIsScoredStartingWithTheNth() {
        assertEquals(List.of(4, 6), scoredPositions(new ScoringProtocol(ScoringProtocol.Kind.RETURNING, 2), LOG));
        assertEquals(List.of(2, 6), scoredPositions(new ScoringProtocol(ScoringProtocol.Kind.ALL, 3), LOG));
    }

    @Test
    void saysWhichEventsItScores() {
        assertEquals("returning (every 5th of the positive events of users with an earlier event)",
                new ScoringProtocol(ScoringProtocol.Kind.RETURNING, 5).describe());
        assertEquals("all (every one of the positive events, users' first events included)",
                new ScoringProtocol(ScoringProtocol.Kind.ALL, 1).describe());
    }

    @Test
    void refusesEveryBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new ScoringProtocol(ScoringProtocol.Kind.ALL, 0));
    }
}
