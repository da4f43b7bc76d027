package io.weir.dataplane.bench;

import io.weir.dataplane.testing.NodeMeters;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's result as one Markdown table (goal, reached, ratio; a ratio of 1.00 or more
 * meets the goal, for "at most" goals too), then the notes and the profile of each part.
 */
final class BenchTable {

    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** A goal line; {@code atLeast} false means the goal is a ceiling (latency), so ratio = goal / reached. */
    void row(String line, String goal, double reached, double goalValue, boolean atLeast) {
        double ratio = atLeast ? reached / goalValue : reached <= 0 ? Double.NaN : goalValue / reached;
        rows.add(String.format("| %s | %s | %,.0f | %.2f |", line, goal, reached, ratio));
    }

    /** A line without a goal. */
    void row(String line, String goal, String reached) {
        rows.add(String.format("| %s | %s | %s | - |", line, goal, reached));
    }

    void note(String note) {
        notes.add(note);
        System.out.println("BENCH " + note);
    }

    /** Cores per process over the part, the node's GC time and heap, and the deltas of the given meters. */
    void profile(String part, Map<String, Double> cores, String nodeGc, NodeMeters before, NodeMeters after,
                 String... meters) {
        StringBuilder line = new StringBuilder(part).append(" profile: cores");
        cores.forEach((name, used) -> line.append(String.format(" %s=%.2f", name, used)));
        line.append(String.format("; node GC %s; node heap used %.0f MiB of max %.0f MiB",
                nodeGc, after.sum("jvm_memory_used_bytes", "area=\"heap\"") / 1048576,
                after.sum("jvm_memory_max_bytes", "area=\"heap\"") / 1048576));
        for (String meter : meters) {
            line.append(String.format("; %s +%,.0f", meter, after.sum(meter) - before.sum(meter)));
        }
        note(line.toString());
    }

    void print(PrintStream out) {
        out.println("BENCH result (one node; clients, broker and registry on the same machine):");
        out.println("| line | goal | reached | ratio |");
        out.println("| --- | --- | --- | --- |");
        rows.forEach(out::println);
        notes.forEach(note -> out.println("- " + note));
    }
}
