package io.weir.controlplane.analytics;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.controlplane.config.ControlPlaneConfig;
import io.weir.schema.analytics.AnalyticsWindowSize;
import io.weir.schema.analytics.InvocationAggregate;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.serde.AvroSerdes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The query side's copy of weir.analytics.invocations (written by the analytics processor in
 * stream-processors; apps meet only through Kafka): every window aggregate, read from the beginning
 * on its own thread (read_committed: only what the processor's transactions committed), indexed by
 * organization, window size and window start. A tombstone removes a window past its retention.
 */
@ApplicationScoped
public class AnalyticsIndex implements AnalyticsWindows {

    private static final Logger LOG = Logger.getLogger(AnalyticsIndex.class);

    private final String topic;
    private final String bootstrapServers;
    private final String registryUrl;
    private final Map<String, InvocationAggregate> byKey = new ConcurrentHashMap<>();
    private final Map<String, Map<AnalyticsWindowSize, ConcurrentSkipListMap<Long, Map<String, InvocationAggregate>>>> byOrganization =
            new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile boolean caughtUp;
    private volatile RuntimeException failure;
    private KafkaConsumer<String, InvocationAggregate> consumer;

    AnalyticsIndex(ControlPlaneConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                   @ConfigProperty(name = "apicurio.registry.url") String registryUrl) {
        this.topic = TopicNaming.withPrefix(config.topicPrefix()).name(Topics.ANALYTICS_INVOCATIONS);
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    void start(@Observes StartupEvent started) {
        Map<String, Object> config = AvroSerdes.consumerConfig(bootstrapServers, registryUrl, "unused-" + UUID.randomUUID());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        consumer = new KafkaConsumer<>(config);
        Thread thread = new Thread(this::run, "analytics-index");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        running.set(false);
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    public String topic() {
        return topic;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public Stream<InvocationAggregate> windows(String organization, AnalyticsWindowSize size, Instant from, Instant to) {
        var sizes = byOrganization.get(organization);
        var starts = sizes == null ? null : sizes.get(size);
        if (starts == null) {
            return Stream.empty();
        }
        return starts.subMap(from.toEpochMilli(), true, to.toEpochMilli(), false).values().stream()
                .map(Map::values).flatMap(Collection::stream);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running.get()) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> apply(record.key(), record.value()));
                if (!caughtUp && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            LOG.errorf(e, "analytics index of %s stopped", topic);
        } finally {
            consumer.close();
        }
    }

    private void apply(String key, InvocationAggregate aggregate) {
        if (key == null) {
            return;
        }
        InvocationAggregate previous = aggregate == null ? byKey.remove(key) : byKey.put(key, aggregate);
        if (previous != null && aggregate == null) {
            slot(previous).remove(key);
        }
        if (aggregate != null) {
            slot(aggregate).put(key, aggregate);
        }
    }

    private Map<String, InvocationAggregate> slot(InvocationAggregate aggregate) {
        return byOrganization.computeIfAbsent(aggregate.getOrganization(), o -> new ConcurrentHashMap<>())
                .computeIfAbsent(aggregate.getWindowSize(), s -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(aggregate.getWindowStart().toEpochMilli(), s -> new ConcurrentHashMap<>());
    }
}
