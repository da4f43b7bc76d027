package io.weir.dataplane.throttle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.dataplane.config.GatewayConfig;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.serde.AvroSerdes;
import io.weir.schema.throttle.ThrottleDecision;
import io.weir.schema.throttle.ThrottleKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Feeds the ledger from Kafka on one thread: weir.throttle.decisions (grants, blocks and counts of the
 * throttling processor; only the current windows matter, read from the beginning of the compacted
 * topic) and weir.gateway.nodes (heartbeats: who shares the initial part of each quota). Caught up
 * once it has read to the end offsets it found at start. If the processor is down, decisions stop and
 * the node keeps admitting its initial shares only.
 */
@ApplicationScoped
public class ThrottleFeed {

    private static final Logger LOG = Logger.getLogger(ThrottleFeed.class);
    private static final long SWEEP_EVERY_MILLIS = 10_000;

    private final ThrottleLedger ledger;
    private final NodeMembership members;
    private final String environment;
    private final String decisionsTopic;
    private final String nodesTopic;
    private final long retentionMillis;
    private final Map<String, Object> consumerConfig;
    private final Timer decisionLag;
    private volatile boolean caughtUp;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, SpecificRecord> consumer;
    private Thread thread;

    @Inject
    ThrottleFeed(ThrottleLedger ledger, NodeIdentity node, GatewayConfig gateway, ThrottlingConfig config,
                 @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                 @ConfigProperty(name = "apicurio.registry.url") String registryUrl, MeterRegistry registry) {
        this(ledger, node, TopicNaming.withPrefix(gateway.topicPrefix()), config.nodeStaleness(),
                config.counterRetention(), AvroSerdes.consumerConfig(bootstrapServers, registryUrl, null), registry);
    }

    ThrottleFeed(ThrottleLedger ledger, NodeIdentity node, TopicNaming naming, Duration nodeStaleness,
                 Duration counterRetention, Map<String, Object> consumerConfig, MeterRegistry registry) {
        this.ledger = ledger;
        this.members = new NodeMembership(node.environment(), node.nodeId(), nodeStaleness.toMillis());
        this.environment = node.environment();
        this.decisionsTopic = naming.name(Topics.THROTTLE_DECISIONS);
        this.nodesTopic = naming.name(Topics.GATEWAY_NODES);
        this.retentionMillis = counterRetention.toMillis();
        this.consumerConfig = new HashMap<>(consumerConfig);
        this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG); // no group: every node reads everything
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-" + node.nodeId() + "-throttle");
        // fetch.max.wait.ms stays at Kafka's 500 ms: the long poll returns when a decision arrives (see GatewayKafka)
        this.decisionLag = Timer.builder("weir.gateway.throttle.decision.lag")
                .description("From a throttle decision being made to this node applying it")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    void start() {
        thread = new Thread(this::run, "throttle-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        KafkaConsumer<String, SpecificRecord> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether decisions and heartbeats present at start have been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        try (KafkaConsumer<String, SpecificRecord> reader = new KafkaConsumer<>(consumerConfig)) {
            consumer = reader;
            List<TopicPartition> partitions = new ArrayList<>(partitionsOf(reader, decisionsTopic));
            partitions.addAll(partitionsOf(reader, nodesTopic));
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions, Duration.ofSeconds(60));
            long lastSweep = System.currentTimeMillis();
            while (running) {
                for (ConsumerRecord<String, SpecificRecord> record : reader.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                long now = System.currentTimeMillis();
                ledger.membership(members.at(now));
                if (!caughtUp && end.entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    LOG.infof("throttling caught up: %d nodes live in %s", ledger.membership().nodes(), environment);
                }
                if (now - lastSweep >= SWEEP_EVERY_MILLIS) {
                    ledger.sweep(now, retentionMillis);
                    lastSweep = now;
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("throttle feed woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("throttle feed stopped: the node keeps its last decisions and admits initial shares", e);
        }
    }

    private void apply(ConsumerRecord<String, SpecificRecord> record) {
        try {
            if (record.topic().equals(nodesTopic)) {
                members.heard(record.key(), (GatewayNodeStatus) record.value());
            } else if (record.value() instanceof ThrottleDecision decision) {
                ThrottleKeys key = ThrottleKeys.parse(record.key());
                if (key.environment().equals(environment)) {
                    ledger.apply(key, decision);
                    decisionLag.record(Math.max(0, System.currentTimeMillis() - decision.getDecidedAt().toEpochMilli()),
                            TimeUnit.MILLISECONDS);
                }
            } else if (record.value() == null) {
                ledger.forget(ThrottleKeys.parse(record.key()));
            }
        } catch (RuntimeException e) {
            // one bad record must not stop the node from following decisions
            LOG.errorf(e, "skipped %s record at %d/%d key %s", record.topic(), record.partition(), record.offset(),
                    record.key());
        }
    }

    private List<TopicPartition> partitionsOf(KafkaConsumer<String, SpecificRecord> reader, String topic) {
        List<PartitionInfo> infos;
        while ((infos = reader.partitionsFor(topic, Duration.ofSeconds(60))).isEmpty() && running) {
            LOG.warnf("topic %s does not exist yet; waiting for it", topic);
            try {
                Thread.sleep(1000); // bounded wait for a topic platform bootstrap has not created yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }
}
