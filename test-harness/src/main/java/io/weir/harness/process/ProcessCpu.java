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
 */
public final class ProcessCpu {

    /** Linux reports stat times in clock ticks of 1/100 s (USER_HZ) on every architecture we run. */
    private static final long MICROS_PER_TICK = 10_000;

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

    /** CPU microseconds used so far by each group; -1 where a process of it cannot be read. */
    public Map<String, Long> mark() {
        boolean trees = groups.values().stream().anyMatch(Group::withDescendants);
        Map<Long, Long> parents = trees ? parents() : Map.of();
        Map<String, Long> micros = new LinkedHashMap<>();
        groups.forEach((name, group) -> {
            Set<Long> members = new HashSet<>(group.pids());
            if (group.withDescendants()) {
                parents.keySet().stream().filter(pid -> descendsFrom(pid, members, parents)).forEach(members::add);
            }
            long total = 0;
            for (long pid : members) {
                long ticks = ticks(pid);
                if (ticks < 0 && group.pids().contains(pid)) {
                    total = -1;
                    break;
                }
                total += Math.max(0, ticks); // a descendant that exited meanwhile counts nothing
            }
            micros.put(name, total < 0 ? -1 : total * MICROS_PER_TICK);
        });
        return micros;
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
        return fields == null ? -1 : Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The stat fields after the command name (which is in parentheses and may hold spaces): state is [0], utime [11], stime [12]. */
    private static String[] fields(Path stat) {
        try {
            String line = Files.readString(stat);
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null; // exited while we looked, or no /proc
        }
    }
}
