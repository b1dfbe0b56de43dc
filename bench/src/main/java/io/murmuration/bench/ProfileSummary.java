package io.murmuration.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a node's CPU went during one recording (a JFR file of the node, as {@code bench/bin/scenario --profile} writes
 * one per phase): the threads' CPU by kind (request handling, the garbage collector, the JIT compiler...), the Java
 * execution samples by the part of the code they were in, and the hottest methods.
 *
 * <p>A sample is charged to the first frame of its stack outside the JDK and Scala's libraries: a {@code HashMap}
 * lookup made by the Cassandra driver counts as the driver's. Samples cover Java code only; the threads' CPU covers
 * everything, the collector and the compiler included.
 *
 * <pre>
 * bench/bin/bench-java io.murmuration.bench.ProfileSummary FILE.jfr [FILE.jfr ...]
 * </pre>
 */
public final class ProfileSummary {

    private static final int TOP_METHODS = 12;

    /** Parts of the code by package prefix, the first match wins: the more specific prefixes come first. */
    private static final List<Map.Entry<String, String>> PARTS = List.of(
            Map.entry("io.murmuration.node.item", "murmuration: item shards"),
            Map.entry("io.murmuration.node.user", "murmuration: user entities"),
            Map.entry("io.murmuration.node.recommend", "murmuration: recommender"),
            Map.entry("io.murmuration.node.model", "murmuration: model maths"),
            Map.entry("io.murmuration", "murmuration: other"),
            Map.entry("io.github.jbellis.jvector", "jvector"),
            Map.entry("akka.http", "Akka HTTP"),
            Map.entry("akka.persistence", "Akka persistence"),
            Map.entry("akka.remote", "Akka remoting"),
            Map.entry("akka.stream", "Akka streams"),
            Map.entry("akka", "Akka actors and dispatch"),
            Map.entry("com.datastax", "Cassandra driver"),
            Map.entry("io.netty", "Netty"),
            Map.entry("org.apache.kafka", "Kafka client"),
            Map.entry("com.fasterxml.jackson", "Jackson (JSON, CBOR)"),
            Map.entry("io.micrometer", "metrics"),
            Map.entry("io.prometheus", "metrics"),
            Map.entry("ch.qos.logback", "logging"),
            Map.entry("org.slf4j", "logging"));

    private ProfileSummary() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: ProfileSummary FILE.jfr [FILE.jfr ...]");
            System.exit(2);
        }
        for (String file : args) {
            summarise(Path.of(file), System.out);
        }
    }

    static void summarise(Path recording, PrintStream out) throws IOException {
        Map<String, Integer> byPart = new HashMap<>();
        Map<String, Integer> byMethod = new HashMap<>();
        Map<String, Double> cpuByThreadKind = new HashMap<>(); // kind -> sum of its threads' loads over the periods
        Map<String, Integer> cpuSamplesPerThread = new HashMap<>();
        double jvmLoad = 0;
        int jvmLoadPeriods = 0;
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                if (type.equals("jdk.ExecutionSample")) {
                    RecordedStackTrace stack = event.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty()) continue;
                    samples++;
                    byMethod.merge(method(stack.getFrames().get(0)), 1, Integer::sum);
                    byPart.merge(part(stack.getFrames()), 1, Integer::sum);
                } else if (type.equals("jdk.CPULoad")) {
                    jvmLoad += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                    jvmLoadPeriods++;
                } else if (type.equals("jdk.ThreadCPULoad") && event.getThread("eventThread") != null) {
                    String thread = event.getThread("eventThread").getJavaName();
                    if (thread == null) thread = event.getThread("eventThread").getOSName();
                    cpuByThreadKind.merge(threadKind(thread), (double) event.getFloat("user") + event.getFloat("system"),
                            Double::sum);
                    cpuSamplesPerThread.merge(thread, 1, Integer::sum);
                }
            }
        }
        out.printf(Locale.ROOT, "%s: %,d execution samples%n", recording.getFileName(), samples);
        // A thread's load events come once a period each: the mean over one thread's events, summed over the kind's
        // threads, is the kind's share of the machine; periods are the most events any one thread had.
        int periods = cpuSamplesPerThread.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (jvmLoadPeriods > 0) {
            double whole = jvmLoad / jvmLoadPeriods;
            double javaThreads = cpuByThreadKind.values().stream().mapToDouble(Double::doubleValue).sum() / Math.max(1, periods);
            out.printf(Locale.ROOT, "  the node's whole JVM: %.1f%% of the machine; outside Java threads (the garbage"
                    + " collector's workers, other VM threads): %.1f%%%n", 100 * whole, 100 * Math.max(0, whole - javaThreads));
        }
        if (periods > 0) {
            out.println("  Java threads' CPU, share of the machine, by kind:");
            cpuByThreadKind.entrySet().stream()
                    .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                    .limit(10)
                    .forEach(e -> out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100 * e.getValue() / periods, e.getKey()));
        }
        if (samples == 0) return;
        out.println("  Java samples by part of the code (first frame outside the JDK and Scala):");
        print(byPart, samples, byPart.size(), out);
        out.println("  hottest methods (top frame):");
        print(byMethod, samples, TOP_METHODS, out);
    }

    private static void print(Map<String, Integer> counts, int total, int limit, PrintStream out) {
        counts.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
                .limit(limit)
                .forEach(e -> out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    }

    /** The part of the code a stack is charged to: its first frame outside the JDK and Scala. */
    static String part(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (isLibraryBase(type)) continue;
            for (Map.Entry<String, String> p : PARTS) {
                if (type.startsWith(p.getKey())) return p.getValue();
            }
            int dot = type.lastIndexOf('.');
            return dot < 0 ? type : type.substring(0, dot);
        }
        return "JDK only";
    }

    private static boolean isLibraryBase(String type) {
        return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.") || type.startsWith("scala.");
    }

    /** A thread's kind: its name without the number at its end that tells threads of one pool apart. */
    static String threadKind(String thread) {
        return thread.replaceAll("([-#_ ]?\\d+)+$", "").strip();
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
