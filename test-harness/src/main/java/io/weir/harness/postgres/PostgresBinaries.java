package io.weir.harness.postgres;

import io.weir.harness.HarnessSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The PostgreSQL server binaries: {@code WEIR_POSTGRES_BIN} / {@code -Dweir.postgres.bin}, else
 * {@code /usr/lib/postgresql/<version>/bin}, preferring 15 (the version CDC is verified on), else the newest.
 */
final class PostgresBinaries {

    static final int PREFERRED_VERSION = 15;
    private static final Path ROOT = Path.of("/usr/lib/postgresql");

    private PostgresBinaries() {
    }

    static Path locate() {
        Optional<String> configured = HarnessSettings.POSTGRES_BIN.value();
        if (configured.isPresent()) {
            Path bin = Path.of(configured.get());
            if (!complete(bin)) {
                throw new IllegalStateException(HarnessSettings.POSTGRES_BIN + " = " + bin + " has no initdb and pg_ctl");
            }
            return bin;
        }
        return pick(ROOT).orElseThrow(() -> new IllegalStateException(
                "PostgreSQL server binaries not found under " + ROOT + ": install the Debian package `postgresql`"
                        + " (or set " + HarnessSettings.POSTGRES_BIN + ")"));
    }

    /** {@code root/15/bin} when complete, else the highest numbered complete {@code root/<v>/bin}. */
    static Optional<Path> pick(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            List<Path> bins = versions.filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .map(dir -> dir.resolve("bin")).filter(PostgresBinaries::complete).toList();
            return bins.stream().max(Comparator
                    .comparing((Path bin) -> version(bin) == PREFERRED_VERSION)
                    .thenComparingInt(PostgresBinaries::version));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static int version(Path bin) {
        return Integer.parseInt(bin.getParent().getFileName().toString());
    }

    private static boolean complete(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))
                && Files.isExecutable(bin.resolve("postgres"));
    }
}
