package io.weir.cdc.engine;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Checks a PostgreSQL source before its engine starts, so that the usual mistakes read as what
 * they are in readiness and logs — Debezium would report some of them deep in a stack trace and
 * one not at all (a table in {@code table.include.list} that does not exist is simply never
 * captured): the database is reachable with the credentials, {@code wal_level} is
 * {@code logical}, and each plainly named included table exists (regular-expression entries are
 * left to Debezium).
 */
final class PostgresPreflight {

    private static final Pattern PLAIN_TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*");

    private PostgresPreflight() {
    }

    /** @return the problem, or empty when the source can start */
    static Optional<String> problem(Map<String, String> p) {
        String host = p.getOrDefault("database.hostname", "localhost");
        String port = p.getOrDefault("database.port", "5432");
        String database = p.getOrDefault("database.dbname", "postgres");
        String user = p.getOrDefault("database.user", "postgres");
        String where = "PostgreSQL " + host + ":" + port + "/" + database + " as " + user;
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", p.getOrDefault("database.password", ""));
        credentials.setProperty("connectTimeout", "10");
        credentials.setProperty("socketTimeout", "30");
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database,
                credentials)) {
            String walLevel = single(connection, "SHOW wal_level");
            if (!"logical".equals(walLevel)) {
                return Optional.of(where + " has wal_level=" + walLevel + ": CDC needs wal_level=logical"
                        + " (set it in postgresql.conf and restart the server)");
            }
            List<String> missing = new ArrayList<>();
            for (String table : p.getOrDefault("table.include.list", "").split(",")) {
                String name = table.trim();
                if (PLAIN_TABLE.matcher(name).matches() && !exists(connection, name)) {
                    missing.add(name);
                }
            }
            if (!missing.isEmpty()) {
                return Optional.of("table.include.list names " + (missing.size() == 1 ? "a table that does" : "tables that do")
                        + " not exist in " + where + ": " + String.join(", ", missing));
            }
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of("cannot connect to " + where + ": " + e.getMessage());
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?)")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getString(1) != null;
            }
        }
    }
}
