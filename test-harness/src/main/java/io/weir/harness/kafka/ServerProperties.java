package io.weir.harness.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code server.properties} of one combined broker+controller KRaft node (the STACK.md recipe).
 * Internal topics get {@code min(3, voters)} replicas so that a 3-node cluster survives one node down.
 */
final class ServerProperties {

    private ServerProperties() {
    }

    /** One voter of the quorum. */
    record Voter(int nodeId, int controllerPort) {
        @Override
        public String toString() {
            return nodeId + "@localhost:" + controllerPort;
        }
    }

    static Map<String, String> of(int nodeId, int port, int controllerPort, Path logDir, List<Voter> voters) {
        int replicas = Math.min(3, voters.size());
        String minIsr = String.valueOf(replicas == 1 ? 1 : 2);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", voters.stream().map(Voter::toString).collect(Collectors.joining(",")));
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("offsets.topic.replication.factor", String.valueOf(replicas));
        // without these two, exactly_once_v2 never starts on a small cluster
        p.put("transaction.state.log.replication.factor", String.valueOf(replicas));
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.replication.factor", String.valueOf(replicas));
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", String.valueOf(replicas));
        return p;
    }

    static String render(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "# written by io.weir.harness.kafka\n", "\n"));
    }
}
