package io.weir.harness.registry;

import io.weir.harness.HarnessSettings;
import io.weir.harness.process.ChildProcess;
import io.weir.harness.process.WorkDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Locates the unpacked Apicurio Registry server ({@code io.apicurio:apicurio-registry-app:<v>:tar.gz:all}):
 * {@code WEIR_REGISTRY_HOME} / {@code -Dweir.registry.home}, else the folder the harness build unpacked it
 * into, else it is unpacked once from the local Maven repository into {@code ~/.cache/weir/}.
 */
final class RegistryDistribution {

    private static final String RUNNER = "quarkus-run.jar";

    private RegistryDistribution() {
    }

    static synchronized Path quarkusRunJar() {
        Optional<String> configured = HarnessSettings.REGISTRY_HOME.value();
        if (configured.isPresent()) {
            return find(Path.of(configured.get())).orElseThrow(() -> new IllegalStateException(
                    "no " + RUNNER + " below " + HarnessSettings.REGISTRY_HOME + " = " + configured.get()));
        }
        Optional<Path> built = HarnessSettings.buildProperty("apicurio.registry.home").map(Path::of).flatMap(RegistryDistribution::find);
        return built.or(RegistryDistribution::unpackFromLocalRepository).orElseThrow(() -> new IllegalStateException(
                "Apicurio Registry server not found: build test-harness (`mvn -pl test-harness install`, it unpacks"
                        + " io.apicurio:apicurio-registry-app:tar.gz:all) or set " + HarnessSettings.REGISTRY_HOME));
    }

    static Optional<Path> find(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.find(root, 4, (path, attrs) -> path.getFileName().toString().equals(RUNNER))) {
            return files.findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + root, e);
        }
    }

    private static Optional<Path> unpackFromLocalRepository() {
        Optional<String> version = HarnessSettings.buildProperty("apicurio.registry.version");
        Optional<String> repository = HarnessSettings.buildProperty("maven.local.repository");
        if (version.isEmpty() || repository.isEmpty()) {
            return Optional.empty();
        }
        Path archive = Path.of(repository.get(), "io/apicurio/apicurio-registry-app", version.get(),
                "apicurio-registry-app-" + version.get() + "-all.tar.gz");
        if (!Files.isReadable(archive)) {
            return Optional.empty();
        }
        Path target = Path.of(System.getProperty("user.home"), ".cache", "weir", "apicurio-registry-" + version.get());
        Optional<Path> unpacked = find(target);
        if (unpacked.isPresent()) {
            return unpacked;
        }
        Path partial = WorkDirs.create(target.resolveSibling(target.getFileName() + ".partial"));
        ChildProcess.run("unpack apicurio registry", List.of("tar", "xzf", archive.toString(), "-C", partial.toString()),
                partial, partial.resolveSibling("unpack-apicurio-registry.log"), Duration.ofMinutes(5));
        try {
            Files.move(partial, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + partial + " to " + target, e);
        }
        return find(target);
    }
}
