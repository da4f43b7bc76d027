package io.weir.processors.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.weir.harness.SharedComponents;
import io.weir.harness.quarkus.WeirTestResource;
import io.weir.processors.testing.InvocationEnvelopes;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.Protocol;
import io.weir.schema.gateway.GatewayNodeState;
import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationCredentialKind;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.serde.AvroSerdes;
import io.weir.schema.throttle.ThrottleDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The packaged processor against a real broker and registry: invocations of two gateway nodes in,
 * in envelopes of weir.invocation-batches, one decision per counter out (exactly once), with grants
 * bounded by the pool and the block.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = WeirTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = WeirTestResource.REGISTRY, value = "true"))
class ThrottlingIT {

    private static final long HOUR = 3_600_000;

    private final TopicNaming naming = TopicNaming.defaults();
    private final String bootstrap = SharedComponents.kafka().bootstrapServers();
    private final String registry = SharedComponents.registry().url();

    @Test
    void invocationsOfTwoNodesBecomeOneDecisionPerCounter() throws Exception {
        String tier = "Gold" + UUID.randomUUID().toString().substring(0, 8);
        String policyId = "acme/SUBSCRIPTION/" + tier;
        String counter = "production|" + policyId + "|sub-1";
        // the policy's first decision is awaited on a counter of its own: on a slow machine several calls go
        // in before it comes, and one still in flight would later land on the measured counter's count
        String warmUp = "production|" + policyId + "|sub-warm-up";
        long now = System.currentTimeMillis();
        try (KafkaProducer<String, SpecificRecord> producer =
                     new KafkaProducer<>(AvroSerdes.producerConfig(bootstrap, registry))) {
            send(producer, Topics.GATEWAY_POLICIES, policyId, GatewayPolicy.newBuilder().setName(tier)
                    .setLevel(PolicyLevel.SUBSCRIPTION).setLimits(ThrottlingLimits.newBuilder()
                            .setQuotaKind(QuotaKind.REQUEST_COUNT).setLimit(10).setUnitMillis(HOUR).build())
                    .build());
            for (String node : List.of("node-a", "node-b")) {
                send(producer, Topics.GATEWAY_NODES, "production/" + node, GatewayNodeStatus.newBuilder()
                        .setEnvironment("production").setNodeId(node).setStartedAt(Instant.ofEpochMilli(now - 1_000))
                        .setHeartbeatAt(Instant.ofEpochMilli(now)).setStatus(GatewayNodeState.READY).build());
            }
            // the policy reaches the global table asynchronously: the first calls may find it unknown
            Awaitility.await().alias("a decision for the counter").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        send(producer, Topics.INVOCATION_BATCHES, "api-1",
                                InvocationEnvelopes.of(invocation("node-a", warmUp)));
                        return latest(warmUp, Duration.ofMillis(500)) != null;
                    });
            for (int batch = 0; batch < 4; batch++) { // twelve calls in four records: a node's recorder batches its own
                String node = batch % 2 == 0 ? "node-b" : "node-a";
                send(producer, Topics.INVOCATION_BATCHES, "api-1", InvocationEnvelopes.of(
                        invocation(node, counter), invocation(node, counter), invocation(node, counter)));
            }

            AtomicReference<ThrottleDecision> last = new AtomicReference<>();
            Awaitility.await().alias("all twelve counted").atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        last.set(latest(counter, Duration.ofSeconds(1)));
                        return last.get() != null && last.get().getCount() == 12;
                    });
            ThrottleDecision decision = last.get();
            assertThat(decision.getBlocked()).isTrue();
            assertThat(decision.getLimit()).isEqualTo(10);
            assertThat(decision.getInitialShareTotal()).isEqualTo(5);
            assertThat(decision.getNodeCounts()).containsEntry("node-b", 6L);
            assertThat(decision.getGrants().values().stream().mapToLong(Long::longValue).sum())
                    .as("grants within the pool").isBetween(1L, 5L);
        }
    }

    private void send(KafkaProducer<String, SpecificRecord> producer, TopicSpec<?> topic, String key,
                      SpecificRecord value) throws Exception {
        producer.send(new ProducerRecord<>(naming.name(topic), key, value)).get();
    }

    /** The newest decision of a counter on the compacted topic, read from the start. */
    private ThrottleDecision latest(String counter, Duration within) {
        Map<String, Object> config = AvroSerdes.consumerConfig(bootstrap, registry, "it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ThrottleDecision found = null;
        try (KafkaConsumer<String, ThrottleDecision> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(naming.name(Topics.THROTTLE_DECISIONS)));
            long until = System.currentTimeMillis() + within.toMillis();
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, ThrottleDecision> record : consumer.poll(Duration.ofMillis(200))) {
                    if (counter.equals(record.key()) && record.value() != null) {
                        found = record.value();
                    }
                }
            }
        }
        return found;
    }

    private static Invocation invocation(String node, String counter) {
        return Invocation.newBuilder()
                .setInvocationId(UUID.randomUUID().toString())
                .setTimestamp(Instant.now())
                .setApiId("api-1")
                .setEnvironment("production")
                .setOrganization("acme")
                .setCredentialKind(InvocationCredentialKind.values()[0])
                .setMethod("GET")
                .setResource("/pets")
                .setStatusCode(200)
                .setRequestBytes(100)
                .setResponseBytes(1_000)
                .setGatewayLatencyMicros(300)
                .setGatewayNode(node)
                .setProtocol(Protocol.HTTP)
                .setKind(InvocationKind.values()[0])
                .setThrottleKeys(List.of(counter))
                .build();
    }
}
