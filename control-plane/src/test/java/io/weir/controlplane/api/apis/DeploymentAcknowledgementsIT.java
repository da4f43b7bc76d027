package io.weir.controlplane.api.apis;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.weir.controlplane.security.PasswordHasher;
import io.weir.harness.SharedComponents;
import io.weir.harness.quarkus.WeirTestResource;
import io.weir.schema.api.ApiDefinition;
import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.ApiVisibility;
import io.weir.schema.api.AuthConfig;
import io.weir.schema.api.BackendEndpoints;
import io.weir.schema.api.CorsConfig;
import io.weir.schema.api.DefinitionFormat;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.gateway.GatewayNodeState;
import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.organization.Role;
import io.weir.schema.serde.AvroSerdes;
import io.weir.schema.view.ApiDeploymentView;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.UserView;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deployment acknowledgements end to end in the packaged control plane: API views and gateway node
 * heartbeats produced to the real broker (as the projections and the edge nodes would), read back
 * through GET /api/v1/apis/{id}/deployments with a token from the real token endpoint.
 *
 * <p>An integration test like the module's others rather than a {@code @QuarkusTest}: inside the
 * Quarkus test class loader, Avro's specific records resolve their classes through another loader
 * (ClassCastException ApiType → ApiType), and the harness' shared broker would start with Quarkus'
 * context class loader (ClassCastException JmxReporter → MetricsReporter).
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = WeirTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = WeirTestResource.REGISTRY, value = "true"))
class DeploymentAcknowledgementsIT {

    private static final PasswordHasher PASSWORDS = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    private final TopicNaming naming = TopicNaming.defaults();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String environment = "prod-" + suffix;
    private final String apiId = "api-" + suffix;
    /** The nodes' latest state; heartbeats re-send it with a fresh time, as nodes do every 2 s. */
    private final Map<String, GatewayNodeStatus> nodes = new LinkedHashMap<>();
    private KafkaProducer<String, SpecificRecord> producer;

    @BeforeEach
    void start() {
        producer = new KafkaProducer<>(AvroSerdes.producerConfig(SharedComponents.kafka().bootstrapServers(),
                SharedComponents.registry().url()));
    }

    @AfterEach
    void stop() {
        producer.close();
    }

    @Test
    void aDeploymentIsAcknowledgedByTheLiveNodesThatAppliedItsRevision() {
        ApiView api = ApiView.newBuilder(api("acme"))
                .setDeployments(List.of(ApiDeploymentView.newBuilder().setEnvironment(environment).setRevision(3)
                        .setDeployedAt(Instant.parse("2026-11-27T10:00:00Z")).build()))
                .build();
        send(Topics.VIEW_APIS, apiId, api);
        node("n1", GatewayNodeState.READY, 3L);
        node("n2", GatewayNodeState.READY, 2L);
        node("n3", GatewayNodeState.STARTING, 3L);
        String token = token("acme", Role.SUBSCRIBER);

        awaitSummary(token, "revision 3 live on 1 of 2 " + environment + " nodes");
        given().auth().oauth2(token).get("/api/v1/apis/{id}/deployments", apiId).then().statusCode(200)
                .body("apiId", equalTo(apiId))
                .body("count", equalTo(1))
                .body("items[0].environment", equalTo(environment))
                .body("items[0].revision", equalTo(3))
                .body("items[0].deployedAt", equalTo("2026-11-27T10:00:00Z"))
                .body("items[0].nodes.total", equalTo(3))
                .body("items[0].nodes.live", equalTo(2))
                .body("items[0].nodes.applied", equalTo(1))
                .body("items[0].nodes.appliedNodes", contains("n1"))
                .body("items[0].nodes.pendingNodes", contains("n2"));

        node("n2", GatewayNodeState.READY, 3L);
        node("n3", GatewayNodeState.READY, 3L);
        awaitSummary(token, "revision 3 live on 3 of 3 " + environment + " nodes");

        nodes.remove("n3");
        send(Topics.GATEWAY_NODES, environment + "/n3", null);
        GatewayNodeStatus silent = nodes.remove("n2"); // stops heartbeating: stale after the staleness
        send(Topics.GATEWAY_NODES, environment + "/n2", GatewayNodeStatus.newBuilder(silent)
                .setHeartbeatAt(Instant.now().minus(Duration.ofMinutes(5))).build());
        awaitSummary(token, "revision 3 live on 1 of 1 " + environment + " nodes");
    }

