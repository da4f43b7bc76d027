package io.weir.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./weir down}: stops, in reverse start order, exactly the processes {@code up} started —
 * SIGTERM first (Kafka does a controlled shutdown, Quarkus closes its consumers), SIGKILL only after
 * a grace period. External components are left alone.
 */
final class PlatformDown {

    private static final Duration GRACE = Duration.ofSeconds(30);

    private final LocalLayout layout;
    private final PrintStream out;

    PlatformDown(LocalLayout layout, PrintStream out) {
        this.layout = layout;
        this.out = out;
    }

    void run() {
        LocalState state = LocalState.load(layout.stateFile());
        List<LocalState.Entry> entries = new ArrayList<>(state.entries());
        if (entries.isEmpty()) {
            out.println("nothing to stop: ./weir up has not started anything here");
            return;
        }
        java.util.Collections.reverse(entries);
        for (LocalState.Entry entry : entries) {
            Optional<ProcessHandle> process = state.ownedProcess(entry, layout.home());
            if (process.isEmpty()) {
                out.printf("  %-18s %s%n", entry.name(), entry.pid() > 0 ? "not running" : "external, left alone");
                continue;
            }
            long started = System.nanoTime();
            stop(process.get());
            out.printf("  %-18s stopped (pid %d) in %.1f s%n", entry.name(), entry.pid(),
                    (System.nanoTime() - started) / 1e9);
        }
        state.clear();
        out.println("Weir is down. Data is kept in " + layout.repoRoot().relativize(layout.home()) + "/");
    }

    private void stop(ProcessHandle process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            process.onExit().get(GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            out.printf("      pid %d ignored SIGTERM for %d s: SIGKILL%n", process.pid(), GRACE.toSeconds());
            process.destroyForcibly();
            process.onExit().join();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalPlatformException("interrupted");
        }
        // a watchdog or helper the component spawned must not outlive it
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
    }
}
