package io.weir.harness.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {

    @Test
    void prefersVersion15(@TempDir Path root) throws IOException {
        fakeBin(root, "13");
        fakeBin(root, "15");
        fakeBin(root, "16");

        assertThat(PostgresBinaries.pick(root)).contains(root.resolve("15/bin"));
    }

    @Test
    void otherwiseTakesTheNewest(@TempDir Path root) throws IOException {
        fakeBin(root, "13");
        fakeBin(root, "16");
        Files.createDirectories(root.resolve("17/bin")); // no binaries: client-only package

        assertThat(PostgresBinaries.pick(root)).contains(root.resolve("16/bin"));
    }

    @Test
    void findsNothingWithoutServerBinaries(@TempDir Path root) {
        assertThat(PostgresBinaries.pick(root)).isEmpty();
        assertThat(PostgresBinaries.pick(root.resolve("missing"))).isEmpty();
    }

    private static void fakeBin(Path root, String version) throws IOException {
        Path bin = Files.createDirectories(root.resolve(version).resolve("bin"));
        for (String tool : new String[] {"initdb", "pg_ctl", "postgres"}) {
            Files.setPosixFilePermissions(Files.createFile(bin.resolve(tool)), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
