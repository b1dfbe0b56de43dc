package io.murmuration.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator's settings: sensible defaults, and bad values refused by name. */
class GeneratorSettingsTest {

    @Test
    void defaultsShiftHalfWayThroughAMonth() {
        GeneratorSettings d = GeneratorSettings.defaults();

        assertEquals(Duration.ofDays(30), d.span());
        assertEquals(d.start().plus(Duration.ofDays(15)), d.shiftAt());
        assertEquals(d.start().plus(d.span()), d.end());
    }

    @Test
    void refusesABadValueNamingTheComponent() {
        GeneratorSettings d = GeneratorSettings.defaults();

        assertMessageStartsWith("users", () -> d.withUsers(0));
        assertMessageStartsWith("genres", () -> d.withGenres(1));
        assertMessageStartsWith("temperature", () -> d.withTemperature(0));
        assertMessageStartsWith("tasteSpread", () -> d.withTasteSpread(1));
        assertMessageStartsWith("shiftShare", () -> d.withShiftShare(1.5));
        assertMessageStartsWith("popularityExponent", () -> d.withPopularityExponent(Double.NaN));
        assertMessageStartsWith("meanSessionLength", () -> d.withMeanSessionLength(0.5));
        assertMessageStartsWith("span", () -> d.withSpan(Duration.ZERO));
    }

    @Test
    void keepsTheStartToTheMillisecond() {
        GeneratorSettings s = GeneratorSettings.defaults().withStart(Instant.parse("2026-01-01T00:00:00.123456Z"));

        assertEquals(Instant.parse("2026-01-01T00:00:00.123Z"), s.start());
    }

    private static void assertMessageStartsWith(String component, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().startsWith(component + " "), e.getMessage());
    }
}
