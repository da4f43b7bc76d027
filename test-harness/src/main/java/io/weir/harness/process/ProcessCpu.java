package io.weir.harness.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time (user + system, from {@code /proc/<pid>/stat}) of named processes or process trees, for
 * benchmarks that say where the machine's cores went: {@link #mark()} before and after an interval,
 * then {@link #coresSince} or the difference per request. A process that cannot be read counts -1.
 * {@link #switches()} reads, the same way, how often the groups' threads were switched out: when they
 * waited and when they were preempted — how a change of who wakes whom shows before it shows in CPU time.
 * {@link #threads()} reads both per thread.
 */
public final class ProcessCpu {

    /** Linux reports stat times in clock ticks of 1/100 s (USER_HZ) on every architecture we run. */
    static final long MICROS_PER_TICK = 10_000;

    private record Group(List<Long> pids, boolean withDescendants) {
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();

    /** One process alone (not the processes it started). */
    public ProcessCpu process(String name, long pid) {
        groups.put(name, new Group(List.of(pid), false));
        return this;
    }

    /** Processes and every process they started (e.g. nginx's master and its workers). */
    public ProcessCpu tree(String name, List<Long> rootPids) {
        groups.put(name, new Group(List.copyOf(rootPids), true));
        return this;
    }

    /**
     * Context switches so far of every live thread of a group's processes: {@code waits} when a thread gave
     * up its CPU (blocked, slept, waited for work), {@code preemptions} when the scheduler took it away.
     * From {@code voluntary_ctxt_switches} and {@code nonvoluntary_ctxt_switches} in
     * {@code /proc/<pid>/task/<tid>/status}: the switches of threads that ended meanwhile drop out, so read
     * them over intervals in which a process keeps its threads (a steady load).
     */
    public record Switches(long waits, long preemptions) {

        /** Where a process of the group cannot be read. */
        public static final Switches UNREADABLE = new Switches(-1, -1);

        public boolean readable() {
            return waits >= 0 && preemptions >= 0;
        }

        /** The switches of two intervals together; {@link #UNREADABLE} if either is. */
        public Switches plus(Switches other) {
            return readable() && other.readable()
                    ? new Switches(waits + other.waits, preemptions + other.preemptions) : UNREADABLE;
        }

        /** The switches between an earlier reading and this one; {@link #UNREADABLE} if either is. */
        public Switches since(Switches earlier) {
            return readable() && earlier.readable()
                    ? new Switches(waits - earlier.waits, preemptions - earlier.preemptions) : UNREADABLE;
        }
    }

    /** CPU microseconds used so far by each group; -1 where a process of it cannot be read. */
    public Map<String, Long> mark() {
        Map<String, Long> micros = new LinkedHashMap<>();
        members().forEach((name, members) -> {
            long total = 0;
            for (long pid : members) {
                long ticks = ticks(pid);
                if (ticks < 0 && groups.get(name).pids().contains(pid)) {
                    total = -1;
                    break;
                }
                total += Math.max(0, ticks); // a descendant that exited meanwhile counts nothing
            }
            micros.put(name, total < 0 ? -1 : total * MICROS_PER_TICK);
        });
        return micros;
    }

    /** Context switches so far of each group's threads ({@link Switches}); unreadable where a named process is. */
    public Map<String, Switches> switches() {
        Map<String, Switches> switches = new LinkedHashMap<>();
        members().forEach((name, members) -> {
            long waits = 0;
            long preemptions = 0;
            for (long pid : members) {
                Switches process = switches(pid);
                if (!process.readable()) {
                    if (groups.get(name).pids().contains(pid)) {
                        waits = -1;
                        break;
                    }
                    continue; // a descendant that exited meanwhile counts nothing
                }
                waits += process.waits();
                preemptions += process.preemptions();
            }
            switches.put(name, waits < 0 ? Switches.UNREADABLE : new Switches(waits, preemptions));
        });
        return switches;
    }

    /** CPU time and context switches of each thread of the groups' processes now; two readings tell who did what between. */
    public ThreadReading threads() {
        return ThreadReading.of(members());
    }

    /** Each group's processes as of now: the named ones, and for a tree every process they started. */
    private Map<String, Set<Long>> members() {
        boolean trees = groups.values().stream().anyMatch(Group::withDescendants);
        Map<Long, Long> parents = trees ? parents() : Map.of();
        Map<String, Set<Long>> members = new LinkedHashMap<>();
        groups.forEach((name, group) -> {
            Set<Long> pids = new HashSet<>(group.pids());
            if (group.withDescendants()) {
                parents.keySet().stream().filter(pid -> descendsFrom(pid, pids, parents)).forEach(pids::add);
            }
            members.put(name, pids);
        });
        return members;
    }

    /** Cores each group used since {@code before} (a {@link #mark()}), over {@code seconds} of wall time. */
    public Map<String, Double> coresSince(Map<String, Long> before, double seconds) {
        Map<String, Double> cores = new LinkedHashMap<>();
        mark().forEach((name, micros) -> cores.put(name, micros < 0 || before.get(name) < 0 ? -1
                : (micros - before.get(name)) / 1e6 / seconds));
        return cores;
    }

    private static Map<Long, Long> parents() {
        Map<Long, Long> parents = new HashMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                String[] fields = fields(dir.resolve("stat"));
                if (fields != null) {
                    parents.put(Long.parseLong(dir.getFileName().toString()), Long.parseLong(fields[1]));
                }
            }
        } catch (IOException e) {
            return parents; // no /proc: only the named processes, which then read as -1
        }
        return parents;
    }

    private static boolean descendsFrom(long pid, Set<Long> roots, Map<Long, Long> parents) {
        Set<Long> seen = new HashSet<>();
        for (long current = pid; current > 1 && seen.add(current); current = parents.getOrDefault(current, 0L)) {
            if (roots.contains(current)) {
                return true;
            }
        }
        return false;
    }

    private static long ticks(long pid) {
        String[] fields = fields(Path.of("/proc", Long.toString(pid), "stat"));
        return fields == null ? -1 : cpuTicks(fields);
    }

    private static Switches switches(long pid) {
        // a thread that ends while its directory is listed can fail the listing: read again
        for (int attempt = 0; attempt < 3; attempt++) {
            Switches read = switchesOnce(pid);
            if (read.readable()) {
                return read;
            }
        }
        return Switches.UNREADABLE;
    }

    private static Switches switchesOnce(long pid) {
        long waits = 0;
        long preemptions = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(task.resolve("status"));
                } catch (IOException e) {
                    continue; // the thread ended while we looked
                }
                long[] switches = ThreadReading.contextSwitches(lines);
                waits += switches[0];
                preemptions += switches[1];
            }
        } catch (IOException | RuntimeException e) {
            return Switches.UNREADABLE; // exited while we looked, or no /proc
        }
        return new Switches(waits, preemptions);
    }

    private static String[] fields(Path stat) {
        try {
            return fields(Files.readString(stat));
        } catch (IOException | RuntimeException e) {
            return null; // exited while we looked, or no /proc
        }
    }

    /** A stat line's fields after the command name (which is in parentheses and may hold spaces): state is [0], utime [11], stime [12]. */
    static String[] fields(String statLine) {
        return statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
    }

    /** utime + stime of a process's or thread's stat fields, in ticks. */
    static long cpuTicks(String[] fields) {
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
