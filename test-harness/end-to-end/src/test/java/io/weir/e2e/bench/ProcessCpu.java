package io.weir.e2e.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time (user + system, from {@code /proc/<pid>/stat}) of named groups of process trees, so a
 * benchmark can say where the machine's cores went during a round: per request, which part of the
 * cost is the proxy and which the platform behind it.
 */
final class ProcessCpu {

    /** Linux reports stat times in clock ticks of 1/100 s (USER_HZ) on every architecture we run. */
    private static final long MICROS_PER_TICK = 10_000;

    private final Map<String, List<Long>> groups = new LinkedHashMap<>();

    ProcessCpu group(String name, List<Long> rootPids) {
        groups.put(name, List.copyOf(rootPids));
        return this;
    }

    /** CPU microseconds used so far by each group (its processes and all their descendants). */
    Map<String, Long> sample() throws IOException {
        Map<Long, Long> parents = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                String stat;
                try {
                    stat = Files.readString(dir.resolve("stat"));
                } catch (IOException gone) {
                    continue; // exited while we looked
                }
                // fields after the command name, which is in parentheses and may hold spaces
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long pid = Long.parseLong(dir.getFileName().toString());
                parents.put(pid, Long.parseLong(fields[1]));
                ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
            }
        }
        Map<String, Long> micros = new LinkedHashMap<>();
        groups.forEach((name, roots) -> {
            long total = 0;
            for (var process : ticks.entrySet()) {
                if (descendsFrom(process.getKey(), roots, parents)) {
                    total += process.getValue();
                }
            }
            micros.put(name, total * MICROS_PER_TICK);
        });
        return micros;
    }

    /** CPU microseconds per request of each group between two samples. */
    static Map<String, Double> perRequest(Map<String, Long> before, Map<String, Long> after, double requests) {
        Map<String, Double> result = new LinkedHashMap<>();
        before.forEach((name, start) -> result.put(name, (after.get(name) - start) / requests));
        return result;
    }

    private static boolean descendsFrom(long pid, List<Long> roots, Map<Long, Long> parents) {
        List<Long> seen = new ArrayList<>();
        for (long current = pid; current > 1 && !seen.contains(current); current = parents.getOrDefault(current, 0L)) {
            if (roots.contains(current)) {
                return true;
            }
            seen.add(current);
        }
        return false;
    }
}
