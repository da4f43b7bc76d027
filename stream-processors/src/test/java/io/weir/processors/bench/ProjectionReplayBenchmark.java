package io.weir.processors.bench;

import io.weir.harness.SharedComponents;
import io.weir.processors.ProcessorSerdes;
import io.weir.processors.projection.ManagementViewsTopology;
import io.weir.schema.application.ApiKeyIssued;
import io.weir.schema.application.ApplicationCreated;
import io.weir.schema.application.KeyType;
import io.weir.schema.bootstrap.PlatformBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.serde.AvroSerdes;
import io.weir.schema.view.ApplicationView;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * On demand, not in CI: {@code mvn -pl stream-processors verify -Dit.test=ProjectionReplayBenchmark
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}. Writes 100,000 events (20,000 applications ×
 * created + 4 keys issued) under a fresh topic prefix, then times how long the management
 * projections, started with a fresh application id, take to replay them all into the views
 * (exactly-once, real broker and registry, one instance).
 */
class ProjectionReplayBenchmark {

    private static final int APPLICATIONS = 20_000;
    private static final int KEYS_PER_APPLICATION = 4;

    @Test
    void replay100kEvents() throws Exception {
        String bootstrap = SharedComponents.kafka().bootstrapServers();
        String registry = SharedComponents.registry().url();
        TopicNaming naming = TopicNaming.withPrefix("replay" + UUID.randomUUID().toString().substring(0, 6) + ".");
        PlatformBootstrap.run(bootstrap, registry, naming, (short) 1);

        long produceStart = System.nanoTime();
        Map<String, Object> producerConfig = AvroSerdes.producerConfig(bootstrap, registry);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<String, EventEnvelope> producer = new KafkaProducer<>(producerConfig)) {
            String topic = naming.name(Topics.APPLICATION_EVENTS);
            for (int a = 0; a < APPLICATIONS; a++) {
                String id = "app-" + a;
                producer.send(new ProducerRecord<>(topic, id, event(id, 1, new ApplicationCreated("app " + a, "owner-" + a % 50,
                        "Unlimited", null, Map.of()))));
                for (int k = 1; k <= KEYS_PER_APPLICATION; k++) {
                    producer.send(new ProducerRecord<>(topic, id, event(id, 1 + k, new ApiKeyIssued("key-" + k,
                            "%064d".formatted(k), "wk_" + k + "abc", KeyType.PRODUCTION, null, null))));
                }
            }
            producer.flush();
        }
        double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
        int events = APPLICATIONS * (1 + KEYS_PER_APPLICATION);

        StreamsBuilder builder = new StreamsBuilder();
        new ManagementViewsTopology(naming, naming, ProcessorSerdes.apicurio(registry)).build(builder);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "replay-" + UUID.randomUUID());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("replay").toString());
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        long replayStart = System.nanoTime();
        Map<String, Long> versions = new HashMap<>();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), config);
             KafkaConsumer<String, ApplicationView> views = new KafkaConsumer<>(viewsConsumer(bootstrap, registry))) {
            streams.start();
            views.subscribe(List.of(naming.name(Topics.VIEW_APPLICATIONS)));
            long complete = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (complete < APPLICATIONS && System.nanoTime() < deadline) {
                for (var record : views.poll(Duration.ofMillis(200))) {
                    long version = record.value().getVersion();
                    Long before = versions.put(record.key(), version);
                    if (version == 1 + KEYS_PER_APPLICATION && (before == null || before < version)) {
                        complete++;
                    }
                }
            }
        }
        double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
        System.out.println();
        System.out.println("| management projections, one instance, exactly once | events | seconds | events/s |");
        System.out.println("| --- | --- | --- | --- |");
        System.out.printf(Locale.ROOT, "| produce the log (one producer) | %d | %.1f | %.0f |%n", events, produceSeconds,
                events / produceSeconds);
        System.out.printf(Locale.ROOT, "| replay into the views (fresh application id, incl. start) | %d | %.1f | %.0f |%n",
                events, replaySeconds, events / replaySeconds);
        System.out.println("applications whose view reached version 5: " + versions.values().stream()
                .filter(v -> v == 1 + KEYS_PER_APPLICATION).count() + " of " + APPLICATIONS);
    }

    private static Map<String, Object> viewsConsumer(String bootstrap, String registry) {
        Map<String, Object> config = AvroSerdes.consumerConfig(bootstrap, registry, "replay-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return config;
    }

    private static EventEnvelope event(String id, long version, Object payload) {
        return EventEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setAggregateType(AggregateType.APPLICATION)
                .setAggregateId(id).setAggregateVersion(version).setOccurredAt(Instant.parse("2026-11-27T10:00:00Z"))
                .setActor("bench").setOrganization("bench").setCausationId("c-" + id + "-" + version)
                .setCorrelationId("r-" + id).setPayload(payload).build();
    }
}
