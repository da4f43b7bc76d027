package io.weir.harness.app;

import io.weir.harness.HarnessSettings;
import io.weir.harness.process.ChildProcess;
import io.weir.harness.process.OrphanGuard;
import io.weir.harness.process.Ports;
import io.weir.harness.process.Readiness;
import io.weir.harness.process.WorkDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of Weir's packaged Quarkus apps ({@code target/quarkus-app/quarkus-run.jar}) as a child
 * process, for end-to-end tests and for {@code ./weir up}: started with system properties, ready
 * when {@code /q/health/ready} answers 200. With the orphan guard (tests) it dies with the JVM that
 * started it; without it ({@code ./weir up}) it outlives the launcher.
 */
public final class QuarkusApp implements AutoCloseable {

    private static final String ENTRY_POINT = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final String name;
    private final ChildProcess process;
    private final int port;

    private QuarkusApp(String name, ChildProcess process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    public static Builder builder(String name, Path runJar) {
        return new Builder(name, runJar);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return process.logFile();
    }

    public boolean isReady() {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until ready; fails with the log's tail when the app exits or the time runs out. */
    public QuarkusApp awaitReady(Duration timeout) {
        Readiness.await(name + " on " + url(), process, timeout, this::isReady);
        return this;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** SIGTERM, then SIGKILL after a grace period. */
    public void stop() {
        process.stop(STOP_GRACE);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + "[" + url() + ", pid " + pid() + "]";
    }

    /** Options; every one has a default. */
    public static final class Builder {
        private final String name;
        private final Path runJar;
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private int port;
        private String heap = "256m";
        private boolean orphanGuard = true;
        private long watchPid = OrphanGuard.currentPid();
        private Path workDir;
        private Path logFile;

        private Builder(String name, Path runJar) {
            this.name = name;
            this.runJar = runJar.toAbsolutePath();
        }

        /** HTTP port; 0 (default) takes a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /** Off for apps that must outlive the launcher ({@code ./weir up}). */
        public Builder orphanGuard(boolean orphanGuard) {
            this.orphanGuard = orphanGuard;
            return this;
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** Starts the process without waiting; see {@link QuarkusApp#awaitReady}. */
        public QuarkusApp start() {
            if (!Files.isRegularFile(runJar)) {
                throw new IllegalStateException(name + " is not built: " + runJar + " is missing (mvn package)");
            }
            int httpPort = Ports.resolve(port);
            Path dir = workDir != null ? WorkDirs.create(workDir) : WorkDirs.createTemp("weir-" + name + "-");
            Path log = logFile != null ? logFile : HarnessSettings.logFile(dir, name + "-" + httpPort + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-XX:+UseSerialGC",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + httpPort));
            systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            HarnessSettings.APP_JVM_OPTIONS.value().ifPresent(options -> command.addAll(List.of(options.split("\\s+"))));
            if (orphanGuard) {
                Path guard = OrphanGuard.guardClasspath(dir.resolve("guard"));
                command.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dweir.watchPid=" + watchPid,
                        "-cp", guard + ":" + runJar, OrphanGuard.guardMainClass(), ENTRY_POINT));
            } else {
                command.addAll(List.of("-jar", runJar.toString()));
            }
            return new QuarkusApp(name, ChildProcess.start(name, command, dir, log, Map.of()), httpPort);
        }
    }
}
