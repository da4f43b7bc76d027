package io.weir.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.restassured.path.json.JsonPath;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.e2e.streaming.SseClient;
import io.weir.e2e.streaming.WebhookReceiver;
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
import java.util.concurrent.Callable;
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
 * follows the service. A subscribed application receives every INSERT, UPDATE and DELETE through a
 * gateway node over SSE and over a WebSub callback (API key, throttled subscription tier), and the
 * commit → client latencies are printed and held to a second.
 */
class CdcCatalogScenarioIT {

    private static final int CHANGES = 90;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static Platform platform;
    private static AdminSession admin;
    private static PostgresServer postgres;
    private static QuarkusApp cdc;
    private static QuarkusApp gateway;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A change as a client of the gateway received it: the change record (JSON) and when it arrived. */
    private record Received(JsonNode change, long receivedAt) {
    }

    /** Waits until a client has received the change {@code op} of row {@code id}; returns when it arrived. */
    private static long awaitClient(Callable<List<Received>> received, String op, int id) {
        return Awaitility.await().alias(op + " of row " + id + " at the client").atMost(WAIT)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                .until(() -> received.call().stream().filter(r -> op.equals(r.change().path(ChangeRecord.OP).asText())
                        && id == row(r.change()).path("id").asInt(-1)).findFirst().orElse(null), found -> found != null)
                .receivedAt();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode row(JsonNode change) {
        JsonNode after = change.path(ChangeRecord.AFTER);
        return after.isObject() ? after : change.path(ChangeRecord.BEFORE);
    }

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
        if (gateway != null) {
            gateway.stop();
        }
        if (cdc != null) {
            cdc.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void aCapturedTableBecomesACatalogServiceAndAPublishedStreamApiWhoseChangesArriveWithinASecond() throws Exception {
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
        // the consumer's tier: a message quota high enough not to trip, so every change is charged to it
        write("/api/v1/policies", Map.of("name", "CdcChanges", "level", "SUBSCRIPTION", "description", "100k messages a minute",
                "limits", Map.of("quotaKind", "MESSAGE_COUNT", "limit", 100_000, "unitMillis", 60_000, "stopOnQuotaReach", true)), 201);
        var current = admin.request().get("/api/v1/apis/" + apiId);
        var settings = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(current.asString()).get("settings");
        settings.putArray("allowedTiers").add("CdcChanges");
        admin.request().header("If-Match", current.header("ETag")).body(Map.of("settings", settings))
                .put("/api/v1/apis/" + apiId).then().statusCode(200);
        write("/api/v1/apis/" + apiId + "/revisions", Map.of("description", "from the catalog"), 201);
        write("/api/v1/apis/" + apiId + "/revisions/1/deployments", Map.of("environments", List.of("production")), 200);
        write("/api/v1/apis/" + apiId + "/lifecycle", Map.of("targetStatus", "PUBLISHED"), 200);
        JsonPath published = admin.request().get("/api/v1/apis/" + apiId).jsonPath();
        assertThat(published.getString("lifecycleStatus")).isEqualTo("PUBLISHED");
        assertThat(published.getList("deployments.environment")).containsExactly("production");
        assertThat(admin.request().get("/api/v1/catalog/services/" + serviceId + "/apis").jsonPath()
                .getList("items.apiId")).containsExactly(apiId);

        // a consumer subscribes through the gateway: SSE and a WebSub callback, with an API key
        gateway = GatewayNode.start(platform, "production", "cdc-a", 0, Map.of("weir.gateway.webhook.allow-cidrs", "127.0.0.1/32"));
        String basePath = published.getString("context") + "/" + published.getString("apiVersion");
        String channel = published.getString("settings.resources[0].path");
        String applicationId = write("/api/v1/applications", Map.of("name", "cdc-consumer", "tier", "Unlimited"), 201)
                .getString("applicationId");
        write("/api/v1/subscriptions", Map.of("applicationId", applicationId, "apiId", apiId, "tier", "CdcChanges"), 201);
        String apiKey = write("/api/v1/applications/" + applicationId + "/api-keys", Map.of(), 201).getString("apiKey");
        Awaitility.await().alias("the gateway serves the API").atMost(WAIT).ignoreExceptions().until(() ->
                io.restassured.RestAssured.given().baseUri(gateway.url()).get(basePath + "/asyncapi").statusCode() == 200);
        List<Long> commitToSse = new ArrayList<>();
        List<Long> commitToWebhook = new ArrayList<>();

        // INSERT, UPDATE and DELETE reach the topic, the SSE client and the webhook within a second of commit
        List<Long> commitToTopic = new ArrayList<>();
        List<Long> commitToConsumer = new ArrayList<>();
        try (Changes changes = new Changes(platform, topic);
             SseClient sse = new SseClient(gateway.url() + basePath + "/" + channel, null, Map.of("apikey", apiKey));
             WebhookReceiver webhook = new WebhookReceiver("cdc-secret", "X-Weir-Delivery-Id")) {
            var subscribed = io.restassured.RestAssured.given().baseUri(gateway.url()).header("apikey", apiKey)
                    .contentType("application/x-www-form-urlencoded").formParam("hub.mode", "subscribe")
                    .formParam("hub.topic", channel).formParam("hub.callback", webhook.callback("/products"))
                    .formParam("hub.secret", "cdc-secret").post(basePath + "/hub");
            assertThat(subscribed.statusCode()).as(subscribed.asString()).isEqualTo(202);
            Awaitility.await().alias("the SSE stream is open").atMost(WAIT).until(() -> sse.status() == 200);
            Awaitility.await().alias("the webhook subscription is verified").atMost(WAIT).until(() -> webhook.verifications() >= 1);
            // the subscription is active once a change made now reaches the callback
            sql("UPDATE products SET price = price WHERE id = 0");
            Awaitility.await().alias("the webhook receives changes").atMost(WAIT).until(() -> !webhook.accepted().isEmpty());

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
                commitToSse.add(awaitClient(() -> sse.events().stream()
                        .map(e -> new Received(parse(e.data()).path("payload"), e.receivedAt())).toList(), op, id) - committedAt);
                commitToWebhook.add(awaitClient(() -> webhook.accepted().stream()
                        .map(d -> new Received(parse(d.body()), d.receivedAt())).toList(), op, id) - committedAt);
            }
            assertThat(webhook.badSignatures()).isZero();
        }
        String figures = "commit→topic p50 " + percentile(commitToTopic, 50) + " ms, p99 " + percentile(commitToTopic, 99)
                + " ms; commit→consumer p50 " + percentile(commitToConsumer, 50) + " ms, p99 "
                + percentile(commitToConsumer, 99) + " ms (" + CHANGES + " changes, one at a time)";
        System.out.println("CDC latency: " + figures);
        assertThat(percentile(commitToTopic, 99)).as(figures).isLessThan(1000);
        String edge = "commit→SSE client p50 " + percentile(commitToSse, 50) + " ms, p99 " + percentile(commitToSse, 99)
                + " ms; commit→webhook p50 " + percentile(commitToWebhook, 50) + " ms, p99 " + percentile(commitToWebhook, 99) + " ms";
        System.out.println("CDC through the gateway: " + edge);
        assertThat(percentile(commitToSse, 99)).as(edge).isLessThan(1000);
        assertThat(percentile(commitToWebhook, 99)).as(edge).isLessThan(1000);

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
