package io.weir.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Quarkus loads the harness once more per test profile; those copies must reuse this JVM's broker, not
 * start their own.
 */
class SharedComponentsIT {

    @Test
    void anotherClassLoaderAttachesToTheSameBroker() throws Exception {
        long pid = SharedComponents.kafka().pid();

        try (URLClassLoader isolated = new URLClassLoader(testClasspath(), ClassLoader.getPlatformClassLoader())) {
            Class<?> copy = Class.forName(SharedComponents.class.getName(), true, isolated);
            assertThat(copy).isNotSameAs(SharedComponents.class);
            Object broker = copy.getMethod("kafka").invoke(null);

            assertThat(broker.getClass().getMethod("pid").invoke(broker)).isEqualTo(pid);
            assertThat(broker.getClass().getMethod("bootstrapServers").invoke(broker))
                    .isEqualTo(SharedComponents.kafka().bootstrapServers());
        }
    }

    private static URL[] testClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator)).map(entry -> {
            try {
                return Path.of(entry).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(entry, e);
            }
        }).toArray(URL[]::new);
    }
}
