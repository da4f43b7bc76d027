package io.weir.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.restassured.path.json.JsonPath;
import io.weir.harness.app.QuarkusApp;
import io.weir.harness.postgres.PostgresServer;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.cdc.ChangeRecord;
import io.weir.schema.serde.AvroSerdes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Change data capture to a managed API, against the packaged apps and a private PostgreSQL: a table
 * is captured, appears in the Service Catalog with its AsyncAPI document, becomes a STREAM API in one
 * call that is deployed and published, its row changes reach the topic within a second of commit
 * (p50/p99 printed), and a column added to the table prepares a new working copy of the API that
 * follows the service. (Delivery through the gateway over SSE/WebSub is the streaming edge's scenario.)
 */
class CdcCatalogScenarioIT {

    private static final int CHANGES = 90;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static Platform platform;
    private static AdminSession admin;
    private static PostgresServer postgres;
    private static QuarkusApp cdc;

    @BeforeAll
    static void start() {
        platform = Platform.get();
        admin = AdminSession.signIn(platform);
        postgres = PostgresServer.builder().start();
        sql("CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2))",
                "INSERT INTO products VALUES (0, 'seed', 1.00)");
        Map<String, String> source = new HashMap<>();
        String p = "weir.cdc.sources.inventory.properties.";
        source.put(p + "database.hostname", postgres.host());
        source.put(p + "database.port", String.valueOf(postgres.port()));
        source.put(p + "database.user", postgres.user());
        source.put(p + "database.password", "unused");
        source.put(p + "database.dbname", postgres.database());
        source.put(p + "table.include.list", "public.products");
        cdc = platform.startCdc(source);
    }

    @AfterAll
    static void stop() {
        if (cdc != null) {
            cdc.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void aCapturedTableBecomesACatalogServiceAndAPublishedStreamApiWhoseChangesArriveWithinASecond() {
        String topic = TopicNaming.defaults().cdcTopic("inventory", "public", "products");

        // the table appears in the catalog with its AsyncAPI document
        JsonPath service = Awaitility.await().alias("the table is in the catalog").atMost(WAIT)
                .until(() -> admin.request().get("/api/v1/catalog/services?name=inventory.public.products&kind=CDC_STREAM")
                        .jsonPath(), found -> found.getInt("count") == 1);
        String serviceId = service.getString("items[0].serviceId");
        assertThat(service.getString("items[0].spec.kafkaTopic")).isEqualTo(topic);
        assertThat(service.getString("items[0].spec.version")).isEqualTo("1");
        String document = admin.request().get("/api/v1/catalog/services/" + serviceId + "/definition")
                .then().statusCode(200).extract().asString();
        assertThat(document).contains("\"asyncapi\" : \"3.0.0\"").contains("\"address\" : \"" + topic + "\"")
                .contains("application/vnd.apache.avro");

        // one call makes a STREAM API of it, following the service; then revision, deployment, publication
        Awaitility.await().alias("environments are visible").atMost(WAIT)
                .until(() -> admin.request().get("/api/v1/environments").jsonPath().getList("items").size() >= 2);
        JsonPath api = write("/api/v1/catalog/services/" + serviceId + "/apis",
                Map.of("context", "/inventory-products", "followService", true), 201);
        String apiId = api.getString("apiId");
        assertThat(api.getString("apiType")).isEqualTo("STREAM");
        assertThat(api.getString("settings.resources[0].kafkaTopic")).isEqualTo(topic);
        assertThat(api.getString("settings.followsCatalogService")).isEqualTo(serviceId);
        write("/api/v1/apis/" + apiId + "/revisions", Map.of("description", "from the catalog"), 201);
        write("/api/v1/apis/" + apiId + "/revisions/1/deployments", Map.of("environments", List.of("production")), 200);
        write("/api/v1/apis/" + apiId + "/lifecycle", Map.of("targetStatus", "PUBLISHED"), 200);
        JsonPath published = admin.request().get("/api/v1/apis/" + apiId).jsonPath();
        assertThat(published.getString("lifecycleStatus")).isEqualTo("PUBLISHED");
        assertThat(published.getList("deployments.environment")).containsExactly("production");
        assertThat(admin.request().get("/api/v1/catalog/services/" + serviceId + "/apis").jsonPath()
                .getList("items.apiId")).containsExactly(apiId);

        // INSERT, UPDATE and DELETE reach the topic within a second of commit
        List<Long> commitToTopic = new ArrayList<>();
        List<Long> commitToConsumer = new ArrayList<>();
        try (Changes changes = new Changes(platform, topic)) {
            changes.await("SNAPSHOT", 0);
            for (int i = 1; i <= CHANGES; i++) {
                int id = (i + 2) / 3;
                String op = switch (i % 3) {
                    case 1 -> "INSERT";
                    case 2 -> "UPDATE";
                    default -> "DELETE";
                };
                sql(switch (op) {
                    case "INSERT" -> "INSERT INTO products VALUES (" + id + ", 'p" + id + "', " + id + ")";
                    case "UPDATE" -> "UPDATE products SET price = price + 1 WHERE id = " + id;
                    default -> "DELETE FROM products WHERE id = " + id;
                });
                Changes.Arrival arrival = changes.await(op, id);
                long committedAt = (Long) arrival.value().get(ChangeRecord.COMMITTED_AT);
                commitToTopic.add(arrival.topicTimestamp() - committedAt);
                commitToConsumer.add(arrival.receivedAt() - committedAt);
            }
        }
        String figures = "commit→topic p50 " + percentile(commitToTopic, 50) + " ms, p99 " + percentile(commitToTopic, 99)
                + " ms; commit→consumer p50 " + percentile(commitToConsumer, 50) + " ms, p99 "
                + percentile(commitToConsumer, 99) + " ms (" + CHANGES + " changes, one at a time)";
        System.out.println("CDC latency: " + figures);
        assertThat(percentile(commitToTopic, 99)).as(figures).isLessThan(1000);

        // the table changes: a new service version, and the API following it gets a new working copy
        sql("ALTER TABLE products ADD COLUMN stock int", "INSERT INTO products VALUES (1000, 'new', 5, 3)");
        JsonPath refreshed = Awaitility.await().alias("the API following the service has a new working copy").atMost(WAIT)
                .until(() -> admin.request().get("/api/v1/apis/" + apiId).jsonPath(),
                        view -> "2".equals(view.getString("pendingServiceVersion")));
        assertThat(refreshed.getString("settings.definition.content")).contains("\"stock\"");
        assertThat(refreshed.getList("deployments.revision", Integer.class)).as("nothing was deployed").containsExactly(1);
        assertThat(admin.request().get("/api/v1/apis/" + apiId + "/history").jsonPath().getList("items.type"))
                .contains("ApiServiceDefinitionChanged");
        assertThat(admin.request().get("/api/v1/catalog/services/" + serviceId).jsonPath().getList("previousVersions"))
                .containsExactly("1");
    }

    /**
     * A write as a careful client makes it: with an Idempotency-Key, retried while the answer is 504
     * (the command's outcome was not known in time on a loaded machine; the retry gets the first outcome).
     */
    private static JsonPath write(String path, Map<String, ?> body, int expected) {
        String key = UUID.randomUUID().toString();
        var response = Awaitility.await().alias("POST " + path).atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> admin.request().header("Idempotency-Key", key).body(body).post(path),
                        answer -> answer.statusCode() != 504);
        response.then().statusCode(expected);
        return response.jsonPath();
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private static void sql(String... statements) {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CDC topic as a consumer sees it: each change with when it was written and when it was read. */
    private static final class Changes implements AutoCloseable {

        record Arrival(String op, Object id, GenericRecord value, long topicTimestamp, long receivedAt) {
        }

        private final KafkaConsumer<String, GenericRecord> consumer;
        private final List<Arrival> arrivals = new ArrayList<>();

        Changes(Platform platform, String topic) {
            Map<String, Object> config = AvroSerdes.consumerConfig(platform.bootstrapServers, platform.registryUrl,
                    "e2e-" + UUID.randomUUID());
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
            config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, false);
            config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            consumer = new KafkaConsumer<>(config);
            TopicPartition partition = new TopicPartition(topic, 0);
            Awaitility.await().alias("the CDC topic exists").atMost(WAIT)
                    .until(() -> !consumer.partitionsFor(topic).isEmpty());
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
        }

        Arrival await(String op, int id) {
            return Awaitility.await().alias(op + " of row " + id + " on the topic").atMost(WAIT)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        for (ConsumerRecord<String, GenericRecord> record : consumer.poll(Duration.ofMillis(5))) {
                            long now = System.currentTimeMillis();
                            GenericRecord value = record.value();
                            GenericRecord row = (GenericRecord) (value.get(ChangeRecord.AFTER) != null
                                    ? value.get(ChangeRecord.AFTER) : value.get(ChangeRecord.BEFORE));
                            arrivals.add(new Arrival(value.get(ChangeRecord.OP).toString(), row.get("id"), value,
                                    record.timestamp(), now));
                        }
                        return arrivals.stream().filter(a -> a.op().equals(op) && Integer.valueOf(id).equals(a.id()))
                                .findFirst().orElse(null);
                    }, found -> found != null);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
