package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.murmuration.bench.baseline.PopularityBaseline;
import io.murmuration.bench.baseline.ReferenceBaseline;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineReplayTest {

    private static InteractionEvent event(String userId, String itemId, InteractionType type) {
        return new InteractionEvent("e", userId, itemId, type, null, Instant.EPOCH, Map.of());
    }

    @Test
    void scoresBeforeLearningAndLearnsNoSkips() {
        BaselineReplay replay = new BaselineReplay(List.of(new PopularityBaseline()), 1);

        replay.replay(event("u1", "a", InteractionType.VIEW), true); // nothing known yet: a miss
        replay.replay(event("u2", "b", InteractionType.SKIP), false); // not learned: b stays unknown
        replay.replay(event("u2", "a", InteractionType.VIEW), true); // a is the most popular: a hit
        replay.replay(event("u3", "b", InteractionType.VIEW), true); // the list is a, not b: a miss
        replay.replay(event("u3", "a", InteractionType.VIEW), false); // learned, not scored

        PrequentialScore score = replay.results().get(0).score();
        assertEquals(3, score.trials());
        assertEquals(1.0 / 3, score.hitRate(), 1e-12);
        assertEquals("popularity", replay.best().orElseThrow().baseline().name());
    }

    @Test
    void anEventCountsForTheCeilingWhenAnyBaselineHitsIt() {
        // All-time popularity says a; a recommender that knows only the item last learned says it.
        ReferenceBaseline lastLearned = new ReferenceBaseline() {
            private String last;

            @Override
            public String name() {
                return "last learned";
            }

            @Override
            public String parameters() {
                return "";
            }

            @Override
            public List<String> recommend(String userId, int k) {
                return last == null ? List.of() : List.of(last);
            }

            @Override
            public void learn(InteractionEvent event) {
                last = event.itemId();
            }
        };
        BaselineReplay replay = new BaselineReplay(List.of(new PopularityBaseline(), lastLearned), 1);

        replay.replay(event("u1", "a", InteractionType.VIEW), false);
        replay.replay(event("u2", "a", InteractionType.VIEW), false);
        replay.replay(event("u3", "b", InteractionType.VIEW), false);
        replay.replay(event("u4", "b", InteractionType.VIEW), true); // popularity a, last learned b: the second hits
        replay.replay(event("u5", "a", InteractionType.VIEW), true); // a and b tie, a first by id; last learned b
        replay.replay(event("u6", "c", InteractionType.VIEW), true); // neither

        assertEquals(1.0 / 3, replay.results().get(0).score().hitRate(), 1e-12);
        assertEquals(1.0 / 3, replay.results().get(1).score().hitRate(), 1e-12);
        assertEquals(2.0 / 3, replay.hitRateOfAny(), 1e-12);
    }
}
