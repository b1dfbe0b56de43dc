package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The load generator's command line: defaults, every flag, and refusals that name the flag. */
class LoadSettingsTest {

    @Test
    void withoutFlagsAsksTheLocalNodeForATenSecondWarmUpAndAMinuteAtAThousandAsecond() {
        assertEquals(new LoadSettings(URI.create("http://127.0.0.1:8080"), 1000, Duration.ofSeconds(60),
                        Duration.ofSeconds(10), 10, 1, 100_000, null, 0, 256, Duration.ofSeconds(2), 0),
                LoadSettings.parse(new String[0]));
    }

    @Test
    void everyFlagSetsItsSettingAndDurationsTakeAUnit() {
        LoadSettings s = LoadSettings.parse(new String[] {
                "--url", "http://node-2:9000", "--rate=250.5", "--duration", "2m", "--warmup", "500ms",
                "--k", "20", "--seed", "9", "--users", "1_000", "--log", "events.jsonl", "--zipf", "1.1",
                "--connections", "32", "--timeout", "1.5s", "--prime", "16"});

        assertEquals(new LoadSettings(URI.create("http://node-2:9000"), 250.5, Duration.ofMinutes(2),
                Duration.ofMillis(500), 20, 9, 1_000, Path.of("events.jsonl"), 1.1, 32, Duration.ofMillis(1_500), 16), s);
    }

    @Test
    void refusesBadValuesNamingTheFlag() {
        assertRefused("--rate must be a number > 0", "--rate", "0");
        assertRefused("--duration must be a duration", "--duration", "soon");
        assertRefused("--warmup must not be negative", "--warmup", "-1");
        assertRefused("--url must be an http:// URL", "--url", "https://node:8443");
        assertRefused("--connections must be at least 1", "--connections", "0");
        assertRefused("unknown flag '--threads'", "--threads", "4");
        assertRefused("--users needs a value", "--users");
        assertRefused("--prime must be 0 or more", "--prime", "-1");
    }

    @Test
    void usageExplainsEveryFlag() {
        for (String flag : new String[] {"--url", "--rate", "--duration", "--warmup", "--k", "--users", "--log",
                "--zipf", "--seed", "--connections", "--timeout", "--prime"}) {
            assertTrue(LoadSettings.usage().contains("  " + flag + " "), flag);
        }
    }

    private static void assertRefused(String message, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadSettings.parse(args));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
