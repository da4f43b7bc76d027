package io.weir.harness.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimesTest {

    @Test
    void readsTheFeatureVersionFromAReleaseFile() {
        assertThat(JavaRuntimes.parseFeatureVersion("IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\n"))
                .isEqualTo(OptionalInt.of(25));
        assertThat(JavaRuntimes.parseFeatureVersion("JAVA_VERSION=\"17.0.15\"")).isEqualTo(OptionalInt.of(17));
        assertThat(JavaRuntimes.parseFeatureVersion("JAVA_VERSION=\"1.8.0_392\"")).isEqualTo(OptionalInt.of(8));
        assertThat(JavaRuntimes.parseFeatureVersion("JAVA_RUNTIME_VERSION=\"21+35\"")).isEmpty();
    }

    @Test
    void picksTheNewestJdkOfAtLeast21(@TempDir Path jvms) throws IOException {
        fakeJdk(jvms.resolve("java-17-openjdk"), "17.0.15");
        fakeJdk(jvms.resolve("temurin-21-jdk"), "21.0.9");
        fakeJdk(jvms.resolve("temurin-25-jdk"), "25.0.3");

        assertThat(JavaRuntimes.scan(jvms)).contains(jvms.resolve("temurin-25-jdk"));
    }

    @Test
    void findsNothingWhenOnlyOlderJdksExist(@TempDir Path jvms) throws IOException {
        fakeJdk(jvms.resolve("java-17-openjdk"), "17.0.15");

        assertThat(JavaRuntimes.scan(jvms)).isEmpty();
        assertThat(JavaRuntimes.scan(jvms.resolve("missing"))).isEmpty();
    }

    private static void fakeJdk(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createFile(home.resolve("bin/java"));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