    @Test
    void theDeploymentsOfAnotherOrganizationsApiAreNotFoundAndAnonymousCallersAreRefused() {
        send(Topics.VIEW_APIS, apiId, api("acme"));
        String publisher = token("acme", Role.PUBLISHER);
        Awaitility.await().alias("the API view is mirrored").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(publisher).get("/api/v1/apis/{id}/deployments", apiId)
                        .then().statusCode(200).body("count", equalTo(0)));

        given().auth().oauth2(token("globex", Role.ADMIN)).get("/api/v1/apis/{id}/deployments", apiId)
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/apis/{id}/deployments", apiId).then().statusCode(401);
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/api/v1/apis/{id}/deployments"));
    }

    private void awaitSummary(String token, String summary) {
        Awaitility.await().alias(summary).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    heartbeat();
                    given().auth().oauth2(token).get("/api/v1/apis/{id}/deployments", apiId).then().statusCode(200)
                            .body("items[0].summary", equalTo(summary));
                });
    }

    private void node(String nodeId, GatewayNodeState state, long appliedRevision) {
        nodes.put(nodeId, GatewayNodeStatus.newBuilder().setEnvironment(environment).setNodeId(nodeId)
                .setStartedAt(Instant.now()).setHeartbeatAt(Instant.now()).setStatus(state)
                .setAppliedRevisions(Map.of(apiId, appliedRevision, "other-api", 1L)).build());
        heartbeat();
    }

    private void heartbeat() {
        nodes.forEach((nodeId, status) -> send(Topics.GATEWAY_NODES, environment + "/" + nodeId,
                GatewayNodeStatus.newBuilder(status).setHeartbeatAt(Instant.now()).build()));
    }

    private void send(TopicSpec<?> topic, String key, SpecificRecord value) {
        try {
            producer.send(new ProducerRecord<>(naming.name(topic), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic.baseName(), e);
        }
    }

    /**
     * Built here rather than from the JSON samples: in a {@code @QuarkusTest} the JSON reader would
     * instantiate the record from another class loader than the test's.
     */
    private ApiView api(String organization) {
        return ApiView.newBuilder().setApiId(apiId).setOrganization(organization).setVersion(1).setName("Pets")
                .setContext("/pets-" + suffix).setApiVersion("1.0").setApiType(ApiType.HTTP)
                .setSettings(ApiSettings.newBuilder()
                        .setDefinition(new ApiDefinition(DefinitionFormat.NONE, "", "application/json"))
                        .setEndpoints(BackendEndpoints.newBuilder().build()).setVisibility(ApiVisibility.PUBLIC)
                        .setCors(CorsConfig.newBuilder().build()).setAuth(AuthConfig.newBuilder().build()).build())
                .setLifecycleStatus(LifecycleStatus.PUBLISHED)
                .setCreatedAt(Instant.now()).setUpdatedAt(Instant.now())
                .build();
    }

    /** A user of {@code organization} with {@code role}, put on weir.view.users, signed in by password. */
    private String token(String organization, Role role) {
        String username = "u-" + organization + "-" + role.name().toLowerCase() + "-" + suffix;
        String password = "pw-" + UUID.randomUUID();
        send(Topics.VIEW_USERS, username, UserView.newBuilder().setUsername(username).setOrganization(organization)
                .setVersion(1).setDisplayName(username).setPasswordHash(PASSWORDS.hash(password))
                .setRoles(List.of(role)).setUpdatedAt(Instant.now()).build());
        return Awaitility.await().alias("signed in as " + username).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> given().formParam("grant_type", "password").formParam("username", username)
                        .formParam("password", password).post("/oauth2/token")
                        .then().extract().path("access_token"), Objects::nonNull);
    }
}
