package io.weir.harness.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.harness.junit.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class PostgresServerIT {

    @Test
    void runsWithLogicalWalForCdc(PostgresServer postgres) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "")) {
            assertThat(show(connection, "wal_level")).isEqualTo("logical");
            assertThat(show(connection, "fsync")).isEqualTo("off");
            assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
            assertThat(show(connection, "port")).isEqualTo(String.valueOf(postgres.port()));
        }
        assertThat(postgres.isRunning()).isTrue();
    }

    @Test
    void keepsDataAcrossRestartsWithADataDir(@TempDir Path dir) throws SQLException {
        PostgresServer first = PostgresServer.builder().dataDir(dir).start();
        try (Connection connection = DriverManager.getConnection(first.jdbcUrl(), first.user(), "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE api (id text PRIMARY KEY)");
            statement.execute("INSERT INTO api VALUES ('payments')");
        } finally {
            first.stop();
        }
        assertThat(first.isRunning()).isFalse();

        PostgresServer second = PostgresServer.builder().dataDir(dir).start();
        try (Connection connection = DriverManager.getConnection(second.jdbcUrl(), second.user(), "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM api")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("payments");
        } finally {
            second.stop();
        }
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
