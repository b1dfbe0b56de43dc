package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteractionLogTest {

    @TempDir
    Path dir;

    @Test
    void readsACsvLogInTimeOrderAsRatingsWithTheirValues() throws IOException {
        Path csv = Files.writeString(dir.resolve("log.csv"), String.join("\n",
                "userId,itemId,value,timestamp",
                "u1,i2,3.0,2026-11-01T00:00:02Z",
                "u1,i1,5,1761955200000",
                ""));

        List<InteractionEvent> events = InteractionLog.read(csv);

        assertEquals(List.of("i1", "i2"), events.stream().map(InteractionEvent::itemId).toList());
        assertEquals(InteractionType.RATING, events.get(0).type());
        assertEquals(5.0, events.get(0).value());
        assertEquals(Instant.ofEpochMilli(1761955200000L), events.get(0).timestamp());
        assertEquals("csv-3", events.get(0).eventId());
    }

    @Test
    void readsAJsonlLogInTimeOrder() throws IOException {
        Path jsonl = Files.writeString(dir.resolve("log.jsonl"), String.join("\n",
                "{\"eventId\":\"b\",\"userId\":\"u\",\"itemId\":\"i2\",\"type\":\"view\",\"timestamp\":\"2026-11-01T00:00:09Z\"}",
                "{\"eventId\":\"a\",\"userId\":\"u\",\"itemId\":\"i1\",\"type\":\"purchase\",\"timestamp\":\"2026-11-01T00:00:01Z\"}"));

        assertEquals(List.of("a", "b"), InteractionLog.read(jsonl).stream().map(InteractionEvent::eventId).toList());
    }

    @Test
    void readsAGzippedJsonlLogInTimeOrder() throws IOException {
        Path gz = dir.resolve("log.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(String.join("\n",
                    "{\"eventId\":\"b\",\"userId\":\"u\",\"itemId\":\"i2\",\"type\":\"view\",\"timestamp\":1511539222000}",
                    "{\"eventId\":\"a\",\"userId\":\"u\",\"itemId\":\"i1\",\"type\":\"purchase\",\"timestamp\":1511539217000}",
                    "").getBytes(StandardCharsets.UTF_8));
        }

        List<InteractionEvent> events = InteractionLog.read(gz);

        assertEquals(List.of("a", "b"), events.stream().map(InteractionEvent::eventId).toList());
        assertEquals(Instant.ofEpochMilli(1511539217000L), events.get(0).timestamp());
    }

    @Test
    void readsAGzippedCsvLogAsCsv() throws IOException {
        Path gz = dir.resolve("log.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("userId,itemId,value,timestamp\nu1,i1,4,1761955200000\n".getBytes(StandardCharsets.UTF_8));
        }

        InteractionEvent only = InteractionLog.read(gz).get(0);

        assertEquals(InteractionType.RATING, only.type());
        assertEquals(4.0, only.value());
    }

    @Test
    void stopsAtAnInvalidLineNamingItAndTheRule() throws IOException {
        Path jsonl = Files.writeString(dir.resolve("bad.jsonl"),
                "{\"eventId\":\"a\",\"userId\":\"u\",\"itemId\":\"i1\",\"type\":\"stare\",\"timestamp\":\"2026-11-01T00:00:01Z\"}\n");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> InteractionLog.read(jsonl));

        assertTrue(error.getMessage().contains("line 1: type"), error.getMessage());
    }
}
