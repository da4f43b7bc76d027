package io.weir.controlplane.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.weir.controlplane.security.PasswordHasher;
import io.weir.harness.SharedComponents;
import io.weir.harness.quarkus.WeirTestResource;
import io.weir.schema.api.ApiDefinition;
import io.weir.schema.api.DefinitionFormat;
import io.weir.schema.catalog.CatalogServiceIds;
import io.weir.schema.catalog.CatalogServiceKind;
import io.weir.schema.catalog.CatalogServiceSpec;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.organization.Role;
import io.weir.schema.serde.AvroSerdes;
import io.weir.schema.view.CatalogServiceView;
import io.weir.schema.view.UserView;
import java.time.Duration;
import java.time.Instant;
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
 * The catalog resources in the packaged control plane: catalog views produced to the real broker (as
 * the management projections would), tokens from the real token endpoint, JSON and problem+json
 * answers over HTTP, and the OpenAPI document. Writes that reach the command processor are the
 * end-to-end scenario's (test-harness/end-to-end CdcCatalogScenarioIT); here only what is refused
 * before a command is sent. (A {@code @QuarkusIntegrationTest} for the class-loader reasons given in
 * {@code DeploymentAcknowledgementsIT}.)
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = WeirTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = WeirTestResource.REGISTRY, value = "true"))
class CatalogServicesIT {

    private static final PasswordHasher PASSWORDS = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    private final TopicNaming naming = TopicNaming.defaults();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String organization = "org-" + suffix;
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
    void listsSearchesAndReadsTheCatalogOfTheCallersOrganization() {
        String orders = service("shop.public.orders", CatalogServiceKind.CDC_STREAM, organization);
        service("payments", CatalogServiceKind.ASYNC, organization);
        service("elsewhere.orders", CatalogServiceKind.CDC_STREAM, "other-" + suffix);
        String token = token(Role.SUBSCRIBER);

        Awaitility.await().alias("the catalog view is read").atMost(Duration.ofSeconds(30))
                .until(() -> given().auth().oauth2(token).get("/api/v1/catalog/services").jsonPath().getInt("count") == 2);
        given().auth().oauth2(token).queryParam("name", "ORDERS").queryParam("kind", "cdc_stream")
                .get("/api/v1/catalog/services").then().statusCode(200)
                .body("count", equalTo(1)).body("items[0].serviceId", equalTo(orders))
                .body("items[0].spec.kafkaTopic", equalTo("weir.cdc.shop.public.orders"));
        given().auth().oauth2(token).queryParam("tag", "cdc").queryParam("tag", "nope")
                .get("/api/v1/catalog/services").then().statusCode(200).body("count", equalTo(0));
        given().auth().oauth2(token).get("/api/v1/catalog/services/" + orders).then().statusCode(200)
                .header("ETag", notNullValue()).body("name", equalTo("shop.public.orders"));
        given().auth().oauth2(token).get("/api/v1/catalog/services/" + orders + "/definition").then().statusCode(200)
                .body(containsString("\"asyncapi\""));
    }

    @Test
    void badInputIsProblemJson() {
        String publisher = token(Role.PUBLISHER);
        given().get("/api/v1/catalog/services").then().statusCode(401);
        given().auth().oauth2(token(Role.SUBSCRIBER)).contentType("application/json").body(Map.of("definition", "x"))
                .post("/api/v1/catalog/services").then().statusCode(403)
                .contentType(containsString("application/problem+json"));
        given().auth().oauth2(publisher).contentType("application/json")
                .body(Map.of("definition", "openapi: 3.0.3\ninfo: {title: x}\npaths: 7\n"))
                .post("/api/v1/catalog/services").then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("type", endsWith("invalid-definition")).body("errors", notNullValue());
        given().auth().oauth2(publisher).contentType("application/json").body(Map.of("name", "x"))
                .post("/api/v1/catalog/services").then().statusCode(400).body("pointer", equalTo("/definition"));
        given().auth().oauth2(publisher).queryParam("kind", "SOAP").get("/api/v1/catalog/services")
                .then().statusCode(400).body("pointer", equalTo("/query/kind"));
        given().auth().oauth2(publisher).get("/api/v1/catalog/services/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        String orders = service("orders-" + suffix, CatalogServiceKind.CDC_STREAM, organization);
        Awaitility.await().alias("the service is visible").atMost(Duration.ofSeconds(30))
                .until(() -> given().auth().oauth2(publisher).get("/api/v1/catalog/services/" + orders).statusCode() == 200);
        given().auth().oauth2(publisher).contentType("application/json").body(Map.of("followService", "yes"))
                .post("/api/v1/catalog/services/" + orders + "/apis").then().statusCode(400)
                .body("pointer", equalTo("/followService"));
    }

    @Test
    void theOpenApiDocumentDescribesTheCatalog() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/api/v1/catalog/services"))
                .body("paths", hasKey("/api/v1/catalog/services/{id}"))
                .body("paths", hasKey("/api/v1/catalog/services/{id}/apis"));
    }

    private String service(String name, CatalogServiceKind kind, String owner) {
        String id = CatalogServiceIds.of(owner, name);
        String document = "{\"asyncapi\":\"3.0.0\",\"info\":{\"title\":\"" + name + "\",\"version\":\"1\"},\"channels\":{}}";
        send(Topics.VIEW_CATALOG_SERVICES, id, CatalogServiceView.newBuilder()
                .setServiceId(id).setOrganization(owner).setVersion(1).setName(name)
                .setSpec(CatalogServiceSpec.newBuilder().setVersion("1").setKind(kind)
                        .setDefinition(new ApiDefinition(DefinitionFormat.ASYNCAPI_3_0, document, "application/json"))
                        .setKafkaTopic(name.contains("orders") ? "weir.cdc." + name : "payments")
                        .setTags(kind == CatalogServiceKind.CDC_STREAM ? List.of("cdc") : List.of()).build())
                .setPreviousVersions(List.of()).setCreatedAt(Instant.now()).setUpdatedAt(Instant.now()).build());
        return id;
    }

    private void send(TopicSpec<?> topic, String key, SpecificRecord value) {
        try {
            producer.send(new ProducerRecord<>(naming.name(topic), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic.baseName(), e);
        }
    }

    private String token(Role role) {
        String username = "u-" + role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
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
