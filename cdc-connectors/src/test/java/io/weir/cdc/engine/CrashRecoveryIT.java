package io.weir.cdc.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.harness.app.QuarkusApp;
import io.weir.harness.junit.ApicurioRegistryExtension;
import io.weir.harness.junit.KafkaBrokerExtension;
import io.weir.harness.junit.PostgresExtension;
import io.weir.harness.kafka.KafkaBroker;
import io.weir.harness.postgres.PostgresServer;
import io.weir.harness.registry.ApicurioRegistry;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.cdc.ChangeDeduplicator;
import io.weir.schema.cdc.ChangeRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged app, configured only by properties, killed with SIGKILL mid-stream: after the
 * restart every change is on the topic at least once — some twice, those since the last offset
 * commit — and a consumer deduplicating on the source position ({@link ChangeDeduplicator}) sees
 * each exactly once, in order. Readiness names each source and why one is not streaming.
 */
@ExtendWith({KafkaBrokerExtension.class, ApicurioRegistryExtension.class, PostgresExtension.class})
class CrashRecoveryIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String OFFSETS = "weir.cdc-connectors.offsets";

    @Test
    void afterKillNineEveryChangeArrivesAndDedupeOnTheSourcePositionSeesEachOnce(
            KafkaBroker kafka, ApicurioRegistry registry, PostgresServer postgres) {
        Database db = Database.create(postgres, "crash");
        db.execute("CREATE TABLE events (id int PRIMARY KEY)", "INSERT INTO events VALUES (0)");
        String topic = TopicNaming.defaults().cdcTopic("crash", "public", "events");

        QuarkusApp first = start(kafka, registry, db);
        QuarkusApp app = first;
        try (ChangeTopic changes = new ChangeTopic(kafka.bootstrapServers(), registry.url(), topic)) {
            Awaitility.await().alias("crash streams, broken is reported").atMost(WAIT).untilAsserted(() -> {
                JsonNode sources = readiness(first);
                assertThat(sources.path("crash").asText()).startsWith("STREAMING");
                assertThat(sources.path("broken").asText()).startsWith("FAILED")
                        .contains("table.include.list names a table that does not exist").contains("public.missing");
            });
            assertThat(given().baseUri(first.url()).get("/q/metrics").asString())
                    .contains("weir_cdc_source_up{source=\"crash\"} 1.0");

            awaitCount(changes, 1);
            insert(db, 1, 10);
            awaitCount(changes, 11);
            long lastLsn = (Long) changes.changes().get(10).value().get(ChangeRecord.LSN);
            Awaitility.await().alias("the offsets of the first ten are committed").atMost(WAIT)
                    .until(() -> committedLsn(kafka.bootstrapServers()) >= lastLsn);

            insert(db, 11, 20);
            awaitCount(changes, 21);
            ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
            Awaitility.await().alias("the app is gone").atMost(WAIT).until(() -> !first.isRunning());

            insert(db, 21, 25);
            app = start(kafka, registry, db);
            List<String> expected = new ArrayList<>(List.of("SNAPSHOT:0"));
            IntStream.rangeClosed(1, 25).forEach(id -> expected.add("INSERT:" + id));
            ChangeDeduplicator dedupe = new ChangeDeduplicator(10_000);
            Awaitility.await().alias("every change after the restart").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(changes.summary()).containsAll(expected));
            List<String> once = changes.changes().stream()
                    .filter(change -> dedupe.firstDelivery(topic, change.key(), change.value()))
                    .map(ChangeTopic.Change::toString).toList();
            assertThat(once).containsExactlyElementsOf(expected);
            System.out.println("CDC kill -9: " + (changes.changes().size() - once.size())
                    + " changes delivered twice, removed by the consumer's dedupe");
        } finally {
            app.stop();
        }
    }

    private static QuarkusApp start(KafkaBroker kafka, ApicurioRegistry registry, Database db) {
        QuarkusApp.Builder app = QuarkusApp.builder("cdc-connectors", Path.of("target/quarkus-app/quarkus-run.jar"))
                .systemProperty("kafka.bootstrap.servers", kafka.bootstrapServers())
                .systemProperty("apicurio.registry.url", registry.url())
                .systemProperty("weir.cdc.register-in-catalog", "false")
                .systemProperty("weir.cdc.retry-initial-delay", "500ms")
                // a commit every 5 s leaves the last changes before the kill uncommitted: they come again
                .systemProperty("weir.cdc.offset-flush-interval", "5s");
        db.sourceProperties("public.events").forEach((key, value) ->
                app.systemProperty("weir.cdc.sources.crash.properties." + key, value));
        db.sourceProperties("public.missing").forEach((key, value) ->
                app.systemProperty("weir.cdc.sources.broken.properties." + key, value));
        QuarkusApp started = app.start();
        Awaitility.await().alias("cdc-connectors answers").atMost(WAIT)
                .until(() -> readiness(started).has("crash"));
        return started;
    }

    private static JsonNode readiness(QuarkusApp app) {
        try {
            JsonNode health = new ObjectMapper().readTree(given().baseUri(app.url()).get("/q/health/ready").asString());
            for (JsonNode check : health.path("checks")) {
                if (check.path("name").asText().equals("CDC sources streaming")) {
                    return check.path("data");
                }
            }
        } catch (Exception notYet) {
            // not answering yet
        }
        return new ObjectMapper().createObjectNode();
    }

    private static void insert(Database db, int from, int to) {
        db.execute(IntStream.rangeClosed(from, to).mapToObj(id -> "INSERT INTO events VALUES (" + id + ")")
                .toArray(String[]::new));
    }

    private static void awaitCount(ChangeTopic changes, int count) {
        Awaitility.await().alias(count + " changes on the topic").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> changes.changes().size() >= count);
    }

    /** The highest LSN a committed offset of source {@code crash} names (Kafka Connect's JSON offsets). */
    private static long committedLsn(String bootstrapServers) throws Exception {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.CLIENT_ID_CONFIG, "offsets-" + UUID.randomUUID());
        long lsn = -1;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(OFFSETS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            ObjectMapper json = new ObjectMapper();
            while (consumer.position(partition) < end) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().contains("\"crash\"") && record.value() != null) {
                        lsn = Math.max(lsn, json.readTree(record.value()).path("lsn").asLong(-1));
                    }
                }
            }
        }
        return lsn;
    }
}
