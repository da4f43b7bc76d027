package io.weir.harness.kafka;

import io.weir.harness.HarnessSettings;
import io.weir.harness.process.ChildProcess;
import io.weir.harness.process.OrphanGuard;
import io.weir.harness.process.Ports;
import io.weir.harness.process.Started;
import io.weir.harness.process.WorkDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster of combined broker+controller nodes (default 3, node ids 1..n, an n-voter quorum) in
 * child JVMs, for fault tests: {@link #stopNode(int)} and {@link #startNode(int)}. Internal topics have
 * 3 replicas and min.isr 2, so the cluster keeps working with one node down.
 */
public final class KafkaCluster implements AutoCloseable {

    private final Map<Integer, KafkaNode> nodes;
    private final String clusterId;
    private final Path dir;
    private final boolean temporary;
    private final Duration readyTimeout;

    private KafkaCluster(Map<Integer, KafkaNode> nodes, String clusterId, Path dir, boolean temporary,
                         Duration readyTimeout) {
        this.nodes = nodes;
        this.clusterId = clusterId;
        this.dir = dir;
        this.temporary = temporary;
        this.readyTimeout = readyTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The client listeners of all nodes, running or not (clients skip the stopped ones). */
    public String bootstrapServers() {
        return nodes.values().stream().map(KafkaNode::bootstrapServer).collect(Collectors.joining(","));
    }

    public List<Integer> nodeIds() {
        return List.copyOf(nodes.keySet());
    }

    public long pid(int nodeId) {
        return node(nodeId).process().pid();
    }

    public boolean isRunning(int nodeId) {
        return node(nodeId).isRunning();
    }

    public String bootstrapServer(int nodeId) {
        return node(nodeId).bootstrapServer();
    }

    /** Stops one node gracefully (SIGTERM, controlled shutdown). */
    public void stopNode(int nodeId) {
        node(nodeId).stop();
    }

    /** Starts a stopped node again and waits until it is a registered broker. */
    public void startNode(int nodeId) {
        KafkaNode node = node(nodeId);
        node.start(clusterId);
        KafkaReadiness.awaitBrokers(node.bootstrapServer(), Set.of(nodeId), List.of(node.process()), readyTimeout);
    }

    /** Stops every node (in parallel); a temporary directory is deleted. */
    public void stop() {
        nodes.values().parallelStream().forEach(KafkaNode::stop);
        if (temporary) {
            WorkDirs.deleteRecursively(dir);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "KafkaCluster[" + bootstrapServers() + "]";
    }

    private KafkaNode node(int nodeId) {
        KafkaNode node = nodes.get(nodeId);
        if (node == null) {
            throw new IllegalArgumentException("no node " + nodeId + " in " + nodes.keySet());
        }
        return node;
    }

    /** Options; every one has a default. */
    public static final class Builder {
        private int size = 3;
        private Path dataDir;
        private boolean orphanGuard = true;
        private long watchPid = OrphanGuard.currentPid();
        private String heap = "384m";
        private Duration readyTimeout = Duration.ofSeconds(90);

        public Builder size(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("a cluster needs at least one node");
            }
            this.size = size;
            return this;
        }

        /** Persistent cluster directory (node-&lt;id&gt; below it); default a fresh temp dir deleted on stop. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
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

        /** Maximum heap of each node (default {@code 384m}). */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = readyTimeout;
            return this;
        }

        /** Starts all nodes together (a quorum needs a majority) and waits until all are brokers. */
        public KafkaCluster start() {
            long begin = System.nanoTime();
            boolean temporary = dataDir == null;
            Path dir = temporary ? WorkDirs.createTemp("weir-kafka-cluster-") : WorkDirs.create(dataDir.toAbsolutePath());
            KafkaNode.JvmSettings jvm = new KafkaNode.JvmSettings(heap, orphanGuard, watchPid, List.of(),
                    Boolean.getBoolean(KafkaBroker.FULL_JIT_PROPERTY));
            Map<Integer, KafkaNode> nodes = new LinkedHashMap<>();
            for (int id = 1; id <= size; id++) {
                int port = Ports.freePort();
                Path nodeDir = dir.resolve("node-" + id);
                Path log = HarnessSettings.logFile(nodeDir, "kafka-cluster-node-" + id + "-" + port + ".log");
                nodes.put(id, new KafkaNode(id, port, Ports.freePort(), nodeDir, log, jvm));
            }
            List<ServerProperties.Voter> voters = nodes.values().stream().map(KafkaNode::voter).toList();
            nodes.values().forEach(node -> node.configure(voters));
            String clusterId = Uuid.randomUuid().toString();
            KafkaCluster cluster = new KafkaCluster(nodes, clusterId, dir, temporary, readyTimeout);
            try {
                nodes.values().forEach(node -> node.start(clusterId));
                List<ChildProcess> processes = new ArrayList<>();
                nodes.values().forEach(node -> processes.add(node.process()));
                KafkaReadiness.awaitBrokers(cluster.bootstrapServers(), nodes.keySet(), processes, readyTimeout);
            } catch (RuntimeException e) {
                cluster.stop();
                throw e;
            }
            Started.log(cluster, begin, dir);
            return cluster;
        }
    }
}
