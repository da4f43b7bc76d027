package io.weir.harness.process;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Bounded polling for a child process to become ready, failing fast when it died. */
public final class Readiness {

    private static final Duration POLL = Duration.ofMillis(200);

    private Readiness() {
    }

    /**
     * Polls {@code ready} until it is true; fails when {@code timeout} passes or {@code child} exits.
     * Exceptions thrown by {@code ready} count as "not yet".
     */
    public static void await(String what, ChildProcess child, Duration timeout, BooleanSupplier ready) {
        await(what, child == null ? List.of() : List.of(child), timeout, ready);
    }

    /** As {@link #await(String, ChildProcess, Duration, BooleanSupplier)}, failing when any of {@code children} exits. */
    public static void await(String what, Collection<ChildProcess> children, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            children.forEach(ChildProcess::requireAlive);
            try {
                if (ready.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                String log = children.stream()
                        .map(child -> "\n" + child + " (log " + child.logFile() + "):\n" + child.logTail(40))
                        .collect(Collectors.joining());
                throw new IllegalStateException(what + " not ready within " + timeout
                        + (last == null ? "" : ", last error: " + last) + log, last);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
