package io.murmuration.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The Server-Timing header: what the node writes, the client reads back, and anything else reads as nothing. */
class ServerTimingTest {

    @Property
    void whatTheNodeWritesReadsBackToTheMicrosecond(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long nanos) {
        OptionalDouble millis = ServerTiming.recommendMillis(ServerTiming.recommend(nanos));
        assertTrue(millis.isPresent());
        assertEquals(nanos / 1e6, millis.getAsDouble(), 0.0005 + 1e-12 * nanos);
    }

    @Test
    void hugeAndTinyDurationsAreRefusedOrReadExactly() {
        assertEquals(OptionalDouble.empty(), ServerTiming.recommendMillis("recommend;dur=1e400"), "overflows to infinity");
        assertEquals(OptionalDouble.of(0.0), ServerTiming.recommendMillis("recommend;dur=1e-400"), "underflows to zero");
        assertEquals(OptionalDouble.of(0.0), ServerTiming.recommendMillis("recommend;dur=-0"));
        assertEquals(OptionalDouble.of(Double.MAX_VALUE), ServerTiming.recommendMillis("recommend;dur=" + Double.MAX_VALUE));
    }

    @Test
    void findsTheRecommenderAmongOtherMetrics() {
        assertEquals(OptionalDouble.of(2.5), ServerTiming.recommendMillis("cache;desc=\"hit\", recommend;desc=x;dur=2.5, db;dur=1"));
        assertEquals(OptionalDouble.of(0.0), ServerTiming.recommendMillis("Recommend ; DUR = 0"));
    }

    @Test
    void aValueWithoutAUsableDurationSaysNothing() {
        for (String value : new String[] {null, "", "recommend", "recommend;dur=", "recommend;dur=-1", "recommend;dur=NaN",
                "recommend;dur=Infinity", "recommend;dur=abc", "db;dur=3", "recommendations;dur=3"}) {
            assertEquals(OptionalDouble.empty(), ServerTiming.recommendMillis(value), String.valueOf(value));
        }
    }

    @Property
    void noHeaderValueThrows(@ForAll("headerValues") String value) {
        OptionalDouble millis = ServerTiming.recommendMillis(value);
        millis.ifPresent(m -> assertTrue(Double.isFinite(m) && m >= 0, value));
    }

    @Provide
    Arbitrary<String> headerValues() {
        Arbitrary<String> pieces = Arbitraries.oneOf(Arbitraries.of("recommend", "dur", "=", ";", ",", " ", "\"", "-", ".",
                "e", "NaN", "Infinity", "1", "0x1p3", "9".repeat(400)), Arbitraries.strings().ofMaxLength(6));
        return pieces.list().ofMaxSize(12).map(list -> String.join("", list));
    }
}
