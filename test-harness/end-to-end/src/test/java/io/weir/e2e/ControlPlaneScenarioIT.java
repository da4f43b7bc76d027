package io.weir.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The publisher-to-consumer journey through the packaged control plane and stream processors on a
 * real broker and registry: import an AsyncAPI 3.0 and an OpenAPI 3.1 document → create a revision
 * → deploy it to production → publish → create an application → subscribe → issue an API key →
 * get an OAuth token; every step is an event on the log and in /history.
 */
class ControlPlaneScenarioIT {

    private static Platform platform;
    private static String adminToken;

    @BeforeAll
    static void platform() {
        platform = Platform.get();
        Awaitility.await().alias("the control plane seeded its admin").atMost(Duration.ofSeconds(90))
                .until(platform::seeded);
        Properties admin = platform.adminCredentials();
        adminToken = Awaitility.await().alias("the admin can sign in").atMost(Duration.ofSeconds(60))
                .until(() -> passwordToken(admin.getProperty("username"), admin.getProperty("password")),
                        token -> token != null);
    }

    @Test
    void importRevisionDeployPublishSubscribeAndGetKeysAndTokens() throws Exception {
        // tiers and environments are projections the processor reads: wait until seeded ones are visible
        Awaitility.await().alias("seeded tiers and environments are visible").atMost(Duration.ofSeconds(60))
                .until(() -> authorized().get("/api/v1/policies?level=SUBSCRIPTION").jsonPath().getList("items").size() >= 4
                        && authorized().get("/api/v1/environments").jsonPath().getList("items").size() >= 2);

        String asyncApi = importDocument("asyncapi-3.0-streetlights-kafka.yaml", "application/yaml", "/streetlights-e2e");
        String openApi = importDocument("openapi-3.1-petstore-webhooks.json", "application/json", "/pets-e2e");
        assertThat(authorized().get("/api/v1/apis/" + asyncApi).jsonPath().getString("apiType")).isEqualTo("STREAM");
        assertThat(authorized().get("/api/v1/apis/" + openApi).jsonPath().getString("apiType")).isEqualTo("HTTP");

        authorized().body(Map.of("description", "first")).post("/api/v1/apis/" + openApi + "/revisions")
                .then().statusCode(201);
        authorized().body(Map.of("environments", List.of("production")))
                .post("/api/v1/apis/" + openApi + "/revisions/1/deployments").then().statusCode(200);
        authorized().body(Map.of("targetStatus", "PUBLISHED")).post("/api/v1/apis/" + openApi + "/lifecycle")
                .then().statusCode(200).body("lifecycleStatus", equalTo("PUBLISHED"));
        // read-your-writes: the follow-up read shows the write at once
        JsonPath api = authorized().get("/api/v1/apis/" + openApi).jsonPath();
        assertThat(api.getString("lifecycleStatus")).isEqualTo("PUBLISHED");
        assertThat(api.getList("deployments.environment")).containsExactly("production");

        String application = authorized().body(Map.of("name", "mobile-e2e", "tier", "Unlimited"))
                .post("/api/v1/applications").then().statusCode(201).extract().jsonPath().getString("applicationId");
        JsonPath subscription = authorized()
                .body(Map.of("applicationId", application, "apiId", openApi, "tier", "Gold"))
                .post("/api/v1/subscriptions").then().statusCode(201).extract().jsonPath();
        assertThat(subscription.getString("status")).isEqualTo("ACTIVE");
        // the same pair again is the same subscription: refused
        authorized().body(Map.of("applicationId", application, "apiId", openApi, "tier", "Gold"))
                .post("/api/v1/subscriptions").then().statusCode(409);

        JsonPath key = authorized().body(Map.of()).post("/api/v1/applications/" + application + "/api-keys")
                .then().statusCode(201).extract().jsonPath();
        String apiKey = key.getString("apiKey");
        assertThat(apiKey).hasSizeGreaterThanOrEqualTo(43);
        String keys = authorized().get("/api/v1/applications/" + application + "/api-keys").asString();
        assertThat(keys).contains(key.getString("prefix")).doesNotContain(apiKey);

        JsonPath client = authorized().body(Map.of()).post("/api/v1/applications/" + application + "/oauth-clients")
                .then().statusCode(201).extract().jsonPath();
        String clientId = client.getString("clientId");
        String clientSecret = client.getString("clientSecret");
        String appToken = given().baseUri(platform.url()).auth().preemptive().basic(clientId, clientSecret)
                .formParam("grant_type", "client_credentials").post("/oauth2/token")
                .then().statusCode(200).body("token_type", equalTo("Bearer")).extract().path("access_token");
        Map<?, ?> claims = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                Base64.getUrlDecoder().decode(appToken.split("\\.")[1]), Map.class);
        assertThat(claims.get("application")).isEqualTo(application);
        String kid = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Base64.getUrlDecoder().decode(appToken.split("\\.")[0])).path("kid").asText();
        assertThat(given().baseUri(platform.url()).get("/oauth2/jwks").jsonPath().getList("keys.kid")).contains(kid);

        List<String> history = authorized().get("/api/v1/apis/" + openApi + "/history").jsonPath().getList("items.type");
        assertThat(history).containsSubsequence("ApiCreated", "ApiRevisionCreated", "ApiRevisionDeployed",
                "ApiLifecycleChanged");
        assertThat(authorized().get("/api/v1/applications/" + application + "/history").jsonPath()
                .getList("items.type", String.class)).contains("ApplicationCreated", "ApiKeyIssued", "OAuthClientRegistered");

        // export: the stored definition, in either syntax
        String yaml = authorized().get("/api/v1/apis/" + openApi + "/definition?format=yaml")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("yaml")).extract().asString();
        assertThat(yaml).contains("openapi: 3.1.0");

        // a multi-file document: the root and the files its relative $refs name, as multipart parts
        Path multi = Path.of(System.getProperty("weir.repo", "../..")).resolve("control-plane/src/test/resources/definitions/multi");
        String bundled = given().baseUri(platform.url()).auth().oauth2(adminToken)
                .multiPart("file", "openapi.yaml", Files.readAllBytes(multi.resolve("openapi.yaml")), "application/yaml")
                .multiPart("file", "common.yaml", Files.readAllBytes(multi.resolve("common.yaml")), "application/yaml")
                .multiPart("file", "schemas/user.yaml", Files.readAllBytes(multi.resolve("schemas/user.yaml")), "application/yaml")
                .multiPart("file", "schemas/address.yaml", Files.readAllBytes(multi.resolve("schemas/address.yaml")),
                        "application/yaml")
                .multiPart("root", "openapi.yaml")
                .queryParam("context", "/multi-e2e").queryParam("tiers", "Gold")
                .post("/api/v1/apis/import").then().statusCode(201).extract().path("apiId");
        assertThat(authorized().get("/api/v1/apis/" + bundled + "/definition?format=json").asString())
                .doesNotContain("./schemas/user.yaml");

        // nothing secret travels in clear: not the key, not the client secret, not the admin password
        TopicScan scan = new TopicScan(platform.bootstrapServers);
        List<String> topics = Topics.ALL.stream().map(TopicNaming.defaults()::name).toList();
        assertThat(scan.topicsContaining(topics, apiKey)).isEmpty();
        assertThat(scan.topicsContaining(topics, clientSecret)).isEmpty();
        assertThat(scan.topicsContaining(topics, platform.adminCredentials().getProperty("password"))).isEmpty();
        List<Path> privateKeys = Files.list(platform.home.resolve("control-plane-keys"))
                .filter(p -> p.toString().endsWith(".key.pem")).toList();
        assertThat(privateKeys).isNotEmpty();
        for (Path pem : Files.list(platform.home.resolve("control-plane-keys")).filter(p -> p.toString().endsWith(".key.pem")).toList()) {
            String body = Files.readString(pem).lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
            assertThat(scan.topicsContaining(topics, body)).as("private key " + pem.getFileName()).isEmpty();
        }
        assertThat(scan.topicsContaining(topics, key.getString("prefix"))).as("the scan does see what is there")
                .isNotEmpty();
    }

    private String importDocument(String fixture, String contentType, String context) throws Exception {
        Path file = Path.of(System.getProperty("weir.repo", "../..")).resolve(
                "control-plane/src/test/resources/definitions/valid").resolve(fixture);
        return authorized().contentType(contentType).body(Files.readAllBytes(file))
                .queryParam("context", context).queryParam("tiers", "Gold,Unlimited")
                .post("/api/v1/apis/import").then().statusCode(201).body("apiId", notNullValue())
                .extract().jsonPath().getString("apiId");
    }

    static io.restassured.specification.RequestSpecification authorized() {
        return given().baseUri(platform.url()).auth().oauth2(adminToken).contentType(ContentType.JSON);
    }

    private static String passwordToken(String username, String password) {
        var response = given().baseUri(platform.url()).formParam("grant_type", "password")
                .formParam("username", username).formParam("password", password).post("/oauth2/token");
        return response.statusCode() == 200 ? response.jsonPath().getString("access_token") : null;
    }
}
