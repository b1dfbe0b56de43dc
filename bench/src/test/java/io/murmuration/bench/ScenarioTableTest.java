package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.bench.TrafficScenario.PhaseRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario's own arithmetic: which users each phase asks for, how many it needs, and the summary table. */
class ScenarioTableTest {

    @TempDir
    Path dir;

    @Test
    void usersInOrderAreEachAskedOnceBeforeAnyAgain() {
        UserSampler sampler = UserSampler.inOrder(List.of("a", "b", "c"));

        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 7; i++) asked.add(sampler.next());

        assertEquals(List.of("a", "b", "c", "a", "b", "c", "a"), asked);
    }

    @Test
    void eachRunNeedsFreshUsersForItsWarmUpAndMeasuredWindow() throws IOException {
        ScenarioSettings settings = ScenarioSettings.parse(new String[] {"--log", log().toString(), "--rate", "1000",
                "--duration", "10", "--warmup", "2.5"});

        assertEquals(12_500, settings.usersPerPhase());
        assertEquals(12_500, settings.usersPerRun());
        assertEquals(3, settings.runs());
        assertEquals(2000, settings.repeatRate());
        assertEquals(List.of(), settings.storePids());
        assertEquals(List.of(12L, 34L), ScenarioSettings.parse(new String[] {"--log", log().toString(), "--store-pids", "12,34"}).storePids());
    }

    @Test
    void badSettingsAreRefusedNamingTheFlag() throws IOException {
        String log = log().toString();
        assertTrue(refusal("--log", log, "--rate", "0").contains("rates"));
        assertTrue(refusal("--log", log, "--runs", "0").contains("--runs"));
        assertTrue(refusal("--log", log, "--speed", "3").contains("--speed"));
        assertTrue(refusal("--log", dir.resolve("missing.jsonl").toString()).contains("--log"));
        assertTrue(refusal("--rate", "5").contains("--log"));
        assertTrue(refusal("--log", log, "--store-pids", "12,x").contains("--store-pids"));
    }

    @Test
    void theTableShowsEachPhasesMedianWithItsRange() throws IOException {
        ScenarioSettings settings = ScenarioSettings.parse(new String[] {"--log", log().toString()});
        List<PhaseRun> runs = List.of(run(1, "returning", 30), run(2, "returning", 10), run(3, "returning", 20),
                run(1, "repeat", 2), run(2, "repeat", 4), run(3, "repeat", 3));

        String table = ScenarioTable.render(runs, settings);

        assertTrue(table.contains("| returning | 1000 | 1000 (1000–1000) | 20.0 (10.0–30.0) |"), table);
        assertTrue(table.contains("| repeat | 1000 | 1000 (1000–1000) | 3.0 (2.0–4.0) |"), table);
        // p99.9, then the node's own p99 (a tenth of the latency here) and the send lag's p99 (a twentieth)
        assertTrue(table.contains("| 12.0 (8.0–16.0) | 0.9 (0.6–1.2) | 0.5 (0.3–0.6) |"), table);
        assertTrue(table.contains("| 1.50 (1.50–1.50) | 1.00 (0.50–1.50) | 0.20 (0.10–0.30) | 2.0 (2.0–2.0) |"), table);
        assertEquals(2.5, ScenarioTable.median(new double[] {4, 1, 2, 3}));
    }

    private static PhaseRun run(int run, String phase, double p50) {
        LoadReport.Percentiles latency = new LoadReport.Percentiles(10_000, p50, p50 * 2, p50 * 3, p50 * 4, p50 * 5);
        LoadReport reads = new LoadReport(10, 10_000, 0, 0, 0, 0, 0, 0, null, latency, latency, scaled(latency, 0.05),
                scaled(latency, 0.1));
        return new PhaseRun(run, phase, 1000, reads, 1.5, 0.5 * run, 0.1 * run, 2.0, null);
    }

    private static LoadReport.Percentiles scaled(LoadReport.Percentiles p, double factor) {
        return new LoadReport.Percentiles(p.count(), p.p50() * factor, p.p90() * factor, p.p99() * factor, p.p999() * factor,
                p.max() * factor);
    }

    private String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> ScenarioSettings.parse(args)).getMessage();
    }

    private Path log() throws IOException {
        Path log = dir.resolve("log.jsonl");
        if (!Files.exists(log)) Files.writeString(log, "");
        return log;
    }
}
