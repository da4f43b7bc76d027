package io.weir.e2e.bench;

import io.weir.harness.process.ThreadReading.ThreadUse;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway rounds' thread use of one placement, summed over its rounds, as table rows per request: which
 * kinds of thread took the cores while the gateway was measured, and how often each was switched out.
 */
final class BusiestThreads {

    static final String HEADER = "| mode | process | threads | CPU µs per request | waits per request | preemptions per request |";
    static final String RULE = "| --- | --- | --- | --- | --- | --- |";

    private final Map<String, ThreadUse> byKind = new LinkedHashMap<>();
    private double requests;

    void add(List<ThreadUse> round, double roundRequests) {
        requests += roundRequests;
        for (ThreadUse use : round) {
            byKind.merge(use.group() + "\u0000" + use.threads(), use, (a, b) -> new ThreadUse(a.group(), a.threads(),
                    Math.max(a.count(), b.count()), a.cpuMicros() + b.cpuMicros(), a.waits() + b.waits(),
                    a.preemptions() + b.preemptions()));
        }
    }

    /** The {@code limit} busiest kinds of thread, as table rows. */
    List<String> rows(String mode, int limit) {
        return byKind.values().stream()
                .sorted(Comparator.comparingLong(ThreadUse::cpuMicros).reversed())
                .limit(limit)
                .map(use -> String.format(Locale.ROOT, "| %s | %s | %s (%d) | %.1f | %.3f | %.3f |", mode, use.group(),
                        use.threads().replace("|", "\\|"), use.count(), use.cpuMicros() / requests,
                        use.waits() / requests, use.preemptions() / requests))
                .toList();
    }
}
