package io.murmuration.bench;

import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.ParseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator's command line: flags to settings, files written, bad input refused under its flag. */
class GeneratorCommandLineTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesEventsAndTruthAndReportsEveryTenth() throws IOException {
        Path out = dir.resolve("run/events.jsonl");

        int status = GeneratorCommandLine.run(new String[] {
                "--users", "300", "--items", "200", "--events", "2000", "--seed", "7", "--format", "jsonl",
                "--out", out.toString(), "--shift-share", "0.5", "--start", "2026-05-01T00:00:00Z",
                "--span-days", "2"}, err);

        assertEquals(0, status, err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(2000, lines.size());
        assertInstanceOf(ParseResult.Valid.class,
                new InteractionEventCodec().parse(lines.get(0).getBytes(StandardCharsets.UTF_8)));
        String truth = Files.readString(dir.resolve("run/events.truth.json"));
        assertTrue(truth.contains("\"shiftAt\": \"2026-05-02T00:00:00Z\""), truth);
        assertEquals(10, err().lines().filter(l -> l.matches("generate: +\\d+% [\\d,]+ events, .*")).count(), err());
        assertTrue(err().lines().findFirst().orElse("").contains("2000 events as jsonl for 300 users"), err());
    }

    @Test
    void flagsSetTheMatchingSettingsAndTheShiftDefaultsToMidWindow() {
        GeneratorSettings s = GeneratorCommandLine.settings(GeneratorCommandLine.flags(new String[] {
                "--seed=9", "--users", "10", "--items", "20", "--events", "1_000", "--genres", "4",
                "--popularity-exponent", "0.8", "--user-activity-exponent", "0", "--temperature", "0.5",
                "--taste-spread", "0.1", "--session-focus", "2", "--session-length", "3",
                "--session-gap-seconds", "1.5", "--start", "2026-02-01T00:00:00Z", "--span-days", "10",
                "--shift-share", "0.25", "--format", "CSV"}));

        assertEquals(new GeneratorSettings(9, 10, 20, 1_000, 4, 0.8, 0, 0.5, 0.1, 2, 3, Duration.ofMillis(1_500),
                Instant.parse("2026-02-01T00:00:00Z"), Duration.ofDays(10), 0.25,
                Instant.parse("2026-02-06T00:00:00Z"), GeneratorSettings.Format.CSV), s);
    }

    @Test
    void refusesABadValueNamingTheFlag() {
        int status = GeneratorCommandLine.run(new String[] {"--shift-share", "2", "--out", "x"}, err);

        assertEquals(2, status);
        assertTrue(err().startsWith("generate: --shift-share must be in [0, 1]"), err());
    }

    @Test
    void refusesAnUnknownFlagAndAMissingOut() {
        assertEquals(2, GeneratorCommandLine.run(new String[] {"--userz", "3"}, err));
        assertTrue(err().contains("unknown flag '--userz'"), err());

        assertEquals(2, GeneratorCommandLine.run(new String[] {"--users", "3"}, err));
        assertTrue(err().contains("--out is required"), err());
    }

    @Test
    void helpListsEveryFlag() {
        assertEquals(0, GeneratorCommandLine.run(new String[] {"--help"}, err));

        for (String flag : List.of("--out", "--truth", "--format", "--seed", "--users", "--items", "--events",
                "--genres", "--popularity-exponent", "--user-activity-exponent", "--temperature", "--taste-spread",
                "--session-focus", "--session-length", "--session-gap-seconds", "--start", "--span-days",
                "--shift-share", "--shift-at")) {
            assertTrue(err().contains(flag + " "), flag);
        }
    }

    @Test
    void truthFileSitsBesideTheEventsFile() {
        assertEquals(Path.of("a/b/log.truth.json").toString(),
                GeneratorCommandLine.truthPathFor(Path.of("a/b/log.csv")));
        assertEquals("log.truth.json", GeneratorCommandLine.truthPathFor(Path.of("log")));
    }
}
