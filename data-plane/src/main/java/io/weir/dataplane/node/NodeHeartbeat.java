package io.weir.dataplane.node;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.dataplane.config.GatewayConfig;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.kafka.GatewayKafka;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.state.GatewayStateFeeds;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.Protocol;
import io.weir.schema.gateway.GatewayNodeState;
import io.weir.schema.gateway.GatewayNodeStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Publishes this node's heartbeat on weir.gateway.nodes (key {@code <environment>/<nodeId>}):
 * its state and the revision it serves per API. Sent every heartbeat interval and at once after
 * an API change is applied, so the control plane can say "revision 3 live on 2 of 2 production
 * nodes" moments after a deployment; STOPPED on a clean shutdown.
 */
@ApplicationScoped
public class NodeHeartbeat {

    private static final Logger LOG = Logger.getLogger(NodeHeartbeat.class);

    private final NodeIdentity node;
    private final GatewayState state;
    private final GatewayStateFeeds feeds;
    private final Duration interval;
    private final KafkaProducer<String, GatewayNodeStatus> producer;
    private final String topic;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean changePending = new AtomicBoolean();

    NodeHeartbeat(NodeIdentity node, GatewayState state, GatewayStateFeeds feeds, GatewayKafka kafka, GatewayConfig config) {
        this.node = node;
        this.state = state;
        this.feeds = feeds;
        this.interval = config.heartbeatInterval();
        this.topic = kafka.topic(Topics.GATEWAY_NODES);
        this.producer = kafka.writer(Topics.GATEWAY_NODES, "gateway-" + node.nodeId() + "-heartbeat",
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 0));
    }

    void start(@Observes StartupEvent event) {
        state.onApiChange(() -> {
            if (changePending.compareAndSet(false, true)) {
                timer.schedule(() -> {
                    changePending.set(false);
                    beat(current());
                }, 20, TimeUnit.MILLISECONDS);
            }
        });
        timer.scheduleAtFixedRate(() -> beat(current()), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
        try {
            producer.send(record(GatewayNodeState.STOPPED)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("could not announce that node %s stopped: %s", node.nodeId(), e.toString());
        }
        producer.close(Duration.ofSeconds(5));
    }

    private GatewayNodeState current() {
        return feeds.caughtUp() ? GatewayNodeState.READY : GatewayNodeState.STARTING;
    }

    private void beat(GatewayNodeState status) {
        try {
            producer.send(record(status), (metadata, error) -> {
                if (error != null) {
                    LOG.warnf("heartbeat of node %s not written: %s", node.nodeId(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("heartbeat of node %s not sent: %s", node.nodeId(), e.toString());
        }
    }

    private ProducerRecord<String, GatewayNodeStatus> record(GatewayNodeState status) {
        GatewayNodeStatus value = GatewayNodeStatus.newBuilder()
                .setEnvironment(node.environment())
                .setNodeId(node.nodeId())
                .setStartedAt(Instant.ofEpochMilli(node.startedAt()))
                .setHeartbeatAt(Instant.now())
                .setStatus(status)
                .setAppliedRevisions(Map.copyOf(state.appliedRevisions()))
                .setProtocols(List.of(Protocol.HTTP))
                .build();
        return new ProducerRecord<>(topic, node.environment() + "/" + node.nodeId(), value);
    }
}
