package io.weir.harness;

import java.util.Map;

/** A process the harness runs: a broker, a registry or a database. */
public interface Component extends AutoCloseable {

    /** Process id (the broker or registry JVM, the postmaster). */
    long pid();

    boolean isRunning();

    /** Stops it and deletes its temporary directory, if any. */
    void stop();

    /**
     * JDK-typed facts (ports, pid) from which another class loader of this JVM can build an attached view:
     * Quarkus runs each test profile in its own class loaders, but all share one set of components.
     */
    Map<String, String> describe();

    @Override
    default void close() {
        stop();
    }
}
