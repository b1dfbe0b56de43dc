package io.murmuration.deploy.kafka;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file, for error messages that show why a process failed. */
final class LogTail {

    // Enough for the stack trace that usually explains a failed start, without reading a huge log.
    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {
    }

    /** The last {@code lines} lines written at or after byte {@code fromOffset}, indented for a message. */
    static String of(Path file, long fromOffset, int lines) {
        try {
            if (!Files.isRegularFile(file)) {
                return "    (" + file + " does not exist)";
            }
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                long start = Math.max(fromOffset, in.length() - MAX_BYTES);
                byte[] bytes = new byte[(int) Math.max(0, in.length() - start)];
                in.seek(start);
                in.readFully(bytes);
                List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
                List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
                if (tail.isEmpty() || (tail.size() == 1 && tail.get(0).isEmpty())) {
                    return "    (" + file + " is empty)";
                }
                return "    " + String.join("\n    ", tail);
            }
        } catch (IOException e) {
            return "    (could not read " + file + ": " + e.getMessage() + ")";
        }
    }
}
