package io.weir.controlplane.view;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.controlplane.config.ControlPlaneConfig;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.serde.AvroSerdes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway nodes as they report themselves: a {@link TopicMirror} of weir.gateway.nodes (key
 * {@code <environment>/<nodeId>}), which every edge node heartbeats with the revision it applied per
 * API — the deployment acknowledgements the management API shows. A node that shuts down cleanly
 * tombstones its record (or reports STOPPED); one that dies just stops heartbeating, so liveness
 * is judged by the heartbeat's age, not by the record's presence.
 */
@ApplicationScoped
public class GatewayNodes {

    private final ControlPlaneConfig config;
    private final String bootstrapServers;
    private final String registryUrl;
    private volatile TopicMirror<GatewayNodeStatus> mirror;

    GatewayNodes(ControlPlaneConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                 @ConfigProperty(name = "apicurio.registry.url") String registryUrl) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    void start(@Observes StartupEvent started) {
        String topic = TopicNaming.withPrefix(config.topicPrefix()).name(Topics.GATEWAY_NODES);
        Map<String, Object> consumerConfig = AvroSerdes.consumerConfig(bootstrapServers, registryUrl,
                "unused-" + UUID.randomUUID());
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // heartbeats carry no aggregate version: nobody waits on a node's version
        TopicMirror<GatewayNodeStatus> heartbeats = new TopicMirror<>(topic, new KafkaConsumer<>(consumerConfig),
                status -> status.getHeartbeatAt().toEpochMilli());
        mirror = heartbeats;
        heartbeats.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (mirror != null) {
            mirror.close();
        }
    }

    /** The mirror; null before startup. */
    public TopicMirror<GatewayNodeStatus> mirror() {
        return mirror;
    }
}
