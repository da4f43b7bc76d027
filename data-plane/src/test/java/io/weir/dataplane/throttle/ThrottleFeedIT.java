package io.weir.dataplane.throttle;

import static io.weir.dataplane.throttle.Policies.charge;
import static io.weir.dataplane.throttle.Policies.decision;
import static io.weir.dataplane.throttle.Policies.requests;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.throttle.Throttling.Admission;
import io.weir.dataplane.throttle.Throttling.Charge;
import io.weir.harness.junit.ApicurioRegistryExtension;
import io.weir.harness.junit.KafkaBrokerExtension;
import io.weir.harness.kafka.KafkaBroker;
import io.weir.harness.registry.ApicurioRegistry;
import io.weir.schema.bootstrap.PlatformBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.gateway.GatewayNodeState;
import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.serde.AvroSerdes;
import io.weir.schema.throttle.InitialShares;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node's feed against a real broker and registry: heartbeats on weir.gateway.nodes decide the
 * membership, decisions on weir.throttle.decisions (Apicurio Avro) reach the ledger, tombstones too.
 */
@ExtendWith({KafkaBrokerExtension.class, ApicurioRegistryExtension.class})
class ThrottleFeedIT {

    private static final long HOUR = 3_600_000; // an hour window: the test never straddles two

    private final TopicNaming naming = TopicNaming.withPrefix("it-throttle-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    private final Charge gold = charge("sub-1", requests(10, HOUR));
    private KafkaProducer<String, SpecificRecord> producer;
    private ThrottleFeed feed;
    private ThrottleLedger ledger;

    @BeforeEach
    void start(KafkaBroker kafka, ApicurioRegistry registry) {
        PlatformBootstrap.run(kafka.bootstrapServers(), registry.url(), naming, (short) 1);
        producer = new KafkaProducer<>(AvroSerdes.producerConfig(kafka.bootstrapServers(), registry.url()));
        ledger = new ThrottleLedger("node-a", 0.5);
        feed = new ThrottleFeed(ledger, new NodeIdentity("production", "node-a"), naming, Duration.ofSeconds(6),
                Duration.ofSeconds(60), AvroSerdes.consumerConfig(kafka.bootstrapServers(), registry.url(), null),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        feed.stop();
        producer.close();
    }

    @Test
    void peersAndDecisionsFromKafkaDriveTheLedger() throws Exception {
        long now = System.currentTimeMillis();
        long window = InitialShares.windowStart(now, HOUR);
        heartbeat("production", "node-b", GatewayNodeState.READY, now);
        heartbeat("production", "node-c", GatewayNodeState.DRAINING, now);
        heartbeat("production", "node-0", GatewayNodeState.READY, now - 60_000);
        heartbeat("sandbox", "node-0", GatewayNodeState.READY, now);
        send(Topics.THROTTLE_DECISIONS, gold.key().key(),
                decision(gold, window, HOUR, Map.of("node-a", 2L), Map.of(), false, 5));

        feed.start();

        Awaitility.await().alias("feed caught up with peers and decisions").atMost(Duration.ofSeconds(60))
                .until(() -> feed.caughtUp());
        assertThat(ledger.membership()).as("node-b only: node-c drains, node-0 is stale here and elsewhere")
                .isEqualTo(new Membership(2, 0));
        assertThat(admitted(20)).as("slice 3 of 5 plus a grant of 2").isEqualTo(5);

        send(Topics.THROTTLE_DECISIONS, gold.key().key(),
                decision(gold, window, HOUR, Map.of("node-a", 4L), Map.of("node-a", 5L), false, 5));
        Awaitility.await().alias("a bigger grant arrives").atMost(Duration.ofSeconds(30))
                .until(() -> ledger.admit(List.of(gold), System.currentTimeMillis()).admitted());

        send(Topics.THROTTLE_DECISIONS, gold.key().key(),
                decision(gold, window, HOUR, Map.of("node-a", 4L), Map.of("node-a", 6L, "node-b", 4L), true, 5));
        Awaitility.await().alias("blocked").atMost(Duration.ofSeconds(30)).until(() -> {
            Admission admission = ledger.admit(List.of(gold), System.currentTimeMillis());
            return !admission.admitted() && admission.retryAfterMillis() > 0;
        });

        send(Topics.THROTTLE_DECISIONS, gold.key().key(), null);
        heartbeat("production", "node-b", GatewayNodeState.STOPPED, System.currentTimeMillis());
        Awaitility.await().alias("node-b gone, decision forgotten").atMost(Duration.ofSeconds(30))
                .until(() -> ledger.membership().nodes() == 1);
        assertThat(ledger.admit(List.of(gold), System.currentTimeMillis()).reason())
                .as("the window keeps its membership; without a decision only the slice of 3 is left").isEqualTo("QUOTA");
    }

    private int admitted(int calls) {
        int admitted = 0;
        for (int i = 0; i < calls; i++) {
            admitted += ledger.admit(List.of(gold), System.currentTimeMillis()).admitted() ? 1 : 0;
        }
        return admitted;
    }

    private void heartbeat(String environment, String node, GatewayNodeState state, long at) throws Exception {
        send(Topics.GATEWAY_NODES, environment + "/" + node, GatewayNodeStatus.newBuilder()
                .setEnvironment(environment).setNodeId(node).setStartedAt(Instant.ofEpochMilli(at - 1_000))
                .setHeartbeatAt(Instant.ofEpochMilli(at)).setStatus(state).build());
    }

    private void send(io.weir.schema.catalogue.TopicSpec<?> topic, String key, SpecificRecord value) throws Exception {
        producer.send(new ProducerRecord<>(naming.name(topic), key, value)).get();
    }
}
