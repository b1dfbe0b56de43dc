package io.murmuration.bench;

import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.InteractionType;
import io.murmuration.protocol.ParseResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * An interaction log to replay, read whole and put in time order: JSONL (one event per line, as on the
 * {@code interactions} topic) or CSV {@code userId,itemId,value,timestamp} with a header. A CSV row becomes
 * a {@code rating} event carrying the value, with the event id {@code csv-<line>}. A line that is not a
 * valid event stops the read with its line number, so a replay never silently drops part of a log. A name
 * ending in {@code .gz} is read through gzip ({@code log.jsonl.gz}, {@code log.csv.gz}).
 */
public final class InteractionLog {

    private InteractionLog() {}

    public static List<InteractionEvent> read(Path file) throws IOException {
        // The node's own rules: an event it would refuse is reported here, with its line, before the replay starts.
        InteractionEventCodec codec = new InteractionEventCodec();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gzip = name.endsWith(".gz");
        boolean csv = (gzip ? name.substring(0, name.length() - 3) : name).endsWith(".csv");
        List<InteractionEvent> events = new ArrayList<>();
        try (BufferedReader reader = open(file, gzip)) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank() || (csv && lineNumber == 1 && line.startsWith("userId"))) {
                    continue;
                }
                events.add(csv ? fromCsv(line, lineNumber, file) : fromJson(codec, line, lineNumber, file));
            }
        }
        events.sort(Comparator.comparing(InteractionEvent::timestamp)); // stable: ties keep file order
        return events;
    }

    private static BufferedReader open(Path file, boolean gzip) throws IOException {
        if (!gzip) {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }
        InputStream in = Files.newInputStream(file);
        try {
            return new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8));
        } catch (IOException notGzip) {
            in.close();
            throw new IOException(file + ": not a gzip file: " + notGzip.getMessage(), notGzip);
        }
    }

    private static InteractionEvent fromJson(InteractionEventCodec codec, String line, int lineNumber, Path file) {
        ParseResult parsed = codec.parse(line.getBytes(StandardCharsets.UTF_8));
        if (parsed instanceof ParseResult.Invalid invalid) {
            throw new IllegalArgumentException(file + " line " + lineNumber + ": " + invalid.error().message());
        }
        return ((ParseResult.Valid) parsed).event();
    }

    private static InteractionEvent fromCsv(String line, int lineNumber, Path file) {
        String[] cells = line.split(",", -1);
        if (cells.length != 4) {
            throw new IllegalArgumentException(file + " line " + lineNumber + ": expected userId,itemId,value,timestamp");
        }
        try {
            String timestamp = cells[3].trim();
            Instant at = timestamp.matches("-?\\d+") ? Instant.ofEpochMilli(Long.parseLong(timestamp)) : Instant.parse(timestamp);
            return new InteractionEvent("csv-" + lineNumber, cells[0].trim(), cells[1].trim(), InteractionType.RATING,
                    Double.parseDouble(cells[2].trim()), at, Map.of());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " line " + lineNumber + ": " + e.getMessage(), e);
        }
    }
}
