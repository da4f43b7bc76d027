package io.weir.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;
import io.weir.harness.app.QuarkusApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The REST gateway end to end, through packaged edge nodes (two in production, one in sandbox) and
 * a recording backend: an API imported from an OpenAPI document, deployed and published; calls with
 * an API key and with an OAuth token; bad input that must never reach the backend; a revoked key,
 * a blocked subscription, a 10 requests/minute tier across two nodes, an undeployment from one
 * environment, and the gateway serving on while the stream processors are down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayScenarioIT {

    private static Platform platform;
    private static AdminSession admin;
    private static RecordingBackend backend;
    private static QuarkusApp productionA;
    private static QuarkusApp productionB;
    private static QuarkusApp sandbox;
    private static String apiId;
    private static String applicationId;
    private static String apiKey;
    private static String apiKeyId;
    private static String clientId;
    private static String clientSecret;

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.get();
        admin = AdminSession.signIn(platform);
        backend = new RecordingBackend();
        productionA = GatewayNode.start(platform, "production", "prod-a");
        productionB = GatewayNode.start(platform, "production", "prod-b");
        sandbox = GatewayNode.start(platform, "sandbox", "sandbox-a");

        admin.request().body(Map.of("name", "TenPerMinE2E", "level", "SUBSCRIPTION", "description", "10 per minute",
                        "limits", Map.of("quotaKind", "REQUEST_COUNT", "limit", 10, "unitMillis", 60_000,
                                "stopOnQuotaReach", true)))
                .post("/api/v1/policies").then().statusCode(201);
        Path document = Path.of(GatewayScenarioIT.class.getResource("/gateway/items-openapi.yaml").toURI());
        apiId = admin.request().contentType("application/yaml").body(Files.readAllBytes(document))
                .queryParam("context", "/items-e2e").queryParam("tiers", "Unlimited,TenPerMinE2E")
                .queryParam("endpoint", backend.url("/backend"))
                .post("/api/v1/apis/import").then().statusCode(201).extract().path("apiId");
        admin.request().body(Map.of("description", "first")).post("/api/v1/apis/" + apiId + "/revisions").then().statusCode(201);
        admin.request().body(Map.of("environments", List.of("production", "sandbox")))
                .post("/api/v1/apis/" + apiId + "/revisions/1/deployments").then().statusCode(200);
        admin.request().body(Map.of("targetStatus", "PUBLISHED")).post("/api/v1/apis/" + apiId + "/lifecycle").then().statusCode(200);

        applicationId = admin.request().body(Map.of("name", "gateway-e2e", "tier", "Unlimited"))
                .post("/api/v1/applications").then().statusCode(201).extract().path("applicationId");
        admin.request().body(Map.of("applicationId", applicationId, "apiId", apiId, "tier", "Unlimited"))
                .post("/api/v1/subscriptions").then().statusCode(201);
        var key = admin.request().body(Map.of()).post("/api/v1/applications/" + applicationId + "/api-keys")
                .then().statusCode(201).extract().jsonPath();
        apiKey = key.getString("apiKey");
        apiKeyId = key.getString("keyId");
        var client = admin.request().body(Map.of()).post("/api/v1/applications/" + applicationId + "/oauth-clients")
                .then().statusCode(201).extract().jsonPath();
        clientId = client.getString("clientId");
        clientSecret = client.getString("clientSecret");
        for (QuarkusApp node : List.of(productionA, productionB, sandbox)) {
            Awaitility.await().alias("the API and the key reached " + node).atMost(Duration.ofSeconds(30))
                    .until(() -> call(node).header("apikey", apiKey).get("/items-e2e/1.0.0/items").statusCode() == 200);
        }
    }

    @AfterAll
    static void stop() {
        for (QuarkusApp node : new QuarkusApp[] {productionA, productionB, sandbox}) {
            if (node != null) {
                node.stop();
            }
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    @Order(1)
    void callsWithAnApiKeyAndWithAnOAuthTokenReachTheBackend() {
        int before = backend.count();
        call(productionA).header("apikey", apiKey).header("X-Request-ID", "e2e-1").queryParam("q", "x")
                .get("/items-e2e/1.0.0/items/42").then().statusCode(200).body("path", equalTo("/backend/items/42"));
        RecordingBackend.Received received = backend.received().get(before);
        assertThat(received.pathAndQuery()).isEqualTo("/backend/items/42?q=x");
        assertThat(received.headers()).doesNotContainKey("Apikey").containsKey("X-forwarded-for");
        assertThat(received.headers().get("X-request-id")).containsExactly("e2e-1");

        String token = given().baseUri(platform.url()).auth().preemptive().basic(clientId, clientSecret)
                .formParam("grant_type", "client_credentials").post("/oauth2/token").then().statusCode(200)
                .extract().path("access_token");
        call(productionB).auth().oauth2(token).contentType("application/json").body("{\"name\":\"pen\"}")
                .post("/items-e2e/1.0.0/items").then().statusCode(200);
        assertThat(backend.received().get(backend.count() - 1).headers()).doesNotContainKey("Authorization");
        // an anonymous resource needs nothing
        call(productionA).get("/items-e2e/1.0.0/status").then().statusCode(200);
    }

    @Test
    @Order(2)
    void badInputIsRefusedWithTheRightStatusAndNeverForwarded() throws Exception {
        int before = backend.count();
        // announced as larger than the limit: refused before a byte of the body is read
        assertThat(RawHttp.statusOf(productionA, "POST /items-e2e/1.0.0/items HTTP/1.1\r\nHost: x\r\napikey: " + apiKey
                + "\r\nContent-Type: application/json\r\nContent-Length: " + (11 * 1024 * 1024) + "\r\n\r\n{"))
                .as("an oversized body").isEqualTo(413);
        problem(call(productionA).header("apikey", apiKey).get("/items-e2e/1.0.0/items/../../admin"), 400, "path-invalid");
        problem(call(productionA).header("apikey", apiKey).get("/items-e2e/1.0.0/items/%2e%2e/%2e%2e/admin"), 400, "path-invalid");
        assertThat(RawHttp.refusalOf(productionA, "GET /items-e2e/1.0.0/items HTTP/1.1\r\nHost: x\r\napikey: " + apiKey
                + "\r\nContent-Length: abc\r\n\r\n")).as("a non-numeric Content-Length").isEqualTo("400 request-malformed");
        assertThat(RawHttp.refusalOf(productionA, "GET /items-e2e/1.0.0/items HTTP/1.1\r\nHost: x\r\napikey " + apiKey
                + "\r\n\r\n")).as("a header line without a colon").isEqualTo("400 request-malformed");
        assertThat(RawHttp.refusalOf(productionA, "GET /items-e2e/1.0.0/items HTTP/1.1\r\nHost: x\r\napikey: " + apiKey
                + "\r\nX-Padding: " + "a".repeat(21 * 1024) + "\r\n\r\n")).as("headers over 20K").isEqualTo("431 headers-too-large");
        assertThat(RawHttp.statusOf(productionA, "GET /items-e2e/1.0.0/items?q=a|b HTTP/1.1\r\nHost: x\r\napikey: " + apiKey
                + "\r\n\r\n")).as("a character no URI may hold").isEqualTo(400);
        problem(call(productionA).get("/items-e2e/1.0.0/items"), 401, "credentials-missing");
        problem(call(productionA).header("apikey", "not-a-key").get("/items-e2e/1.0.0/items"), 401, "api-key-invalid");
        problem(call(productionA).header("Authorization", "Bearer garbage.token.here").get("/items-e2e/1.0.0/items"),
                401, "token-invalid");
        problem(call(productionA).header("Authorization", "Bearer " + platformSignedToken(Instant.now().minusSeconds(3600)))
                .get("/items-e2e/1.0.0/items"), 401, "token-expired");
        problem(call(productionA).header("Authorization", "Bearer " + foreignSignedToken())
                .get("/items-e2e/1.0.0/items"), 401, "token-signature");
        problem(call(productionA).header("apikey", apiKey).delete("/items-e2e/1.0.0/items"), 405, "method-not-allowed");
        problem(call(productionA).header("apikey", apiKey).get("/items-e2e/1.0.0/owners"), 404, "resource-not-found");
        problem(call(productionA).header("apikey", apiKey).get("/nothing-here/1/items"), 404, "api-not-found");
        assertThat(backend.count()).as("nothing reached the backend").isEqualTo(before);
    }

    @Test
    @Order(3)
    void aRevokedKeyIsRefusedWithinOneSecond() {
        var other = admin.request().body(Map.of()).post("/api/v1/applications/" + applicationId + "/api-keys")
                .then().statusCode(201).extract().jsonPath();
        String doomed = other.getString("apiKey");
        Awaitility.await().alias("the new key works").atMost(Duration.ofSeconds(10))
                .until(() -> call(productionA).header("apikey", doomed).get("/items-e2e/1.0.0/items").statusCode() == 200);
        admin.request().delete("/api/v1/applications/" + applicationId + "/api-keys/" + other.getString("keyId"))
                .then().statusCode(200);
        long revoked = System.nanoTime();
        Awaitility.await().alias("the revoked key is refused on both production nodes").atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> call(productionA).header("apikey", doomed).get("/items-e2e/1.0.0/items").statusCode() == 401
                        && call(productionB).header("apikey", doomed).get("/items-e2e/1.0.0/items").statusCode() == 401);
        System.out.printf("revoked key refused after %d ms%n", (System.nanoTime() - revoked) / 1_000_000);
    }

    @Test
    @Order(4)
    void aTenPerMinuteTierHoldsAcrossTwoNodes() throws Exception {
        String app = admin.request().body(Map.of("name", "gateway-e2e-throttled", "tier", "Unlimited"))
                .post("/api/v1/applications").then().statusCode(201).extract().path("applicationId");
        admin.request().body(Map.of("applicationId", app, "apiId", apiId, "tier", "TenPerMinE2E"))
                .post("/api/v1/subscriptions").then().statusCode(201);
        String key = admin.request().body(Map.of()).post("/api/v1/applications/" + app + "/api-keys")
                .then().statusCode(201).extract().path("apiKey");
        Awaitility.await().alias("the throttled key reached both nodes").atMost(Duration.ofSeconds(10))
                .until(() -> call(productionA).header("apikey", key).get("/items-e2e/1.0.0/status").statusCode() == 200
                        && call(productionB).header("apikey", key).get("/items-e2e/1.0.0/status").statusCode() == 200);
        // each node splits its initial share by the live nodes it knows: wait until both know both
        for (QuarkusApp node : List.of(productionA, productionB)) {
            call(node).get("/q/metrics").asString().lines().filter(line -> line.contains("throttle_nodes"))
                    .forEach(line -> System.out.println(node + ": " + line));
            Awaitility.await().alias(node + " sees both production nodes").atMost(Duration.ofSeconds(30))
                    .until(() -> call(node).get("/q/metrics").asString().lines()
                            .filter(line -> line.startsWith("weir_gateway_throttle_nodes"))
                            .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                            .anyMatch(nodes -> nodes >= 2));
        }
        // the window is the calendar minute: start early in one so all calls fall in the same window
        Awaitility.await().alias("an early second of the minute").atMost(Duration.ofSeconds(70))
                .pollInterval(Duration.ofMillis(200)).until(() -> Instant.now().getEpochSecond() % 60 < 30);
        // 40 calls over 4 seconds, alternating between the nodes: far over the limit, at a pace a
        // client really sends, so the processor's grants (a few hundred ms) can follow the demand
        int admitted = 0;
        int throttled = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            long due = start + i * 100_000_000L;
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> System.nanoTime() >= due);
            Response response = call(i % 2 == 0 ? productionA : productionB).header("apikey", key).get("/items-e2e/1.0.0/items");
            if (response.statusCode() == 200) {
                admitted++;
            } else {
                problem(response, 429, "throttled-quota");
                assertThat(response.header("Retry-After")).isNotNull();
                throttled++;
            }
        }
        System.out.printf("10/min across two nodes: %d admitted, %d throttled%n", admitted, throttled);
        assertThat(admitted).as("never more than the limit, and the whole limit usable").isBetween(9, 10);
        assertThat(admitted + throttled).isEqualTo(40);
    }

    @Test
    @Order(5)
    void aBlockedSubscriptionIsForbidden() {
        String subscription = admin.request().get("/api/v1/subscriptions?applicationId=" + applicationId)
                .jsonPath().getString("items.find { it.apiId == '" + apiId + "' }.subscriptionId");
        admin.request().body(Map.of("action", "block", "scope", "ALL", "reason", "e2e"))
                .patch("/api/v1/subscriptions/" + subscription).then().statusCode(200);
        Awaitility.await().alias("the blocked subscription is refused").atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> call(productionA).header("apikey", apiKey).get("/items-e2e/1.0.0/items").statusCode() == 403);
        problem(call(productionB).header("apikey", apiKey).get("/items-e2e/1.0.0/items"), 403, "subscription-blocked");
        admin.request().body(Map.of("action", "unblock")).patch("/api/v1/subscriptions/" + subscription).then().statusCode(200);
        Awaitility.await().alias("unblocked again").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> call(productionA).header("apikey", apiKey).get("/items-e2e/1.0.0/items").statusCode() == 200);
    }

    @Test
    @Order(6)
    void undeployingFromSandboxLeavesProductionServing() {
        call(sandbox).header("apikey", apiKey).get("/items-e2e/1.0.0/items").then().statusCode(200);
        admin.request().delete("/api/v1/apis/" + apiId + "/deployments/sandbox").then().statusCode(200);
        Awaitility.await().alias("sandbox no longer serves the API").atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> call(sandbox).header("apikey", apiKey).get("/items-e2e/1.0.0/items").statusCode() == 404);
        call(productionA).header("apikey", apiKey).get("/items-e2e/1.0.0/items").then().statusCode(200);
        call(productionB).header("apikey", apiKey).get("/items-e2e/1.0.0/items").then().statusCode(200);
    }

    @Test
    @Order(7)
    void theGatewayServesOnWhileTheStreamProcessorsAreDown() {
        platform.killProcessors();
        try {
            for (int i = 0; i < 20; i++) {
                call(i % 2 == 0 ? productionA : productionB).header("apikey", apiKey).get("/items-e2e/1.0.0/items")
                        .then().statusCode(200);
            }
        } finally {
            platform.restartProcessors();
        }
    }

    private static io.restassured.specification.RequestSpecification call(QuarkusApp node) {
        return given().baseUri(node.url()).urlEncodingEnabled(false);
    }

    private static void problem(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        if (code != null) {
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.jsonPath().getString("code")).isEqualTo(code);
            assertThat(response.asString()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /** A token as the control plane would sign it, from its key on disk - but expired. */
    private static String platformSignedToken(Instant expiry) throws Exception {
        Path keys = platform.home.resolve("control-plane-keys");
        Path pem;
        try (var files = Files.list(keys)) {
            pem = files.filter(p -> p.getFileName().toString().endsWith(".key.pem")).findFirst().orElseThrow();
        }
        String kid = pem.getFileName().toString().replace(".key.pem", "");
        String base64 = Files.readString(pem).lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        PrivateKey key = java.security.KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        return sign(key, kid, expiry);
    }

    private static String foreignSignedToken() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return sign(generator.generateKeyPair().getPrivate(), "foreign", Instant.now().plusSeconds(3600));
    }

    private static String sign(PrivateKey key, String kid, Instant expiry) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("weir-control-plane");
        claims.setSubject(clientId);
        claims.setAudience("weir-gateway");
        claims.setExpirationTime(NumericDate.fromMilliseconds(expiry.toEpochMilli()));
        claims.setIssuedAt(NumericDate.fromMilliseconds(expiry.toEpochMilli() - 3_600_000));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }
}
