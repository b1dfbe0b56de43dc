package io.murmuration.console.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.murmuration.protocol.DriftAlarm;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the alarm table writes a detector's figures. */
class AlarmFiguresTest {

    @Test
    void writesCountsAsWholeNumbersAndTheRestToThreeSignificantDigits() {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("statistic", 0.47123);
        figures.put("observations", 7.0);
        figures.put("meanSurprise", 0.6);
        DriftAlarm alarm = new DriftAlarm("user-a-1", "user", "a", "surprise", figures, "v1", Instant.EPOCH, null, "open",
                null, null, null);

        assertEquals("statistic 0.471, observations 7, meanSurprise 0.600", AlarmsView.figures(alarm));
    }
}
