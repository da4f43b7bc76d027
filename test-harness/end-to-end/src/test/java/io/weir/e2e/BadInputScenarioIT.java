package io.weir.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.organization.GrantRole;
import io.weir.schema.organization.RegisterUser;
import io.weir.schema.organization.Role;
import io.weir.schema.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input tried as a new user would: each gets its specific 4xx (or rejection reason) and the
 * event logs and the views stay exactly as they were.
 */
class BadInputScenarioIT {

    private static Platform platform;
    private static String admin;
    private static String apiId;

    @BeforeAll
    static void platform() {
        platform = Platform.get();
        Awaitility.await().alias("the control plane seeded its admin").atMost(Duration.ofSeconds(90))
                .until(platform::seeded);
        Properties credentials = platform.adminCredentials();
        admin = Awaitility.await().alias("the admin can sign in").atMost(Duration.ofSeconds(60))
                .until(() -> token(credentials.getProperty("username"), credentials.getProperty("password")),
                        token -> token != null);
        Awaitility.await().alias("seeded tiers are visible").atMost(Duration.ofSeconds(60))
                .until(() -> as(admin).get("/api/v1/policies?level=SUBSCRIPTION").jsonPath().getList("items").size() >= 4);
        apiId = as(admin).contentType("application/yaml").body(("openapi: 3.0.3\ninfo: {title: Bad Input, version: '1.0'}\n"
                        + "paths:\n  /things:\n    get:\n      responses: {'200': {description: ok}}\n").getBytes(StandardCharsets.UTF_8))
                .queryParam("context", "/bad-input").queryParam("tiers", "Gold")
                .post("/api/v1/apis/import").then().statusCode(201).extract().path("apiId");
    }

    @Test
    void malformedYamlIsA400WithTheParsersLineAndNothingIsStored() {
        unchanged(() -> as(admin).contentType("application/yaml").body("openapi: 3.0.3\ninfo: [unclosed\n".getBytes())
                .post("/api/v1/apis/import"), 400, "invalid-definition")
                .then().body("errors[0].line", notNullValue());
    }

    @Test
    void aDocumentOfAnUnsupportedVersionIsA400() {
        unchanged(() -> as(admin).contentType("application/yaml")
                .body("swagger: '2.0'\ninfo: {title: Old, version: '1'}\npaths: {}\n".getBytes())
                .post("/api/v1/apis/import"), 400, "invalid-definition");
    }

    @Test
    void aStructurallyInvalidDocumentPointsAtTheProblem() {
        unchanged(() -> as(admin).contentType("application/yaml")
                .body("openapi: 3.0.3\ninfo: {title: Broken, version: '1'}\npaths:\n  /x:\n    get:\n      responses: {'200': {}}\n"
                        .getBytes())
                .post("/api/v1/apis/import"), 400, "invalid-definition")
                .then().body("errors[0].pointer", org.hamcrest.Matchers.startsWith("/paths"));
    }

    @Test
    void anIllegalLifecycleMoveIsA422WithItsReason() {
        unchanged(() -> as(admin).body(Map.of("targetStatus", "RETIRED")).post("/api/v1/apis/" + apiId + "/lifecycle"),
                422, "illegal-lifecycle-transition");
    }

    @Test
    void aDuplicateContextIsA409() {
        unchanged(() -> as(admin).contentType("application/yaml").body(("openapi: 3.0.3\ninfo: {title: Twin, version: '1.0'}\n"
                        + "paths: {}\n").getBytes()).queryParam("context", "/bad-input").queryParam("tiers", "Gold")
                .post("/api/v1/apis/import"), 409, "duplicate-context");
    }

    @Test
    void aSixthRevisionIsRefusedUntilOneIsDeleted() {
        String id = as(admin).contentType("application/yaml").body(("openapi: 3.0.3\ninfo: {title: Revisions, version: '1.0'}\n"
                        + "paths: {}\n").getBytes()).queryParam("context", "/revisions-" + UUID.randomUUID())
                .queryParam("tiers", "Gold").post("/api/v1/apis/import").then().statusCode(201).extract().path("apiId");
        for (int i = 1; i <= 5; i++) {
            as(admin).body(Map.of("description", "r" + i)).post("/api/v1/apis/" + id + "/revisions").then().statusCode(201);
        }
        unchanged(() -> as(admin).body(Map.of("description", "r6")).post("/api/v1/apis/" + id + "/revisions"),
                422, "revision-limit-reached");
        as(admin).delete("/api/v1/apis/" + id + "/revisions/1").then().statusCode(200);
        as(admin).body(Map.of("description", "r6")).post("/api/v1/apis/" + id + "/revisions").then().statusCode(201)
                .body("revision", equalTo(6));
    }

    @Test
    void aStaleIfMatchIsAVersionConflict() {
        unchanged(() -> as(admin).header("If-Match", "\"99\"").body(Map.of("description", "stale"))
                .post("/api/v1/apis/" + apiId + "/revisions"), 409, "version-conflict");
    }

