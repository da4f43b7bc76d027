package io.weir.harness.kafka;

import io.weir.harness.process.ChildProcess;
import io.weir.harness.process.Readiness;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/** Waits, through {@link Admin}, until the given node ids are all registered brokers. */
final class KafkaReadiness {

    private KafkaReadiness() {
    }

    static void awaitBrokers(String bootstrapServers, Set<Integer> nodeIds, Collection<ChildProcess> processes,
                             Duration timeout) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500,
                AdminClientConfig.CLIENT_ID_CONFIG, "weir-harness-readiness");
        try (Admin admin = Admin.create(config)) {
            Readiness.await("Kafka " + bootstrapServers, processes, timeout, () -> registered(admin, nodeIds));
        }
    }

    private static boolean registered(Admin admin, Set<Integer> nodeIds) {
        try {
            Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
            return nodes.stream().map(Node::id).collect(Collectors.toSet()).containsAll(nodeIds);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
