package io.weir.dataplane.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of named processes from {@code /proc/<pid>/stat} (utime + stime, in clock ticks of
 * 1/100 s, Linux's USER_HZ): {@link #mark()} then {@link #coresSince(Map, double)} gives the cores
 * each process used over an interval. Where /proc is missing, -1.
 */
public final class ProcessCpu {

    private static final double TICKS_PER_SECOND = 100.0;
    private final Map<String, Long> pids = new LinkedHashMap<>();

    public ProcessCpu process(String name, long pid) {
        pids.put(name, pid);
        return this;
    }

    /** Ticks used so far by each process. */
    public Map<String, Long> mark() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> ticks.put(name, ticks(pid)));
        return ticks;
    }

    /** Cores each process used since {@code before}, over {@code seconds} of wall time. */
    public Map<String, Double> coresSince(Map<String, Long> before, double seconds) {
        Map<String, Long> now = mark();
        Map<String, Double> cores = new LinkedHashMap<>();
        now.forEach((name, ticks) -> cores.put(name, ticks < 0 || before.get(name) < 0 ? -1
                : (ticks - before.get(name)) / TICKS_PER_SECOND / seconds));
        return cores;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name (which may hold spaces) start at state, field 3; utime is 14, stime 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
