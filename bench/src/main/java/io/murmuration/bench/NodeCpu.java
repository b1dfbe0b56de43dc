package io.murmuration.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time (user and system) so far, from Linux's {@code /proc/PID/stat}. */
final class NodeCpu {

    /** Linux reports CPU time in clock ticks; USER_HZ is 100 on every architecture it runs on here. */
    private static final long MILLIS_PER_TICK = 10;

    private NodeCpu() {}

    /** Milliseconds of CPU the process has used, or -1 when it is unknown (no pid, no such process, not Linux). */
    static long millis(long pid) {
        if (pid <= 0) return -1;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name, field 2, is in parentheses and may hold spaces: count fields after its closing one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long userTicks = Long.parseLong(fields[11]); // field 14 of the whole line
            long systemTicks = Long.parseLong(fields[12]); // field 15
            return (userTicks + systemTicks) * MILLIS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
