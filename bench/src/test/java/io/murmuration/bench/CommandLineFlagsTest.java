package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bench tools' shared command line: both spellings, defaults, and refusals that start with the flag. */
class CommandLineFlagsTest {

    private static final Set<String> KNOWN = Set.of("--a", "--b", "--c");

    @Test
    void readsBothSpellingsAndFallsBackForMissingFlags() {
        CommandLineFlags flags = CommandLineFlags.parse(new String[] {"--a", "1_500", "--b=2.5"}, KNOWN);

        assertEquals(1_500, flags.whole("--a", 0));
        assertEquals(2.5, flags.number("--b", 0));
        assertFalse(flags.has("--c"));
        assertEquals(7, flags.whole("--c", 7));
        assertEquals("x", flags.text("--c", "x"));
    }

    @Test
    void durationsTakeAUnit() {
        CommandLineFlags flags = CommandLineFlags.parse(new String[] {"--a", "500ms", "--b", "2m", "--c", "1.5s"}, KNOWN);

        assertEquals(Duration.ofMillis(500), flags.duration("--a", "1"));
        assertEquals(Duration.ofMinutes(2), flags.duration("--b", "1"));
        assertEquals(Duration.ofMillis(1_500), flags.duration("--c", "1"));
    }

    @Test
    void refusalsNameTheFlag() {
        assertRefused("unknown flag '--d'", () -> CommandLineFlags.parse(new String[] {"--d", "1"}, KNOWN));
        assertRefused("--a needs a value", () -> CommandLineFlags.parse(new String[] {"--a"}, KNOWN));
        CommandLineFlags flags = CommandLineFlags.parse(new String[] {"--a", "many", "--b", "3000000000", "--c", "soon"}, KNOWN);
        assertRefused("--a must be a number", () -> flags.number("--a", 0));
        assertRefused("--a must be a whole number", () -> flags.whole("--a", 0));
        assertRefused("--b is too large", () -> flags.whole("--b", 0));
        assertEquals(3_000_000_000L, flags.wholeLong("--b", 0));
        assertRefused("--c must be a duration", () -> flags.duration("--c", "1"));
    }

    private static void assertRefused(String start, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
