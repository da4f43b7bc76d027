package io.weir.harness.registry;

import io.weir.harness.HarnessSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a Java 21+ runtime for the registry server (the project itself builds for 17):
 * {@code WEIR_JAVA21_HOME} / {@code -Dweir.java21.home}, else this JVM when it is 21+, else the newest
 * JDK under {@code /usr/lib/jvm} whose {@code release} file says {@code JAVA_VERSION >= 21}.
 */
final class JavaRuntimes {

    static final int REQUIRED = 21;
    private static final Path JVM_ROOT = Path.of("/usr/lib/jvm");
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"?([0-9][0-9._]*)", Pattern.MULTILINE);

    private JavaRuntimes() {
    }

    /** The {@code java} executable of a 21+ runtime, or a clear error naming what to install. */
    static Path java21() {
        Optional<String> configured = HarnessSettings.JAVA21_HOME.value();
        if (configured.isPresent()) {
            Path home = Path.of(configured.get());
            Path java = home.resolve("bin/java");
            if (!Files.isExecutable(java)) {
                throw new IllegalStateException(HarnessSettings.JAVA21_HOME + " = " + home + " has no bin/java");
            }
            return java;
        }
        if (Runtime.version().feature() >= REQUIRED) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        return scan(JVM_ROOT).map(home -> home.resolve("bin/java")).orElseThrow(() -> new IllegalStateException(
                "Apicurio Registry needs Java " + REQUIRED + "+: install a JDK " + REQUIRED
                        + "+ (Debian: openjdk-21-jdk or Temurin) or set WEIR_JAVA21_HOME"
                        + " (or -Dweir.java21.home); none found under " + JVM_ROOT));
    }

    /** The newest JDK home below {@code root} with feature version 21 or more. */
    static Optional<Path> scan(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(root)) {
            List<Path> candidates = homes.filter(home -> Files.isExecutable(home.resolve("bin/java"))).toList();
            return candidates.stream()
                    .filter(home -> featureVersion(home).orElse(0) >= REQUIRED)
                    .max(Comparator.comparingInt((Path home) -> featureVersion(home).orElse(0))
                            .thenComparing(Path::toString));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** The feature version from a JDK's {@code release} file ({@code JAVA_VERSION="25.0.3"} gives 25). */
    static OptionalInt featureVersion(Path javaHome) {
        Path release = javaHome.resolve("release");
        if (!Files.isReadable(release)) {
            return OptionalInt.empty();
        }
        try {
            return parseFeatureVersion(Files.readString(release));
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    static OptionalInt parseFeatureVersion(String releaseFile) {
        Matcher matcher = JAVA_VERSION.matcher(releaseFile);
        if (!matcher.find()) {
            return OptionalInt.empty();
        }
        String[] parts = matcher.group(1).split("[._]");
        int first = Integer.parseInt(parts[0]);
        // "1.8.0_392" style versions
        return OptionalInt.of(first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first);
    }
}
