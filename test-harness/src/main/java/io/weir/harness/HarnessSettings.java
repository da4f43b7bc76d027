package io.weir.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Settings of the harness, each readable as a system property or an environment variable (the system
 * property wins), plus the facts Maven recorded at build time in {@code io/weir/harness/harness.properties}.
 */
public final class HarnessSettings {

    /** Directory for component log files; unset: each component logs into its own work directory. */
    public static final Setting LOG_DIR = new Setting("weir.harness.logDir", "WEIR_HARNESS_LOG_DIR");
    /** JDK 21+ home used to run the Apicurio Registry server. */
    public static final Setting JAVA21_HOME = new Setting("weir.java21.home", "WEIR_JAVA21_HOME");
    /** An unpacked Apicurio Registry distribution (the folder holding {@code quarkus-run.jar}). */
    public static final Setting REGISTRY_HOME = new Setting("weir.registry.home", "WEIR_REGISTRY_HOME");
    /**
     * Extra JVM options for every packaged Quarkus app the harness starts, split on spaces (e.g. a
     * flight recording for a benchmark: {@code -XX:StartFlightRecording=filename=/tmp/app.jfr}).
     */
    public static final Setting APP_JVM_OPTIONS = new Setting("weir.harness.appJvmOptions", "WEIR_HARNESS_APP_JVM_OPTIONS");
    /** Folder holding the PostgreSQL server binaries ({@code initdb}, {@code pg_ctl}). */
    public static final Setting POSTGRES_BIN = new Setting("weir.postgres.bin", "WEIR_POSTGRES_BIN");

    private static final Properties BUILD = loadBuildProperties();

    private HarnessSettings() {
    }

    /** A value recorded at build time, e.g. {@code apicurio.registry.home}. */
    public static Optional<String> buildProperty(String key) {
        return Optional.ofNullable(BUILD.getProperty(key)).filter(v -> !v.isBlank() && !v.startsWith("${"));
    }

    /** Where a component writes its log: the configured log dir, else its own work directory. */
    public static Path logFile(Path workDir, String fileName) {
        Path dir = LOG_DIR.value().map(Path::of).orElse(workDir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create log directory " + dir, e);
        }
        return dir.resolve(fileName);
    }

    private static Properties loadBuildProperties() {
        Properties properties = new Properties();
        try (InputStream in = HarnessSettings.class.getResourceAsStream("harness.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read io/weir/harness/harness.properties", e);
        }
        return properties;
    }

    /** A setting named once for both lookups. */
    public record Setting(String systemProperty, String environmentVariable) {

        public Optional<String> value() {
            String value = System.getProperty(systemProperty);
            if (value == null || value.isBlank()) {
                value = System.getenv(environmentVariable);
            }
            return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
        }

        @Override
        public String toString() {
            return "-D" + systemProperty + " / $" + environmentVariable;
        }
    }
}
