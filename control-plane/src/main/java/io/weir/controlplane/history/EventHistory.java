package io.weir.controlplane.history;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.controlplane.config.ControlPlaneConfig;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.serde.AvroSerdes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The audit trail behind {@code GET .../{id}/history}: every event of every aggregate, read from the
 * event logs (kept forever) and indexed by aggregate id in memory. A projection like any other: it
 * is rebuilt from the log at every start.
 *
 * <p>Memory grows with the log; a deployment with millions of events would index offsets instead of
 * events and fetch on demand — not needed at this scale.
 */
@ApplicationScoped
public class EventHistory {

    private static final Logger LOG = Logger.getLogger(EventHistory.class);

    private final ControlPlaneConfig config;
    private final String bootstrapServers;
    private final String registryUrl;
    private final Map<String, List<EventEnvelope>> byAggregate = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private KafkaConsumer<String, EventEnvelope> consumer;

    EventHistory(ControlPlaneConfig config,
                 @org.eclipse.microprofile.config.inject.ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                 @org.eclipse.microprofile.config.inject.ConfigProperty(name = "apicurio.registry.url") String registryUrl) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    void start(@Observes StartupEvent started) {
        Map<String, Object> consumerConfig = AvroSerdes.consumerConfig(bootstrapServers, registryUrl,
                "unused-" + UUID.randomUUID());
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(consumerConfig);
        Thread thread = new Thread(this::run, "event-history");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        running.set(false);
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    /** The events of one aggregate, oldest first (empty when it has none). */
    public List<EventEnvelope> of(String aggregateId) {
        return List.copyOf(byAggregate.getOrDefault(aggregateId, List.of()));
    }

    private void run() {
        TopicNaming naming = TopicNaming.withPrefix(config.topicPrefix());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicSpec<EventEnvelope> log : Topics.eventLogs()) {
                String topic = naming.name(log);
                consumer.partitionsFor(topic, Duration.ofSeconds(60))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (record.value() != null) {
                        byAggregate.computeIfAbsent(record.value().getAggregateId(), id -> new CopyOnWriteArrayList<>())
                                .add(record.value());
                    }
                });
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "event history stopped");
        } finally {
            consumer.close();
        }
    }
}
