package io.weir.harness.junit;

import io.weir.harness.SharedComponents;
import io.weir.harness.postgres.PostgresServer;

/**
 * {@code @ExtendWith(PostgresExtension.class)}: the test JVM's shared {@link PostgresServer}, started once,
 * injectable as a {@code PostgresServer} parameter, stopped when the JVM exits.
 */
public final class PostgresExtension extends SharedComponentExtension<PostgresServer> {

    public PostgresExtension() {
        super(PostgresServer.class, SharedComponents::postgres);
    }
}
