package io.weir.harness.kafka;

import io.weir.harness.Component;
import io.weir.harness.HarnessSettings;
import io.weir.harness.process.OrphanGuard;
import io.weir.harness.process.Ports;
import io.weir.harness.process.Started;
import io.weir.harness.process.Processes;
import io.weir.harness.process.WorkDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka (KRaft, broker+controller) in a child JVM on the classpath of
 * {@code weir-broker-runtime}. Settings follow STACK.md, including the transaction-state and
 * share-coordinator replication settings a single node needs for exactly-once.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.builder().start()) {
 *     producerConfig.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class KafkaBroker implements Component {

    private final KafkaNode node;
    private final boolean temporary;
    private final String bootstrapServers;
    private final long attachedPid;

    private KafkaBroker(KafkaNode node, boolean temporary) {
        this.node = node;
        this.temporary = temporary;
        this.bootstrapServers = node.bootstrapServer();
        this.attachedPid = -1;
    }

    private KafkaBroker(String bootstrapServers, long pid) {
        this.node = null;
        this.temporary = false;
        this.bootstrapServers = bootstrapServers;
        this.attachedPid = pid;
    }

    /** System property that makes {@link Builder#fullJit} default to on (e.g. for a benchmark's shared broker). */
    public static final String FULL_JIT_PROPERTY = "weir.harness.kafka.full-jit";

    public static Builder builder() {
        return new Builder();
    }

    /** A view of a broker owned elsewhere in this JVM (see {@link #describe()}); {@link #stop()} is refused. */
    public static KafkaBroker attach(Map<String, String> description) {
        return new KafkaBroker(description.get("bootstrap.servers"), Long.parseLong(description.get("pid")));
    }

    /** What another class loader needs to {@link #attach} to this broker. */
    @Override
    public Map<String, String> describe() {
        return Map.of("bootstrap.servers", bootstrapServers, "pid", String.valueOf(pid()));
    }

    /** {@code localhost:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public long pid() {
        return node == null ? attachedPid : node.process().pid();
    }

    public int port() {
        return Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    }

    public Path dataDir() {
        return owned().dataDir();
    }

    public Path logFile() {
        return owned().logFile();
    }

    @Override
    public boolean isRunning() {
        return node == null ? Processes.isRunning(attachedPid) : node.isRunning();
    }

    /** SIGTERM (controlled shutdown), SIGKILL after 30 s; a temporary data dir is deleted. */
    @Override
    public void stop() {
        owned().stop();
        if (temporary) {
            WorkDirs.deleteRecursively(node.dir());
        }
    }


    private KafkaNode owned() {
        if (node == null) {
            throw new IllegalStateException("this KafkaBroker is attached to a broker owned by another class loader");
        }
        return node;
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers + ", pid " + pid() + "]";
    }

    /** Options; every one has a default. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private Path logFile;
        private boolean orphanGuard = true;
        private long watchPid = OrphanGuard.currentPid();
        private String heap = "512m";
        private boolean fullJit = Boolean.getBoolean(FULL_JIT_PROPERTY);
        private final List<String> jvmOptions = new ArrayList<>();
        private Duration readyTimeout = Duration.ofSeconds(60);

        /** Client port; 0 (default) picks a free one. A fixed port that is taken fails clearly. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Controller port; 0 (default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Persistent node directory, formatted only once; default a fresh temp dir deleted on stop. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Default: {@code kafka-<port>.log} in {@code weir.harness.logDir}, else in the node directory. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** Whether the broker exits when the watched JVM dies (default on; off for the long-lived local mode). */
        public Builder orphanGuard(boolean orphanGuard) {
            this.orphanGuard = orphanGuard;
            return this;
        }

        /** The pid the orphan guard watches; default this JVM. */
        public Builder watchPid(long watchPid) {
            this.watchPid = watchPid;
            return this;
        }

        /** Maximum heap, e.g. {@code 512m} (default). */
        public Builder heap(String heap) {
            this.heap = Objects.requireNonNull(heap);
            return this;
        }

        /**
         * Whether the broker's JIT compiles fully (C2) rather than stopping at C1, which starts a
         * short-lived test broker faster. Default off, unless the system property
         * {@value KafkaBroker#FULL_JIT_PROPERTY} is {@code true}; the local platform and the
         * benchmarks turn it on, since they run long enough for C2 to pay off, as a real broker does.
         */
        public Builder fullJit(boolean fullJit) {
            this.fullJit = fullJit;
            return this;
        }

        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = readyTimeout;
            return this;
        }

        /** Starts the broker and returns once {@code Admin} sees it. */
        public KafkaBroker start() {
            long begin = System.nanoTime();
            int clientPort = Ports.resolve(port);
            int ctrlPort = Ports.resolve(controllerPort);
            boolean temporary = dataDir == null;
            Path dir = temporary ? WorkDirs.createTemp("weir-kafka-") : WorkDirs.create(dataDir.toAbsolutePath());
            Path log = logFile != null ? logFile : HarnessSettings.logFile(dir, "kafka-" + clientPort + ".log");
            KafkaNode node = new KafkaNode(1, clientPort, ctrlPort, dir, log,
                    new KafkaNode.JvmSettings(heap, orphanGuard, watchPid, List.copyOf(jvmOptions), fullJit));
            node.configure(List.of(node.voter()));
            node.start(Uuid.randomUuid().toString());
            try {
                KafkaReadiness.awaitBrokers(node.bootstrapServer(), Set.of(1), List.of(node.process()), readyTimeout);
            } catch (RuntimeException e) {
                node.stop();
                if (temporary) {
                    WorkDirs.deleteRecursively(dir);
                }
                throw e;
            }
            KafkaBroker broker = new KafkaBroker(node, temporary);
            Started.log(broker, begin, log);
            return broker;
        }
    }
}
