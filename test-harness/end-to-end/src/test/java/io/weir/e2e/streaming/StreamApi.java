package io.weir.e2e.streaming;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.weir.e2e.AdminSession;
import io.weir.e2e.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;

/**
 * A published STREAM API for the event-driven scenarios, made as a publisher and a consumer would
 * through the control plane: the Kafka topics, the API imported from an AsyncAPI document (channel
 * {@code orders} to receive, {@code commands} to publish), its API key also accepted as the query
 * parameter {@code apiKey} (browsers cannot set headers on EventSource and WebSocket) and CORS open,
 * a revision deployed to production and published, and two applications subscribed: one on an
 * unlimited tier, one on a tier of {@link #LIMITED_MESSAGES} messages per minute.
 */
final class StreamApi {

    static final String ORDERS_TOPIC = "e2e.stream.orders";
    static final String COMMANDS_TOPIC = "e2e.stream.commands";
    static final int LIMITED_MESSAGES = 5;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    final String context;
    final String apiId;
    final String applicationId;
    final String apiKey;
    final String limitedApiKey;
    final String basePath;

    private StreamApi(String context, String apiId, String applicationId, String apiKey, String limitedApiKey) {
        this.context = context;
        this.apiId = apiId;
        this.applicationId = applicationId;
        this.apiKey = apiKey;
        this.limitedApiKey = limitedApiKey;
        this.basePath = context + "/1.0.0";
    }

    static StreamApi publish(Platform platform, AdminSession admin, String context) throws Exception {
        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
            Awaitility.await().alias("topics exist").atMost(WAIT).ignoreExceptions().until(() -> {
                if (!kafka.listTopics().names().get().containsAll(List.of(ORDERS_TOPIC, COMMANDS_TOPIC))) {
                    kafka.createTopics(List.of(new NewTopic(ORDERS_TOPIC, 3, (short) 1),
                            new NewTopic(COMMANDS_TOPIC, 1, (short) 1))).all().get();
                }
                return true;
            });
        }
        String tier = "FivePerMinStream" + context.replace("/", "").replace("-", "");
        write(admin, "/api/v1/policies", Map.of("name", tier, "level", "SUBSCRIPTION",
                "description", LIMITED_MESSAGES + " messages per minute", "limits", Map.of("quotaKind", "MESSAGE_COUNT",
                        "limit", LIMITED_MESSAGES, "unitMillis", 60_000, "stopOnQuotaReach", true)), 201);
        Path document = Path.of(StreamApi.class.getResource("/streaming/orders-asyncapi.yaml").toURI());
        String apiId = Awaitility.await().alias("import").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> admin.request().contentType("application/yaml").body(Files.readAllBytes(document))
                        .queryParam("context", context).queryParam("tiers", "Unlimited," + tier)
                        .post("/api/v1/apis/import"), r -> r.statusCode() != 504)
                .then().statusCode(201).extract().path("apiId");

        Response current = admin.request().get("/api/v1/apis/" + apiId);
        ObjectNode settings = (ObjectNode) JSON.readTree(current.asString()).get("settings");
        ((ObjectNode) settings.get("auth")).put("apiKeyQueryParam", "apiKey");
        ObjectNode cors = (ObjectNode) settings.get("cors");
        cors.put("enabled", true);
        cors.putArray("allowedOrigins").add("*");
        admin.request().header("If-Match", current.header("ETag")).body(Map.of("settings", settings))
                .put("/api/v1/apis/" + apiId).then().statusCode(200);
        write(admin, "/api/v1/apis/" + apiId + "/revisions", Map.of("description", "streams"), 201);
        write(admin, "/api/v1/apis/" + apiId + "/revisions/1/deployments", Map.of("environments", List.of("production")), 200);
        write(admin, "/api/v1/apis/" + apiId + "/lifecycle", Map.of("targetStatus", "PUBLISHED"), 200);

        String applicationId = application(admin, "stream-e2e-" + UUID.randomUUID().toString().substring(0, 8), apiId, "Unlimited");
        String limitedId = application(admin, "stream-limited-" + UUID.randomUUID().toString().substring(0, 8), apiId, tier);
        return new StreamApi(context, apiId, applicationId, key(admin, applicationId), key(admin, limitedId));
    }

    private static String application(AdminSession admin, String name, String apiId, String tier) {
        String id = write(admin, "/api/v1/applications", Map.of("name", name, "tier", "Unlimited"), 201).getString("applicationId");
        write(admin, "/api/v1/subscriptions", Map.of("applicationId", id, "apiId", apiId, "tier", tier), 201);
        return id;
    }

    private static String key(AdminSession admin, String applicationId) {
        return write(admin, "/api/v1/applications/" + applicationId + "/api-keys", Map.of(), 201).getString("apiKey");
    }

    /** A write as a careful client makes it: an Idempotency-Key, retried while the outcome is not known (504). */
    static JsonPath write(AdminSession admin, String path, Map<String, ?> body, int expected) {
        String key = UUID.randomUUID().toString();
        Response response = Awaitility.await().alias("POST " + path).atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> admin.request().header("Idempotency-Key", key).body(body).post(path),
                        answer -> answer.statusCode() != 504);
        response.then().statusCode(expected);
        return response.jsonPath();
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