    @Test
    void aReplayedIdempotencyKeyGetsTheFirstAnswerAndAppendsNothing() {
        String key = UUID.randomUUID().toString();
        Supplier<Response> create = () -> as(admin).header("Idempotency-Key", key)
                .body(Map.of("name", "replayed-" + key.substring(0, 8), "tier", "Unlimited")).post("/api/v1/applications");
        Response first = create.get();
        first.then().statusCode(201);
        Map<String, Long> before = logEnds();
        Response again = create.get();
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.jsonPath().getString("applicationId")).isEqualTo(first.jsonPath().getString("applicationId"));
        assertThat(logEnds()).isEqualTo(before);
    }

    @Test
    void theWrongRoleIsA403AndAnotherOrganizationsApiIsA404() throws Exception {
        String password = "s3cret-" + UUID.randomUUID();
        String subscriber = "sub-" + UUID.randomUUID().toString().substring(0, 8);
        as(admin).body(Map.of("username", subscriber, "displayName", "Sub", "password", password))
                .post("/api/v1/users").then().statusCode(201);
        as(admin).body(Map.of("role", "SUBSCRIBER")).post("/api/v1/users/" + subscriber + "/roles").then().statusCode(200);
        String subscriberToken = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> token(subscriber, password),
                t -> t != null);
        unchanged(() -> as(subscriberToken).body(Map.of("description", "x")).post("/api/v1/apis/" + apiId + "/revisions"),
                403, "forbidden");

        // a user of another organization, registered the GitOps way (any producer with the ACL)
        String outsider = "globex-" + UUID.randomUUID().toString().substring(0, 8);
        produce(user(outsider, password, "globex"), grant(outsider, Role.ADMIN, "globex"));
        String outsiderToken = Awaitility.await().alias("the outsider can sign in").atMost(Duration.ofSeconds(60))
                .until(() -> token(outsider, password), t -> t != null);
        unchanged(() -> as(outsiderToken).get("/api/v1/apis/" + apiId), 404, "not-found");
        unchanged(() -> as(outsiderToken).body(Map.of("targetStatus", "PUBLISHED"))
                .post("/api/v1/apis/" + apiId + "/lifecycle"), 404, "not-found");
    }

    @Test
    void noTokenOrAGarbageTokenIsA401() {
        unchanged(() -> given().baseUri(platform.url()).get("/api/v1/apis"), 401, "unauthorized");
        unchanged(() -> given().baseUri(platform.url()).auth().oauth2("not.a.jwt").get("/api/v1/apis"), 401, "unauthorized");
    }

    /** Runs a bad request and proves it changed nothing: same log ends, same view of the API. */
    private static Response unchanged(Supplier<Response> request, int status, String problemType) {
        Map<String, Long> logsBefore = logEnds();
        String viewBefore = as(admin).get("/api/v1/apis/" + apiId).asString();
        Response response = request.get();
        response.then().statusCode(status).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/" + problemType));
        assertThat(logEnds()).as("event logs after " + problemType).isEqualTo(logsBefore);
        assertThat(as(admin).get("/api/v1/apis/" + apiId).asString()).as("view after " + problemType).isEqualTo(viewBefore);
        return response;
    }

    private static Map<String, Long> logEnds() {
        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicSpec<EventEnvelope> log : Topics.eventLogs()) {
                for (int p = 0; p < log.partitions(); p++) {
                    request.put(new TopicPartition(TopicNaming.defaults().name(log), p), OffsetSpec.latest());
                }
            }
            Map<String, Long> ends = new HashMap<>();
            kafka.listOffsets(request).all().get().forEach((tp, info) -> ends.merge(tp.topic(), info.offset(), Long::sum));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestSpecification as(String token) {
        return given().baseUri(platform.url()).auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String token(String username, String password) {
        Response response = given().baseUri(platform.url()).formParam("grant_type", "password")
                .formParam("username", username).formParam("password", password).post("/oauth2/token");
        return response.statusCode() == 200 ? response.jsonPath().getString("access_token") : null;
    }

    private static void produce(CommandEnvelope... commands) throws Exception {
        try (KafkaProducer<String, CommandEnvelope> producer =
                new KafkaProducer<>(AvroSerdes.producerConfig(platform.bootstrapServers, platform.registryUrl))) {
            for (CommandEnvelope command : commands) {
                producer.send(new ProducerRecord<>(TopicNaming.defaults().name(Topics.COMMANDS), command.getAggregateId(),
                        command)).get();
            }
        }
    }

    private static CommandEnvelope user(String username, String password, String organization) throws Exception {
        return envelope(AggregateType.USER, username, organization,
                new RegisterUser(username, username, phc(password)));
    }

    private static CommandEnvelope grant(String username, Role role, String organization) {
        return envelope(AggregateType.USER, username, organization, new GrantRole(username, role));
    }

    private static CommandEnvelope envelope(AggregateType type, String id, String organization, Object payload) {
        return CommandEnvelope.newBuilder().setCommandId(UUID.randomUUID().toString()).setAggregateType(type)
                .setAggregateId(id).setIssuedAt(Instant.now()).setActor("gitops").setOrganization(organization)
                .setCorrelationId(UUID.randomUUID().toString()).setPayload(payload).build();
    }

    /** A PBKDF2-SHA256 hash in the PHC format the control plane verifies. */
    private static String phc(String password) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        int iterations = 210_000;
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$pbkdf2-sha256$i=" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }
}
