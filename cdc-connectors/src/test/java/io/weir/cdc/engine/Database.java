package io.weir.cdc.engine;

import io.weir.harness.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** SQL against a test cluster, and the Debezium properties of a source capturing one of its databases. */
record Database(PostgresServer server, String name) {

    /** A fresh database on {@code server}. */
    static Database create(PostgresServer server, String name) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Database(server, name);
    }

    void execute(String... statements) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(name), server.user(), "");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, String> sourceProperties(String... tables) {
        Map<String, String> properties = new HashMap<>();
        properties.put("database.hostname", server.host());
        properties.put("database.port", String.valueOf(server.port()));
        properties.put("database.user", server.user());
        properties.put("database.password", "unused");
        properties.put("database.dbname", name);
        properties.put("table.include.list", String.join(",", tables));
        return properties;
    }
}
