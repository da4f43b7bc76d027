package io.weir.dataplane;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.weir.harness.SharedComponents;
import io.weir.harness.app.QuarkusApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged app starts against a real broker and reports itself ready once it has read the gateway
 * topics (readiness waits for that: it is not immediate), and live; its one port serves the management
 * endpoints under {@code /q/} (through Quarkus' router) and everything else as the gateway (through its
 * own listener). No registry here on purpose: the node's serializers would auto-register schemas with
 * references ahead of PlatformBootstrap in the shared registry, which the other ITs of this JVM then trip
 * over.
 */
class ReadinessIT {

    private static QuarkusApp node;

    @BeforeAll
    static void start() {
        node = QuarkusApp.builder("data-plane-readiness", Path.of("target/quarkus-app/quarkus-run.jar"))
                .systemProperty("kafka.bootstrap.servers", SharedComponents.kafka().bootstrapServers())
                .systemProperty("weir.gateway.node-id", "readiness-node")
                .start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void packagedAppIsReadyAgainstARealBroker() {
        Awaitility.await().alias("the node caught up with the gateway topics").atMost(Duration.ofSeconds(90))
                .ignoreExceptions()
                .untilAsserted(() -> given().baseUri(node.url()).when().get("/q/health/ready").then().statusCode(200)
                        .body("status", equalTo("UP")));
        given().baseUri(node.url()).when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetrics() {
        Awaitility.await().alias("the node answers").atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .untilAsserted(() -> given().baseUri(node.url()).when().get("/q/metrics").then().statusCode(200));
        assertThat(given().baseUri(node.url()).when().get("/q/metrics").asString()).contains("weir_gateway_");
    }

    @Test
    void everythingElseOnThePortIsTheGateways() throws Exception {
        Awaitility.await().alias("the node answers").atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .untilAsserted(() -> given().baseUri(node.url()).when().get("/no-such-api/1.0.0/items").then().statusCode(404)
                        .contentType("application/problem+json").body("code", equalTo("api-not-found")));
        // what Quarkus' server refused with a bare 400, the gateway refuses with a problem
        String answer = raw("GET /no-such-api/1.0.0/items?q=a|b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json").contains("\"uri-invalid\"");
        assertThat(raw("GET /q HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .as("only /q/ is the management endpoints'").startsWith("HTTP/1.1 404").contains("\"api-not-found\"");
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
