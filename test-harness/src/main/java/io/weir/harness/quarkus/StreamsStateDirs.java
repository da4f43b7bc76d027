package io.weir.harness.quarkus;

import io.weir.harness.process.WorkDirs;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streams state dirs of stopped {@link WeirTestResource}s, deleted at JVM exit. Quarkus closes a
 * {@code @QuarkusIntegrationTest}'s test resources before it stops the app, which may still be writing its
 * state (a task starting, a checkpoint) then; by JVM exit the app is gone.
 */
final class StreamsStateDirs {

    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(StreamsStateDirs::deleteAll, "weir-streams-state-cleanup"));
    }

    private StreamsStateDirs() {
    }

    static void deleteAtExit(Path dir) {
        PENDING.add(dir);
    }

    /** The dirs still to be deleted. */
    static Set<Path> pending() {
        return Set.copyOf(PENDING);
    }

    /** Deletes every pending dir (what the shutdown hook does); one that cannot be deleted stays pending. */
    static void deleteAll() {
        for (Path dir : PENDING) {
            try {
                WorkDirs.deleteRecursively(dir);
                PENDING.remove(dir);
            } catch (RuntimeException e) {
                System.err.println("weir harness: " + e.getMessage());
            }
        }
    }
}
