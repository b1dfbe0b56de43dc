package io.murmuration.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.node.Settings.UserLimits;
import io.murmuration.node.item.InteractionWeights;
import io.murmuration.protocol.InteractionType;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The user's share of popular interactions counts exactly the positive, judged ones, whatever the types, values
 * (non-finite, negative, huge, tiny), judgements and times, and stays a share.
 */
class PopularSharePropertyTest {

    private static final UserLimits LIMITS = new UserLimits(5, 5, 5, 100);

    record Recorded(UserProfile.Interaction interaction, Boolean popular) {}

    @Property(tries = 300)
    void theShareCountsThePositiveJudgedInteractionsAndStaysWithinZeroAndOne(@ForAll("histories") List<Recorded> history) {
        UserProfile profile = UserProfile.EMPTY;
        long judged = 0;
        long popular = 0;
        for (Recorded r : history) {
            profile = profile.apply(r.interaction(), r.popular(), LIMITS);
            if (r.popular() != null && InteractionWeights.of(r.interaction().type(), r.interaction().value()) > 0) {
                judged++;
                if (r.popular()) popular++;
            }
        }

        assertEquals(judged, profile.popularJudged());
        assertEquals(popular, profile.popularTaken());
        double share = profile.popularShare();
        assertTrue(share >= 0 && share <= 1, "share " + share);
        assertEquals(judged == 0 ? 0 : (double) popular / judged, share, 1e-12);
        assertEquals(history.size(), profile.eventCount());
    }

    @Provide
    Arbitrary<List<Recorded>> histories() {
        Arbitrary<String> types = Arbitraries.of(InteractionType.wireNames());
        Arbitrary<Double> values = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1.0, 0.0, Double.MIN_VALUE,
                        Double.MAX_VALUE, 5.0));
        Arbitrary<Instant> times = Arbitraries.oneOf(
                Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L).map(Instant::ofEpochSecond),
                Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH));
        Arbitrary<Boolean> judgements = Arbitraries.of(true, false).injectNull(0.3);
        Arbitrary<Recorded> recorded = Combinators.combine(types, values, times, judgements, Arbitraries.integers().between(0, 20))
                .as((type, value, at, popular, item) -> new Recorded(
                        new UserProfile.Interaction("e", "item-" + item, type, value, at), popular));
        return recorded.list().ofMaxSize(60);
    }
}
