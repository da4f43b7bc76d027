package io.weir.harness.orphan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.harness.process.Processes;
import io.weir.harness.process.WorkDirs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A JVM that starts a broker, a registry and a database and is then killed with SIGKILL (no shutdown
 * hooks) leaves nothing running: each component notices that the JVM it watches is gone.
 */
class OrphanGuardIT {

    private Process child;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Map<String, String> started = Map.of();

    @Test
    void componentsStopWhenTheirJvmIsKilled() {
        child = startChildJvm();
        await().alias("child JVM prints the pids of its broker, registry and database")
                .atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
                .until(() -> marker() != null || !child.isAlive());
        assertThat(marker()).as("child output:%n%s", String.join("\n", output)).isNotNull();
        started = parse(marker());
        List<Long> pids = List.of(pid("kafka"), pid("registry"), pid("postgres"));
        assertThat(pids).allMatch(OrphanGuardIT::alive);

        child.destroyForcibly(); // SIGKILL: no shutdown hook runs in the child

        await().alias("broker, registry and postgres gone after their JVM was killed")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> pids.stream().noneMatch(OrphanGuardIT::alive));
        Path pgdata = Path.of(started.get("pgdata"));
        await().alias("no postgres left on " + pgdata + " (the watchdog stopped it and removed the temp cluster)")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> !Files.exists(pgdata.resolve("postmaster.pid")) && !postgresRunsOn(pgdata));
    }

    @AfterEach
    void cleanUp() {
        if (child != null) {
            child.destroyForcibly();
        }
        // what a SIGKILLed JVM cannot delete itself
        if (started.containsKey("kafkaDir")) {
            WorkDirs.deleteRecursively(Path.of(started.get("kafkaDir")));
        }
        if (started.containsKey("registryDir")) {
            WorkDirs.deleteRecursively(Path.of(started.get("registryDir")));
        }
    }

    private Process startChildJvm() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dweir.harness.logDir=" + System.getProperty("weir.harness.logDir", System.getProperty("java.io.tmpdir")),
                "-cp", classpath, OrphanedComponentsMain.class.getName());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> readLines(process), "orphan-child-output");
            reader.setDaemon(true);
            reader.start();
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the child JVM", e);
        }
    }

    private void readLines(Process process) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().forEach(output::add);
        } catch (IOException ignored) {
            // the child was killed
        }
    }

    private String marker() {
        return output.stream().filter(line -> line.startsWith(OrphanedComponentsMain.MARKER)).findFirst().orElse(null);
    }

    private static Map<String, String> parse(String marker) {
        return Arrays.stream(marker.split(" ")).skip(1).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }

    private long pid(String name) {
        return Long.parseLong(started.get(name));
    }

    private static boolean alive(long pid) {
        return Processes.isRunning(pid);
    }

    private static boolean postgresRunsOn(Path pgdata) {
        try (var processes = Files.list(Path.of("/proc"))) {
            return processes.filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .map(dir -> dir.resolve("cmdline"))
                    .anyMatch(cmdline -> {
                        try {
                            String args = Files.readString(cmdline).replace('\0', ' ');
                            return args.contains("postgres") && args.contains(pgdata.toString());
                        } catch (IOException e) {
                            return false;
                        }
                    });
        } catch (IOException e) {
            return false;
        }
    }
}
