package io.weir.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the local platform keeps everything: {@code ./.weir/} under the repository root. Data
 * (Kafka log, registry database, Streams state) survives {@code ./weir down} + {@code ./weir up}.
 */
record LocalLayout(Path repoRoot, Path home) {

    static LocalLayout of(Path repoRoot) {
        Path root = repoRoot.toAbsolutePath().normalize();
        return new LocalLayout(root, root.resolve(".weir"));
    }

    Path logs() {
        return dir("logs");
    }

    Path log(String component) {
        return logs().resolve(component + ".log");
    }

    Path kafkaData() {
        return home.resolve("kafka");
    }

    Path registryData() {
        return home.resolve("registry");
    }

    Path streamsState() {
        return dir("streams");
    }

    Path stateFile() {
        return home.resolve("state.properties");
    }

    Path asyncApiDocument() {
        return home.resolve("asyncapi.yaml");
    }

    private Path dir(String name) {
        Path dir = home.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }
}
