package io.weir.dataplane.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Collections and time in GC of a JVM so far, from {@code jstat -gc <pid>} (the JDK's tool, next to
 * this JVM's java): works whatever meters the process exposes. {@code null} where jstat fails.
 */
public record GcTime(long collections, double seconds) {

    public static GcTime of(long pid) {
        try {
            Process jstat = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java").replaceFirst("java$", "jstat"),
                    "-gc", Long.toString(pid)).redirectErrorStream(true).start();
            List<String> lines = new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (jstat.waitFor() != 0 || lines.size() < 2) {
                return null;
            }
            List<String> names = Arrays.asList(lines.get(0).trim().split("\\s+"));
            String[] values = lines.get(1).trim().split("\\s+");
            long collections = Long.parseLong(values[names.indexOf("YGC")]) + Long.parseLong(values[names.indexOf("FGC")]);
            return new GcTime(collections, Double.parseDouble(values[names.indexOf("GCT")]));
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** What happened since {@code before}, as text; "unknown" if either reading failed. */
    public static String since(GcTime before, GcTime after, double wallSeconds) {
        if (before == null || after == null) {
            return "unknown (jstat failed)";
        }
        double seconds = after.seconds - before.seconds;
        return String.format("%d collections, %.2f s (%.1f%% of wall)", after.collections - before.collections, seconds,
                100 * seconds / wallSeconds);
    }
}
