package io.weir.harness.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Work directories of child processes: fresh temp dirs, recursive deletion, class files copied out. */
public final class WorkDirs {

    private WorkDirs() {
    }

    public static Path createTemp(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory " + prefix, e);
        }
    }

    public static Path create(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Deletes {@code dir} and everything below it; a missing dir is fine. */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot delete " + dir, e);
        }
    }

    /**
     * Copies the class file (or any resource) of {@code type}'s class loader at {@code resource} below
     * {@code targetRoot}, keeping its package path. Lets a child JVM run one of our self-contained mains
     * whatever the class loader that loaded the harness (jar, directory or Quarkus' own).
     */
    public static void copyResource(Class<?> anchor, String resource, Path targetRoot) {
        Path target = targetRoot.resolve(resource);
        try (InputStream in = anchor.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " not found next to " + anchor.getName());
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + resource + " to " + target, e);
        }
    }
}
