package io.weir.local;

import java.io.PrintStream;
import java.util.Locale;

/** Step-by-step progress of {@code ./weir up}: "[2/6] Apicurio Registry ... ready in 7.9 s". */
final class Progress {

    private final PrintStream out;
    private final int steps;
    private final long startedAt = System.nanoTime();
    private int current;
    private long stepStartedAt;

    Progress(PrintStream out, int steps) {
        this.out = out;
        this.steps = steps;
    }

    void step(String what) {
        current++;
        stepStartedAt = System.nanoTime();
        out.printf(Locale.ROOT, "[%d/%d] %s ... ", current, steps, what);
        out.flush();
    }

    void done(String outcome) {
        out.printf(Locale.ROOT, "%s in %.1f s%n", outcome, seconds(stepStartedAt));
    }

    void skipped(String why) {
        out.println(why);
    }

    double totalSeconds() {
        return seconds(startedAt);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
