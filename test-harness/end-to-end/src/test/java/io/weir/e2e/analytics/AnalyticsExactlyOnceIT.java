package io.weir.e2e.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.e2e.analytics.ExpectedAnalytics.Figures;
import io.weir.e2e.analytics.ExpectedAnalytics.Size;
import io.weir.harness.SharedComponents;
import io.weir.harness.app.QuarkusApp;
import io.weir.harness.load.InvocationLoad;
import io.weir.harness.process.WorkDirs;
import io.weir.schema.analytics.AnalyticsDimension;
import io.weir.schema.analytics.InvocationAggregate;
import io.weir.schema.bootstrap.PlatformBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.serde.AvroSerdes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once analytics across processor instances: two packaged stream processors (one Kafka
 * Streams application, under a topic prefix of their own) aggregate 30,000 invocations over twelve
 * APIs — late, out-of-order and repeated deliveries among them; one instance is killed with SIGKILL
 * halfway through the input and started again. The window figures on weir.analytics.invocations,
 * partials of all partitions added up, must equal those computed independently from the input.
 */
class AnalyticsExactlyOnceIT {

    private static final int INVOCATIONS = 30_000;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final TopicNaming naming = TopicNaming.withPrefix("eos" + suffix + ".");
    private final String applicationId = "weir-analytics-eos-" + suffix;
    /** The analytics' own Kafka Streams application (and consumer group) in the processors. */
    private final String analyticsApplicationId = applicationId + "-analytics";
    private final String bootstrap = SharedComponents.kafka().bootstrapServers();
    private final String registry = SharedComponents.registry().url();
    private final Path home = WorkDirs.createTemp("weir-analytics-eos-");
    private final List<QuarkusApp> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(QuarkusApp::stop);
    }

    @Test
    void killingAnInstanceMidStreamAndRestartingItGivesTheExactFigures() throws Exception {
        PlatformBootstrap.run(bootstrap, registry, naming, (short) 1);
        QuarkusApp first = processor("a");
        QuarkusApp second = processor("b");
        first.awaitReady(Duration.ofSeconds(120));
        second.awaitReady(Duration.ofSeconds(120));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // the group exists only once the instances joined: "not found" until then
            Awaitility.await().alias("both instances share the work").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> admin.describeConsumerGroups(List.of(analyticsApplicationId)).all().get().get(analyticsApplicationId)
                            .members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count() == 2);
        }
        List<String> apis = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            apis.add("api-" + i + "-" + suffix);
        }
        List<Invocation> known = InvocationLoad.builder().seed(suffix.hashCode()).organization("eos-" + suffix).apis(apis)
                .environments(List.of("live", "sandbox")).nodes(List.of("node-1", "node-2", "node-3"))
                .start(Instant.now().minus(Duration.ofMinutes(3))).spacing(Duration.ofMillis(5))
                .repeatedEvery(50).outOfOrderEvery(37, Duration.ofSeconds(20)).lateEvery(101, Duration.ofHours(2))
                .streamingEvery(7).generate(INVOCATIONS);
        String input = naming.name(Topics.INVOCATION_BATCHES);
        int half = known.size() / 2;
        List<Invocation> written = new ArrayList<>(known.size());
        try (KafkaProducer<String, InvocationBatch> producer = InvocationLoad.producer(bootstrap, registry)) {
            // batches of 50, as a gateway node recording ~10,000 calls/s drains them every few ms
            written.addAll(InvocationLoad.produce(producer, input, known.subList(0, half), 50));
            // both instances committed (with a checkpoint) on every partition: the kill then hits tasks that must
            // resume from a checkpoint, whichever instance is faster (batches fold quickly enough that the
            // output alone no longer says instance a has committed anything)
            Awaitility.await().alias("the first half is being aggregated on every partition").atMost(Duration.ofSeconds(60))
                    .until(() -> outputRecords() > 2000 && committedOnEveryPartition(input));
            ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL: no shutdown, no commit
            Awaitility.await().alias("instance a is gone").atMost(Duration.ofSeconds(10)).until(() -> !first.isRunning());
            written.addAll(InvocationLoad.produce(producer, input, known.subList(half, known.size()), 50));
        }
        processor("a").awaitReady(Duration.ofSeconds(120)); // same state dir: restores, re-reads, goes on

        ExpectedAnalytics expected = new ExpectedAnalytics(written, Topics.INVOCATION_BATCHES.partitions());
        Awaitility.await().alias("the figures on the topic equal the independently computed ones")
                .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertFiguresEqual(expected, apis, readMerged()));
        boolean resumed = false;
        for (QuarkusApp app : started) {
            resumed |= Files.readString(app.logFile()).contains("resumed at offset");
        }
        assertThat(resumed).as("a task resumed from its checkpoint and re-read its partition").isTrue();
    }

    private void assertFiguresEqual(ExpectedAnalytics expected, List<String> apis, Map<String, Merged> actual) {
        int compared = 0;
        for (Size size : Size.values()) {
            for (long start : expected.windowStarts(size)) {
                Instant from = Instant.ofEpochMilli(start);
                Instant to = from.plusMillis(size.length);
                for (String api : apis) {
                    compare(expected.figures(size, from, to, i -> i.getApiId().equals(api)),
                            actual.get(key(AnalyticsDimension.API, api, "live", size, start)),
                            actual.get(key(AnalyticsDimension.API, api, "sandbox", size, start)), size + " " + api + " " + from);
                    compared++;
                }
                for (String environment : List.of("live", "sandbox")) {
                    compare(expected.figures(size, from, to, i -> i.getEnvironment().equals(environment)),
                            actual.get(key(AnalyticsDimension.ENVIRONMENT, null, environment, size, start)), null,
                            size + " " + environment + " " + from);
                }
            }
        }
        assertThat(compared).isPositive();
    }

    private static void compare(Figures expected, Merged a, Merged b, String what) {
        Merged actual = new Merged();
        if (a != null) {
            actual.add(a);
        }
        if (b != null) {
            actual.add(b);
        }
        assertThat(List.of(actual.requests, actual.messages, actual.clientErrors, actual.serverErrors, actual.throttled,
                actual.authFailures, actual.requestBytes, actual.responseBytes, actual.connectionsOpened,
                actual.connectionsClosed, actual.late, actual.duplicates, actual.gateway.getTotalCount(),
                actual.gateway.getValueAtPercentile(99), actual.backend.getTotalCount(), actual.backend.getValueAtPercentile(50)))
                .as(what + ": requests, messages, 4xx, 5xx, throttled, auth, bytes in/out, opened, closed, late, duplicates, "
                        + "gateway count/p99, backend count/p50")
                .isEqualTo(List.of(expected.requests, expected.messages, expected.clientErrors, expected.serverErrors,
                        expected.throttled, expected.authFailures, expected.requestBytes, expected.responseBytes,
                        expected.connectionsOpened, expected.connectionsClosed, expected.late, expected.duplicates,
                        expected.gateway.getTotalCount(), expected.gateway.getValueAtPercentile(99),
                        expected.backend.getTotalCount(), expected.backend.getValueAtPercentile(50)));
    }

    private static String key(AnalyticsDimension dimension, String api, String environment, Size size, long start) {
        return dimension + "|" + api + "|" + environment + "|" + size + "|" + start;
    }

    /** A window's partials (one per source partition) added up. */
    private static final class Merged {
        long requests;
        long messages;
        long clientErrors;
        long serverErrors;
        long throttled;
        long authFailures;
        long requestBytes;
        long responseBytes;
        long connectionsOpened;
        long connectionsClosed;
        long late;
        long duplicates;
        final Histogram gateway = new Histogram(2);
        final Histogram backend = new Histogram(2);

        void add(InvocationAggregate a) {
            requests += a.getRequests();
            messages += a.getMessages();
            clientErrors += a.getClientErrors();
            serverErrors += a.getServerErrors();
            throttled += a.getThrottled();
            authFailures += a.getAuthFailures();
            requestBytes += a.getRequestBytes();
            responseBytes += a.getResponseBytes();
            connectionsOpened += a.getConnectionsOpened();
            connectionsClosed += a.getConnectionsClosed();
            late += a.getLate();
            duplicates += a.getDuplicates();
            merge(gateway, a.getGatewayLatency());
            merge(backend, a.getBackendLatency());
        }

        void add(Merged m) {
            requests += m.requests;
            messages += m.messages;
            clientErrors += m.clientErrors;
            serverErrors += m.serverErrors;
            throttled += m.throttled;
            authFailures += m.authFailures;
            requestBytes += m.requestBytes;
            responseBytes += m.responseBytes;
            connectionsOpened += m.connectionsOpened;
            connectionsClosed += m.connectionsClosed;
            late += m.late;
            duplicates += m.duplicates;
            gateway.add(m.gateway);
            backend.add(m.backend);
        }

        private static void merge(Histogram into, java.nio.ByteBuffer bytes) {
            if (bytes != null && bytes.hasRemaining()) {
                into.add(Histogram.decodeFromByteBuffer(bytes.duplicate(), 0));
            }
        }
    }

    /** The topic's latest aggregate per key (committed only), partials merged per dimension value and window. */
    private Map<String, Merged> readMerged() {
        Map<String, InvocationAggregate> latest = new HashMap<>();
        Map<String, Object> config = AvroSerdes.consumerConfig(bootstrap, registry, "unused");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<String, InvocationAggregate> consumer = new KafkaConsumer<>(config)) {
            String topic = naming.name(Topics.ANALYTICS_INVOCATIONS);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), record.value());
                    }
                });
            }
        }
        Map<String, Merged> merged = new HashMap<>();
        latest.values().forEach(a -> {
            if (a.getDimension() == AnalyticsDimension.API || a.getDimension() == AnalyticsDimension.ENVIRONMENT) {
                merged.computeIfAbsent(key(a.getDimension(), a.getApiId(), a.getEnvironment(),
                        Size.valueOf(a.getWindowSize().name()), a.getWindowStart().toEpochMilli()), k -> new Merged()).add(a);
            }
        });
        return merged;
    }

    /** Whether the processors' group has committed an offset past the start on every partition that holds records. */
    private boolean committedOnEveryPartition(String input) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(analyticsApplicationId)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (int partition = 0; partition < Topics.INVOCATION_BATCHES.partitions(); partition++) {
                partitions.put(new TopicPartition(input, partition), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(partitions).all().get();
            return ends.entrySet().stream().filter(end -> end.getValue().offset() > 0).allMatch(end -> {
                OffsetAndMetadata offset = committed.get(end.getKey());
                return offset != null && offset.offset() > 0;
            });
        }
    }

    private long outputRecords() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            String topic = naming.name(Topics.ANALYTICS_INVOCATIONS);
            return consumer.endOffsets(consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList()).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private QuarkusApp processor(String instance) {
        Path repo = Path.of(System.getProperty("weir.repo", "../..")).toAbsolutePath().normalize();
        QuarkusApp app = QuarkusApp.builder("stream-processors-" + instance,
                        repo.resolve("stream-processors/target/quarkus-app/quarkus-run.jar"))
                .systemProperty("kafka.bootstrap.servers", bootstrap)
                .systemProperty("apicurio.registry.url", registry)
                .systemProperty("weir.processors.topic-prefix", naming.name(Topics.COMMANDS).replace("commands", ""))
                .systemProperty("quarkus.kafka-streams.application-id", applicationId)
                .systemProperty("weir.processors.analytics.application-id", analyticsApplicationId)
                .systemProperty("kafka-streams.state.dir", home.resolve("state-" + instance).toString())
                // a killed member is noticed after the session timeout: keep it short for the test
                .systemProperty("kafka-streams.consumer.session.timeout.ms", "6000")
                .systemProperty("kafka-streams.consumer.heartbeat.interval.ms", "1500")
                .workDir(home.resolve("app-" + instance + "-" + started.size()))
                .start();
        started.add(app);
        return app;
    }
}
