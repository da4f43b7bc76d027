package io.weir.harness.kafka;

import io.weir.harness.process.ChildProcess;
import io.weir.harness.process.WorkDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One combined broker+controller KRaft node as a child JVM. Its directory holds {@code server.properties},
 * the copied {@code BrokerMain} ({@code runtime/}) and the log dir ({@code data/}).
 */
final class KafkaNode {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final int nodeId;
    private final int port;
    private final int controllerPort;
    private final Path dir;
    private final Path logFile;
    private final JvmSettings jvm;
    private ChildProcess process;

    /**
     * How the node's JVM runs. Without {@code fullJit} the JIT stops at C1: a broker of a test suite
     * starts faster and is gone before C2 would pay off; a long-lived or measured broker compiles fully.
     */
    record JvmSettings(String heap, boolean orphanGuard, long watchPid, List<String> extraOptions, boolean fullJit) {
    }

    KafkaNode(int nodeId, int port, int controllerPort, Path dir, Path logFile, JvmSettings jvm) {
        this.nodeId = nodeId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dir = dir;
        this.logFile = logFile;
        this.jvm = jvm;
    }

    ServerProperties.Voter voter() {
        return new ServerProperties.Voter(nodeId, controllerPort);
    }

    void configure(List<ServerProperties.Voter> voters) {
        Map<String, String> properties = ServerProperties.of(nodeId, port, controllerPort, dataDir(), voters);
        try {
            Files.createDirectories(dir);
            Files.writeString(serverProperties(), ServerProperties.render(properties));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + serverProperties(), e);
        }
    }

    /** Starts the JVM; formats the log dir with {@code clusterId} first unless it is formatted already. */
    synchronized void start(String clusterId) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Kafka node " + nodeId + " is already running");
        }
        Path runtime = WorkDirs.create(dir.resolve("runtime"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx" + jvm.heap(), "-XX:+UseSerialGC",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + BrokerRuntime.logConfig(runtime)));
        if (!jvm.fullJit()) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        if (!isFormatted()) {
            command.add("-Dweir.formatClusterId=" + clusterId);
        }
        if (jvm.orphanGuard()) {
            command.add("-Dweir.orphanGuard=true");
            command.add("-Dweir.watchPid=" + jvm.watchPid());
        }
        command.addAll(jvm.extraOptions());
        command.addAll(List.of("-cp", BrokerRuntime.prepare(runtime), BrokerRuntime.MAIN_CLASS,
                serverProperties().toString()));
        process = ChildProcess.start("kafka-node-" + nodeId, command, dir, logFile, Map.of());
    }

    synchronized void stop() {
        if (process != null) {
            process.stop(STOP_GRACE);
        }
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    synchronized ChildProcess process() {
        if (process == null) {
            throw new IllegalStateException("Kafka node " + nodeId + " was never started");
        }
        return process;
    }

    boolean isFormatted() {
        return Files.exists(dataDir().resolve("meta.properties"));
    }

    int nodeId() {
        return nodeId;
    }

    int port() {
        return port;
    }

    int controllerPort() {
        return controllerPort;
    }

    String bootstrapServer() {
        return "localhost:" + port;
    }

    Path dir() {
        return dir;
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    Path serverProperties() {
        return dir.resolve("server.properties");
    }

    Path logFile() {
        return logFile;
    }
}
