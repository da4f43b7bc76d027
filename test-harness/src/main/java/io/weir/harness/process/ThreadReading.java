package io.weir.harness.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CPU time and context switches of every thread of a {@link ProcessCpu}'s groups at one moment
 * ({@link ProcessCpu#threads()}); {@link #since} turns two readings into what each kind of thread did in
 * between — which threads took the cores, and which were switched out how often. A kind is the threads of
 * one group whose names differ only in their digits ({@code vert.x-eventloop-thread-#}); Linux keeps the
 * first 15 characters of a thread's name.
 */
public final class ThreadReading {

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /** What a kind of thread did between two readings; counts only threads alive at both. */
    public record ThreadUse(String group, String threads, int count, long cpuMicros, long waits, long preemptions) {
    }

    private record Sample(String group, String name, long ticks, long waits, long preemptions) {
    }

    /** By group, process and thread id. */
    private final Map<String, Sample> samples;

    private ThreadReading(Map<String, Sample> samples) {
        this.samples = samples;
    }

    static ThreadReading of(Map<String, Set<Long>> members) {
        Map<String, Sample> samples = new HashMap<>();
        members.forEach((group, pids) -> {
            for (long pid : pids) {
                try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                    for (Path task : tasks) {
                        Sample sample = sample(group, task);
                        if (sample != null) {
                            samples.put(group + "/" + pid + "/" + task.getFileName(), sample);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process exited while we looked, or there is no /proc: it has no threads to show
                }
            }
        });
        return new ThreadReading(samples);
    }

    /** Each kind of thread's use between {@code earlier} and this reading, the busiest first. */
    public List<ThreadUse> since(ThreadReading earlier) {
        Map<String, ThreadUse> kinds = new LinkedHashMap<>();
        samples.forEach((id, now) -> {
            Sample before = earlier.samples.get(id);
            if (before == null || !before.name().equals(now.name())) {
                return; // started (or its id reused) in between: no interval to read
            }
            String kind = DIGITS.matcher(now.name()).replaceAll("#");
            ThreadUse use = new ThreadUse(now.group(), kind, 1, (now.ticks() - before.ticks()) * ProcessCpu.MICROS_PER_TICK,
                    now.waits() - before.waits(), now.preemptions() - before.preemptions());
            kinds.merge(now.group() + "\u0000" + kind, use, (a, b) -> new ThreadUse(a.group(), a.threads(),
                    a.count() + b.count(), a.cpuMicros() + b.cpuMicros(), a.waits() + b.waits(), a.preemptions() + b.preemptions()));
        });
        List<ThreadUse> uses = new ArrayList<>(kinds.values());
        uses.sort(Comparator.comparingLong(ThreadUse::cpuMicros).thenComparingLong(ThreadUse::preemptions).reversed());
        return uses;
    }

    private static Sample sample(String group, Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            long[] switches = contextSwitches(Files.readAllLines(task.resolve("status")));
            return new Sample(group, name, ProcessCpu.cpuTicks(ProcessCpu.fields(stat)), switches[0], switches[1]);
        } catch (IOException | RuntimeException e) {
            return null; // the thread ended while we looked
        }
    }

    /** {@code voluntary_ctxt_switches} and {@code nonvoluntary_ctxt_switches} of a task's status lines. */
    static long[] contextSwitches(List<String> statusLines) {
        long[] switches = new long[2];
        for (String line : statusLines) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                switches[0] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                switches[1] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return switches;
    }
}
