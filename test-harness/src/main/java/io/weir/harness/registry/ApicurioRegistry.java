package io.weir.harness.registry;

import io.weir.harness.Component;
import io.weir.harness.HarnessSettings;
import io.weir.harness.process.ChildProcess;
import io.weir.harness.process.OrphanGuard;
import io.weir.harness.process.Ports;
import io.weir.harness.process.Started;
import io.weir.harness.process.Processes;
import io.weir.harness.process.Readiness;
import io.weir.harness.process.WorkDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real Apicurio Registry server (a Quarkus fast-jar app) in a child JVM on Java 21+. Ready when the
 * management port's {@code /health/ready} answers 200. In-memory H2 storage by default; with a data dir,
 * an H2 file database that survives restarts.
 *
 * <p>Orphan guarding runs the server's own main ({@code QuarkusEntryPoint}) through {@code OrphanGuardMain}
 * on {@code -cp <guard>:quarkus-run.jar}: the runner jar's manifest {@code Class-Path} still applies, and the
 * {@code Add-Opens} it declares for {@code -jar} is passed on the command line.
 */
public final class ApicurioRegistry implements Component {

    private static final String ENTRY_POINT = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final ChildProcess process;
    private final Path workDir;
    private final boolean temporary;
    private final int port;
    private final int managementPort;
    private final long attachedPid;

    private ApicurioRegistry(ChildProcess process, Path workDir, boolean temporary, int port, int managementPort,
                             long attachedPid) {
        this.process = process;
        this.workDir = workDir;
        this.temporary = temporary;
        this.port = port;
        this.managementPort = managementPort;
        this.attachedPid = attachedPid;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A view of a registry owned elsewhere in this JVM (see {@link #describe()}); {@link #stop()} is refused. */
    public static ApicurioRegistry attach(Map<String, String> description) {
        return new ApicurioRegistry(null, null, false, Integer.parseInt(description.get("port")),
                Integer.parseInt(description.get("management.port")), Long.parseLong(description.get("pid")));
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("port", String.valueOf(port), "management.port", String.valueOf(managementPort),
                "pid", String.valueOf(pid()));
    }

    /** {@code http://127.0.0.1:<port>/apis/registry/v3}: the value of {@code apicurio.registry.url}. */
    public String url() {
        return baseUrl() + "/apis/registry/v3";
    }

    /** The Confluent-compatible API, {@code http://127.0.0.1:<port>/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    @Override
    public long pid() {
        return process == null ? attachedPid : process.pid();
    }

    @Override
    public boolean isRunning() {
        return process == null ? Processes.isRunning(attachedPid) : process.isAlive();
    }

    public Path logFile() {
        return owned().logFile();
    }

    /** The server's directory: the H2 database when a data dir was given, else a temp dir deleted on stop. */
    public Path workDir() {
        owned();
        return workDir;
    }

    /** SIGTERM, SIGKILL after 20 s; a temporary work dir is deleted. */
    @Override
    public void stop() {
        owned().stop(STOP_GRACE);
        if (temporary) {
            WorkDirs.deleteRecursively(workDir);
        }
    }


    private ChildProcess owned() {
        if (process == null) {
            throw new IllegalStateException("this ApicurioRegistry is attached to a registry owned by another class loader");
        }
        return process;
    }

    @Override
    public String toString() {
        return "ApicurioRegistry[" + url() + ", pid " + pid() + "]";
    }

    static boolean ready(HttpClient http, int managementPort) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Options; every one has a default. */
    public static final class Builder {
        private int port;
        private int managementPort;
        private Path dataDir;
        private Path logFile;
        private boolean orphanGuard = true;
        private long watchPid = OrphanGuard.currentPid();
        private Path java;
        private String heap = "256m";
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private Duration readyTimeout = Duration.ofSeconds(90);

        /** HTTP port; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Management port (health); 0 (default) picks a free one. */
        public Builder managementPort(int managementPort) {
            this.managementPort = managementPort;
            return this;
        }

        /** Keep the registry's content in an H2 file database in this dir; default in-memory. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        public Builder orphanGuard(boolean orphanGuard) {
            this.orphanGuard = orphanGuard;
            return this;
        }

        public Builder watchPid(long watchPid) {
            this.watchPid = watchPid;
            return this;
        }

        /** The {@code java} executable (21+); default found by {@code JavaRuntimes}. */
        public Builder java(Path java) {
            this.java = java;
            return this;
        }

        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /** An extra {@code -D} for the server, e.g. {@code apicurio.rest.deletion.artifact.enabled=true}. */
        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = readyTimeout;
            return this;
        }

        public ApicurioRegistry start() {
            long begin = System.nanoTime();
            Path runner = RegistryDistribution.quarkusRunJar();
            Path javaExecutable = java != null ? java : JavaRuntimes.java21();
            int httpPort = Ports.resolve(port);
            int mgmtPort = Ports.resolve(managementPort);
            boolean temporary = dataDir == null;
            Path dir = temporary ? WorkDirs.createTemp("weir-registry-") : WorkDirs.create(dataDir.toAbsolutePath());
            Path log = logFile != null ? logFile : HarnessSettings.logFile(dir, "registry-" + httpPort + ".log");

            List<String> command = new ArrayList<>(List.of(javaExecutable.toString(),
                    "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + httpPort,
                    "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + mgmtPort));
            if (!temporary) {
                command.add("-Dapicurio.datasource.url=jdbc:h2:file:" + dir.resolve("registry"));
            }
            systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            if (orphanGuard) {
                Path guard = OrphanGuard.guardClasspath(dir.resolve("guard"));
                command.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "--enable-native-access=ALL-UNNAMED", "-Dweir.watchPid=" + watchPid,
                        "-cp", guard + ":" + runner, OrphanGuard.guardMainClass(), ENTRY_POINT));
            } else {
                command.addAll(List.of("-jar", runner.toString()));
            }
            ChildProcess process = ChildProcess.start("apicurio-registry", command, dir, log, Map.of());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            try {
                Readiness.await("Apicurio Registry on port " + httpPort, process, readyTimeout, () -> ready(http, mgmtPort));
            } catch (RuntimeException e) {
                process.stop(STOP_GRACE);
                if (temporary) {
                    WorkDirs.deleteRecursively(dir);
                }
                throw e;
            }
            ApicurioRegistry registry = new ApicurioRegistry(process, dir, temporary, httpPort, mgmtPort, -1);
            Started.log(registry, begin, log);
            return registry;
        }
    }
}
