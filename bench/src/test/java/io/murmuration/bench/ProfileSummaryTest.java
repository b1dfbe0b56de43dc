package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a recorded JVM's CPU went, read back from a real JFR recording of this test's own busy thread. */
class ProfileSummaryTest {

    @Test
    void aBusyMethodIsTheHottestAndItsThreadCountsAsOneKind(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("busy.jfr");
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.enable("jdk.ThreadCPULoad").withPeriod(Duration.ofMillis(200));
            recording.enable("jdk.CPULoad").withPeriod(Duration.ofMillis(200));
            recording.start();
            Thread busy = new Thread(ProfileSummaryTest::spinFor2Seconds, "busy-worker-7");
            busy.start();
            busy.join();
            recording.stop();
            recording.dump(file);
        }

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProfileSummary.summarise(file, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String summary = bytes.toString(StandardCharsets.UTF_8);

        assertTrue(summary.contains("execution samples"), summary);
        String hottest = summary.substring(summary.indexOf("hottest methods"));
        String firstMethod = hottest.lines().skip(1).findFirst().orElse("");
        assertTrue(firstMethod.contains("ProfileSummaryTest.spinFor2Seconds"), summary);
        String byKind = summary.substring(summary.indexOf("Java threads' CPU"), summary.indexOf("Java samples"));
        assertTrue(byKind.contains("busy-worker\n"), "the pool's number is not part of the kind: " + summary);
        assertTrue(summary.contains("murmuration: other"), "charged to the first frame outside the JDK: " + summary);
    }

    @Test
    void threadsOfOnePoolAreOneKind() {
        Map<String, String> kinds = Map.of(
                "murmuration-akka.actor.default-dispatcher-12", "murmuration-akka.actor.default-dispatcher",
                "C2 CompilerThread0", "C2 CompilerThread",
                "s0-io-3", "s0-io",
                "main", "main");
        kinds.forEach((thread, kind) -> assertEquals(kind, ProfileSummary.threadKind(thread), thread));
    }

    /** Work the JIT cannot remove: a running sum, kept in a field. */
    private static void spinFor2Seconds() {
        long end = System.nanoTime() + 2_000_000_000L;
        long sum = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) sum += (long) i * i ^ sum >>> 3;
        }
        sink = sum;
    }

    private static volatile long sink;
}
