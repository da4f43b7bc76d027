package io.weir.harness.postgres;

import java.nio.file.Path;

/** What the harness adds to a cluster's configuration. */
final class PostgresConfig {

    static final String RUNTIME_FILE = "weir-runtime.conf";

    /**
     * Appended to {@code postgresql.conf} after initdb: logical decoding for Debezium, durability off
     * (a throw-away cluster), but NOT {@code synchronous_commit=off}: WAL is sent to a replication client
     * only once flushed, which would add ~200 ms per event.
     */
    static final String STATIC = """

            # added by io.weir.harness.postgres
            wal_level = logical
            max_wal_senders = 10
            max_replication_slots = 10
            fsync = off
            full_page_writes = off
            include_if_exists = '%s'
            """.formatted(RUNTIME_FILE);

    private PostgresConfig() {
    }

    /** Rewritten on every start: this run's port and socket dir. */
    static String runtime(int port, Path socketDir) {
        return """
                # written by io.weir.harness.postgres on every start
                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                """.formatted(port, socketDir.toAbsolutePath().toString().replace("'", "''"));
    }
}
