package io.weir.harness.kafka;

import io.weir.harness.process.WorkDirs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The broker JVM's classpath: the jar list Maven wrote into {@code weir-broker-runtime} plus
 * {@code BrokerMain} and its log4j2 config, copied out of that jar into the node's directory.
 */
final class BrokerRuntime {

    static final String MAIN_CLASS = "io.weir.harness.broker.BrokerMain";
    static final String LOG_CONFIG = "io/weir/harness/broker/log4j2-broker.properties";
    private static final String CLASSPATH_RESOURCE = "io/weir/harness/broker/broker.classpath";

    private BrokerRuntime() {
    }

    /** Copies the runtime files below {@code dir} and returns the full classpath for the broker JVM. */
    static String prepare(Path dir) {
        String jars = readClasspath();
        WorkDirs.copyResource(BrokerRuntime.class, MAIN_CLASS.replace('.', '/') + ".class", dir);
        WorkDirs.copyResource(BrokerRuntime.class, LOG_CONFIG, dir);
        return dir.toAbsolutePath() + ":" + jars;
    }

    static Path logConfig(Path dir) {
        return dir.resolve(LOG_CONFIG).toAbsolutePath();
    }

    private static String readClasspath() {
        try (InputStream in = BrokerRuntime.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " not found: io.weir:weir-broker-runtime must be"
                        + " on the classpath (a dependency of weir-test-harness)");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String first = classpath.split(":", 2)[0];
            if (!Files.exists(Path.of(first))) {
                throw new IllegalStateException("broker jar " + first + " is missing: run"
                        + " `mvn -pl test-harness/broker-runtime install` to resolve the broker's dependencies");
            }
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CLASSPATH_RESOURCE, e);
        }
    }
}
