package io.weir.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.harness.SharedComponents;
import io.weir.harness.app.QuarkusApp;
import io.weir.harness.kafka.KafkaBroker;
import io.weir.harness.process.Ports;
import io.weir.harness.process.WorkDirs;
import io.weir.schema.bootstrap.PlatformBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.serde.AvroSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker restarting under load loses no invocation record: a packaged node on a broker of its
 * own answers a steady stream of requests while the broker stops and comes back; afterwards the
 * topic's batches hold exactly one invocation per answered request - none lost, none doubled.
 */
class InvocationDurabilityIT {

    private static final int REQUESTS = 3000;
    private static KafkaBroker broker;
    private static QuarkusApp node;
    private static Path brokerDir;
    private static int brokerPort;
    private static int controllerPort;

    @BeforeAll
    static void start() {
        brokerDir = WorkDirs.createTemp("weir-durability-broker-");
        brokerPort = Ports.freePort();
        controllerPort = Ports.freePort();
        broker = startBroker();
        String registry = SharedComponents.registry().url();
        PlatformBootstrap.run(broker.bootstrapServers(), registry, TopicNaming.defaults(), (short) 1);
        node = QuarkusApp.builder("data-plane", Path.of("target/quarkus-app/quarkus-run.jar"))
                .systemProperty("kafka.bootstrap.servers", broker.bootstrapServers())
                .systemProperty("apicurio.registry.url", registry)
                .systemProperty("weir.gateway.node-id", "durability-node")
                .start()
                .awaitReady(Duration.ofSeconds(90));
    }

    private static KafkaBroker startBroker() {
        return KafkaBroker.builder().port(brokerPort).controllerPort(controllerPort).dataDir(brokerDir).start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void everyAnsweredRequestIsRecordedOnceThroughABrokerRestart() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> clients = new java.util.ArrayList<>();
        for (int c = 0; c < 4; c++) {
            clients.add(load.submit(() -> {
                for (int i = 0; i < REQUESTS / 4; i++) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(node.url() + "/no-such-api/1/item/" + i)).GET().build();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(404);
                    answered.incrementAndGet();
                }
                return null;
            }));
        }
        Awaitility.await().alias("a third of the load is through").atMost(Duration.ofSeconds(60))
                .until(() -> answered.get() >= REQUESTS / 3);
        broker.stop();
        Awaitility.await().alias("requests keep being answered while the broker is down").atMost(Duration.ofSeconds(60))
                .until(() -> answered.get() >= REQUESTS * 2 / 3 || clients.stream().allMatch(Future::isDone));
        broker = startBroker();
        for (Future<?> client : clients) {
            client.get();
        }
        load.shutdown();
        assertThat(answered.get()).isEqualTo(REQUESTS);

        Set<String> ids = new HashSet<>();
        AtomicInteger records = new AtomicInteger();
        Map<String, Object> config = new HashMap<>(
                AvroSerdes.consumerConfig(broker.bootstrapServers(), SharedComponents.registry().url(), "durability-check"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, InvocationBatch> consumer = new KafkaConsumer<>(config,
                AvroSerdes.keySerde().deserializer(),
                AvroSerdes.valueSerde(Topics.INVOCATION_BATCHES, SharedComponents.registry().url()).deserializer())) {
            consumer.subscribe(List.of(TopicNaming.defaults().name(Topics.INVOCATION_BATCHES)));
            Awaitility.await().alias("every invocation record arrived").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        for (ConsumerRecord<String, InvocationBatch> record : consumer.poll(Duration.ofMillis(500))) {
                            for (Invocation invocation : record.value().getInvocations()) {
                                records.incrementAndGet();
                                ids.add(invocation.getInvocationId());
                                assertThat(invocation.getStatusCode()).isEqualTo(404);
                                assertThat(invocation.getGatewayNode()).isEqualTo("durability-node");
                                assertThat(invocation.getApiId()).isEqualTo(record.key());
                            }
                        }
                        return ids.size() >= REQUESTS;
                    });
            // read on to the end of the topic, so a record written twice would be counted
            var end = consumer.endOffsets(consumer.assignment());
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> record.value().getInvocations().forEach(invocation -> {
                    records.incrementAndGet();
                    ids.add(invocation.getInvocationId());
                }));
            }
        }
        assertThat(ids).hasSize(REQUESTS);
        assertThat(records.get()).as("no record written twice").isEqualTo(REQUESTS);
    }
}
