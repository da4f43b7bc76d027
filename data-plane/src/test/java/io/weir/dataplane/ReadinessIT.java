package io.weir.dataplane;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.weir.harness.SharedComponents;
import io.weir.dataplane.testing.NodeMeters;
import io.weir.harness.app.QuarkusApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private static final int MAX_CONNECTIONS = 100;
    private static QuarkusApp node;

    @BeforeAll
    static void start() {
        node = QuarkusApp.builder("data-plane-readiness", Path.of("target/quarkus-app/quarkus-run.jar"))
                .systemProperty("kafka.bootstrap.servers", SharedComponents.kafka().bootstrapServers())
                .systemProperty("weir.gateway.node-id", "readiness-node")
                // a Quarkus limit the node's own listener must honour, set below its default of 20K
                .systemProperty("quarkus.http.limits.max-header-size", "2K")
                // and one Quarkus enforces in its own server's connection handler, not in the options
                .systemProperty("quarkus.http.limits.max-connections", Integer.toString(MAX_CONNECTIONS))
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

    @Test
    void servesWithTwoEventLoopsPerCore() throws IOException {
        Awaitility.await().alias("the node answers").atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .untilAsserted(() -> given().baseUri(node.url()).when().get("/q/health/live").then().statusCode(200));
        // EventLoopsDefault, where Quarkus alone would give max(2, min(heap MB / 10, cores))
        assertThat(java.nio.file.Files.readString(node.logFile())).contains("Weir gateway listening on")
                .contains("(" + 2 * Runtime.getRuntime().availableProcessors() + " event loops)");
    }

    @Test
    void requestsTheDecoderCannotReadGetProblemsAndAreCounted() throws Exception {
        Awaitility.await().alias("the node answers").atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .untilAsserted(() -> given().baseUri(node.url()).when().get("/q/health/live").then().statusCode(200));
        double before = refusedClientErrors();
        assertThat(raw("GET /no-such-api/1.0.0/items HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(1_000)
                + "\r\nConnection: close\r\n\r\n"))
                .as("headers within quarkus.http.limits.max-header-size reach the gateway").startsWith("HTTP/1.1 404");
        String headers = raw("GET /no-such-api/1.0.0/items HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(3_000) + "\r\n\r\n");
        assertThat(headers).as("beyond the configured 2K, not the default 20K").startsWith("HTTP/1.1 431")
                .contains("application/problem+json").contains("\"headers-too-large\"").containsIgnoringCase("connection: close");
        String line = raw("GET /no-such-api/1.0.0/" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        // the line was never parsed, so Netty answers as HTTP/1.0
        assertThat(line).matches("(?s)HTTP/1\\.[01] 414 .*").contains("application/problem+json").contains("\"request-line-too-long\"");
        String garbage = raw("GET /no-such-api/1.0.0/items HTTP/1.1\r\nHost: x\r\nBad Header Name: y\r\n\r\n");
        assertThat(garbage).matches("(?s)HTTP/1\\.[01] 400 .*").contains("application/problem+json").contains("\"request-malformed\"");
        // each was answered and counted like any refused request (a 4xx), and recorded
        Awaitility.await().alias("the three refusals and the 404 counted").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(refusedClientErrors()).isEqualTo(before + 4));
    }

    @Test
    void connectionsBeyondTheLimitAreClosedOnArrivalAndCounted() throws Exception {
        Awaitility.await().alias("the node answers").atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .untilAsserted(() -> given().baseUri(node.url()).when().get("/q/health/live").then().statusCode(200));
        double rejectedBefore = NodeMeters.of(node.url()).sum("weir_gateway_connections_rejected_total");
        List<Socket> held = new ArrayList<>();
        try {
            Socket refused = null;
            // the other tests' clients may hold a few connections open: at most MAX_CONNECTIONS are admitted in all
            for (int i = 0; i <= MAX_CONNECTIONS && refused == null; i++) {
                Socket socket = new Socket("127.0.0.1", node.port());
                socket.setSoTimeout(10_000);
                held.add(socket);
                if (!answered(socket)) {
                    refused = socket;
                }
            }
            assertThat(refused).as("a connection beyond quarkus.http.limits.max-connections is closed unanswered").isNotNull();
            // (the other tests' HTTP clients keep about a dozen open here: 89 were admitted in two runs)
            assertThat(held.size() - 1).as("connections admitted before it: the configured limit, not another")
                    .isBetween(MAX_CONNECTIONS / 2, MAX_CONNECTIONS);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        Awaitility.await().alias("closed connections leave room, and the refusal was counted").atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(NodeMeters.of(node.url()).sum("weir_gateway_connections_rejected_total")).isEqualTo(rejectedBefore + 1);
                    assertThat(NodeMeters.of(node.url()).sum("weir_gateway_connections_open")).isLessThan(MAX_CONNECTIONS / 2.0);
                });
    }

    /** A keep-alive request on {@code socket}: whether an answer came, the connection left open. */
    private static boolean answered(Socket socket) throws IOException {
        try {
            socket.getOutputStream().write("GET /q/health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            byte[] status = new byte[12];
            int read = socket.getInputStream().readNBytes(status, 0, status.length);
            return read == status.length && new String(status, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200");
        } catch (SocketException reset) {
            return false;
        }
    }

    private static double refusedClientErrors() {
        return NodeMeters.of(node.url()).sum("weir_gateway_requests_total", "status=\"4xx\"");
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
