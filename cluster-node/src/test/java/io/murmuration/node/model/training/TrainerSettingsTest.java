package io.murmuration.node.model.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrainerSettingsTest {

    private static final String SECTION = """
            factors = 32
            iterations = 10
            lambda = 1.0
            alpha = 10.0
            seed = 42
            threads = 2
            held-out-share = 0.1
            metrics-k = 10
            auto-promote = true
            every-interactions = 20000
            every-event-time = 7d
            min-interactions = 1000
            registry-timeout = 10s
            checkpoint-interval = 30s
            """;

    private static Config section(String overrides) {
        return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.parseString(SECTION));
    }

    private static String refusal(String overrides) {
        return assertThrows(ConfigException.BadValue.class, () -> TrainerSettings.from(section(overrides))).getMessage();
    }

    @Test
    void readsEveryKeyOfTheSection() {
        TrainerSettings settings = TrainerSettings.from(section(""));

        assertEquals(new TrainerSettings(32, 10, 1.0, 10.0, 42L, 2, 0.1, 10, true, 20000, Duration.ofDays(7), 1000,
                Duration.ofSeconds(10), Duration.ofSeconds(30)), settings);
        assertEquals(new AlsParameters(32, 10, 1.0, 10.0, 42L, 2), settings.alsParameters());
    }

    @Test
    void refusesBadValuesNamingTheKey() {
        assertTrue(refusal("factors = 0").contains("murmuration.trainer.factors"));
        assertTrue(refusal("lambda = 0").contains("murmuration.trainer.lambda"));
        assertTrue(refusal("alpha = -1").contains("murmuration.trainer.alpha"));
        assertTrue(refusal("held-out-share = 0").contains("murmuration.trainer.held-out-share"));
        assertTrue(refusal("held-out-share = 1").contains("murmuration.trainer.held-out-share"));
        assertTrue(refusal("every-interactions = 0").contains("murmuration.trainer.every-interactions"));
        assertTrue(refusal("every-event-time = 0s").contains("murmuration.trainer.every-event-time"));
        assertTrue(refusal("min-interactions = 0").contains("murmuration.trainer.min-interactions"));
        assertTrue(refusal("checkpoint-interval = 0s").contains("murmuration.trainer.checkpoint-interval"));
    }

    @Test
    void refusesValuesOfTheWrongTypeNamingTheFullKey() {
        assertTrue(refusal("threads = many").contains("murmuration.trainer.threads"));
        assertTrue(refusal("every-event-time = weekly").contains("murmuration.trainer.every-event-time"));
    }
}
