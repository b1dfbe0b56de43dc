package io.murmuration.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The live objects of a JVM by class, as {@code jcmd PID GC.class_histogram} reports them. That command runs a full
 * collection first, so the total is the heap the process cannot give back: what its data costs, not what garbage
 * happened to be lying around.
 *
 * @param totalBytes   bytes of every live object
 * @param bytesByClass bytes of the live objects of each class, by the name jcmd prints (module suffix dropped)
 */
record HeapHistogram(long totalBytes, Map<String, Long> bytesByClass) {

    private static final long JCMD_TIMEOUT_SECONDS = 120;

    HeapHistogram {
        bytesByClass = Map.copyOf(bytesByClass);
    }

    /** Runs the JDK's jcmd against {@code pid} and reads its histogram. */
    static HeapHistogram of(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroy();
            throw new IOException("jcmd " + pid + " GC.class_histogram failed: " + new String(output, StandardCharsets.UTF_8).strip());
        }
        return parse(new String(output, StandardCharsets.UTF_8));
    }

    /**
     * Reads jcmd's text: rows of {@code rank: instances bytes class-name [(module)]} and a closing
     * {@code Total instances bytes}. Text without that closing line is refused, since a histogram cut short would
     * understate the heap.
     */
    static HeapHistogram parse(String text) {
        Map<String, Long> byClass = new HashMap<>();
        Long total = null;
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 3 && fields[0].equals("Total")) {
                total = Long.parseLong(fields[2]);
            } else if (fields.length >= 4 && fields[0].endsWith(":") && isNumber(fields[1]) && isNumber(fields[2])) {
                byClass.merge(fields[3], Long.parseLong(fields[2]), Long::sum);
            }
        }
        if (total == null) {
            throw new IllegalArgumentException("not a class histogram (no Total line): " + text.lines().limit(3).toList());
        }
        return new HeapHistogram(total, byClass);
    }

    /** The {@code count} classes whose live bytes grew most from {@code before} to this histogram, most first. */
    List<Map.Entry<String, Long>> largestGrowth(HeapHistogram before, int count) {
        Map<String, Long> growth = new HashMap<>();
        bytesByClass.forEach((name, bytes) -> growth.put(name, bytes - before.bytesByClass.getOrDefault(name, 0L)));
        return growth.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(count)
                .toList();
    }

    private static boolean isNumber(String field) {
        return !field.isEmpty() && field.chars().allMatch(Character::isDigit);
    }
}
