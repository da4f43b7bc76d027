package io.weir.dataplane.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.schema.catalogue.Topics;
import io.weir.schema.gateway.CredentialKeys;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.invocation.MessageDirection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WS APIs through a packaged node on a real broker: a Java WebSocket client, the node, and a Vert.x
 * WebSocket backend. Frames of every kind go both ways as they were sent, close codes pass through,
 * refusals happen before any upgrade, and the limits close with 1009 / 1008.
 */
class WebSocketRelayIT {

    private static RelayNode relay;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        relay = RelayNode.get();
    }

    @Test
    void relaysTextBinaryFragmentsAndPingsBothWaysAndTheClientsClose() {
        String id = UUID.randomUUID().toString();
        WebSocketClientRecorder client = new WebSocketClientRecorder();
        WebSocket ws = connect("/chat/1/rooms/42?apikey=" + RelayNode.KEY + "&lang=en", id, client);

        ws.sendText("hello", true).join();
        ws.sendBinary(ByteBuffer.wrap(new byte[]{1, 2, 3}), true).join();
        ws.sendText("frag-", false).join();
        ws.sendText("ment", true).join();
        ws.sendPing(ByteBuffer.wrap("p1".getBytes(StandardCharsets.UTF_8))).join();
        ws.sendText("ping-me", true).join();

        Awaitility.await().alias("echoes, the pong and the backend's ping reached the client").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(client.received).contains("text:hello", "binary:010203", "text+:frag-",
                        "text:ment", "pong:p1", "ping:hb"));
        assertThat(client.texts()).containsSubsequence("hello", "frag-ment");
        RelayBackend.Seen backend = relay.backend.seen.get(id);
        assertThat(backend.uri).as("channel path under the backend's base, query without the API key")
                .isEqualTo("/backend/rooms/42?lang=en");
        assertThat(backend.headers.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(backend.headers.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(backend.headers.contains("apikey")).isFalse();
        assertThat(backend.frames).as("the fragmented message reached the backend in its two frames, and the ping")
                .containsSubsequence("TEXT+:5", "CONTINUATION:4").contains("PING:2", "BINARY:3");

        ws.sendClose(4002, "client bye").join();
        Awaitility.await().alias("the client's close reached the backend").atMost(Duration.ofSeconds(10))
                .until(() -> backend.closed);
        assertThat(backend.closeCode).isEqualTo((short) 4002);
        assertThat(backend.closeReason).isEqualTo("client bye");
    }

    @Test
    void theBackendsCloseCodeReachesTheClient() {
        String id = UUID.randomUUID().toString();
        WebSocketClientRecorder client = new WebSocketClientRecorder();
        WebSocket ws = connect("/chat/1/rooms/7?apikey=" + RelayNode.KEY, id, client);
        ws.sendText("close-me", true).join();
        Awaitility.await().alias("the backend's close reached the client").atMost(Duration.ofSeconds(10))
                .until(() -> client.closeCode != null);
        assertThat(client.closeCode).isEqualTo(4001);
        assertThat(client.closeReason).isEqualTo("app says bye");
    }

    @Test
    void refusalsArePlainHttpProblemsBeforeAnyUpgrade() throws Exception {
        String id = UUID.randomUUID().toString();
        assertHandshakeRefused("/chat/1/rooms/1", id, 401, "credentials-missing");
        assertHandshakeRefused("/chat/1/rooms/1?apikey=wrong", id, 401, "api-key-invalid");
        assertHandshakeRefused("/chat/1/nowhere?apikey=" + RelayNode.KEY, id, 404, "resource-not-found");
        assertHandshakeRefused("/tiny/1/x?apikey=" + RelayNode.KEY, id, 403, "not-subscribed");
        assertHandshakeRefused("/down/1/x?apikey=" + RelayNode.KEY, id, 502, "backend-unreachable");
        assertHandshakeRefused("/slow/1/x?apikey=" + RelayNode.KEY, id, 504, "backend-timeout");
        String refusedByBackend = UUID.randomUUID().toString();
        assertHandshakeRefused("/chat/1/refuse?apikey=" + RelayNode.KEY, refusedByBackend, 502, "backend-refused");
        assertThat(relay.backend.seen).as("the backend saw the handshake it refused").containsKey(refusedByBackend);
        assertThat(relay.backend.seen).as("no refused handshake reached the backend").doesNotContainKey(id);

        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create(relay.node.url() + "/chat/1/rooms/1?apikey="
                + RelayNode.KEY)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(426);
        assertThat(plain.headers().firstValue("Upgrade")).hasValue("websocket");
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(plain.body()).contains("\"code\":\"upgrade-required\"");
    }

    @Test
    void aMessageOverTheApisLimitIsClosedWith1009() {
        WebSocketClientRecorder whole = new WebSocketClientRecorder();
        String wholeId = UUID.randomUUID().toString();
        WebSocket ws = connect("/chat/1/rooms/1?apikey=" + RelayNode.KEY, wholeId, whole);
        ws.sendText("x".repeat(RelayNode.CHAT_MAX_MESSAGE_BYTES), true).join();
        Awaitility.await().alias("the message at the limit went through").atMost(Duration.ofSeconds(10))
                .until(() -> whole.texts().size() == 1);
        ws.sendText("y".repeat(RelayNode.CHAT_MAX_MESSAGE_BYTES + 1), true).join();
        Awaitility.await().alias("closed for the oversized message").atMost(Duration.ofSeconds(10))
                .until(() -> whole.closeCode != null);
        assertThat(whole.closeCode).isEqualTo(1009);
        assertThat(whole.texts()).as("the message at the limit went through").containsExactly("x".repeat(RelayNode.CHAT_MAX_MESSAGE_BYTES));
        Awaitility.await().alias("the backend was let go").atMost(Duration.ofSeconds(10))
                .until(() -> relay.backend.seen.get(wholeId).closed);
        assertThat(relay.backend.seen.get(wholeId).closeCode).isEqualTo((short) 1001);

        WebSocketClientRecorder fragments = new WebSocketClientRecorder();
        WebSocket fragmented = connect("/chat/1/rooms/1?apikey=" + RelayNode.KEY, UUID.randomUUID().toString(), fragments);
        fragmented.sendText("a".repeat(600), false).join();
        fragmented.sendText("b".repeat(600), true);
        Awaitility.await().alias("closed for the oversized fragmented message").atMost(Duration.ofSeconds(10))
                .until(() -> fragments.closeCode != null);
        assertThat(fragments.closeCode).isEqualTo(1009);
    }

    @Test
    void messagesBothWaysCountOnTheSubscriptionTierAndCloseWith1008AtTheLimit() throws Exception {
        String id = UUID.randomUUID().toString();
        double throttledClosesBefore = wsCloses1008(); // other tests close with 1008 too (revocations)
        WebSocketClientRecorder client = new WebSocketClientRecorder();
        WebSocket ws = connect("/tiny/1/x?apikey=" + RelayNode.TINY_KEY, id, client);
        // limit 10: the handshake is 1, each echoed message 2 (in and out): m1..m4 come back (9),
        // m5 goes in (10) and its echo is one over
        for (int i = 1; i <= 5; i++) {
            String message = "m" + i;
            ws.sendText(message, true).join();
            if (i < 5) {
                Awaitility.await().alias("echo of " + message).atMost(Duration.ofSeconds(10))
                        .until(() -> client.texts().contains(message));
            }
        }
        Awaitility.await().alias("closed as throttled").atMost(Duration.ofSeconds(10)).until(() -> client.closeCode != null);
        assertThat(client.closeCode).isEqualTo(1008);
        assertThat(client.closeReason).isEqualTo("throttled");
        assertThat(client.texts()).containsExactly("m1", "m2", "m3", "m4");
        assertThat(relay.backend.seen.get(id).frames).as("m5 reached the backend, nothing after")
                .filteredOn(f -> f.startsWith("TEXT")).hasSize(5);

        List<Invocation> records = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, InvocationBatch> consumer = relay.invocations()) {
            Awaitility.await().alias("the connection's records").atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> r.value().getInvocations().forEach(i -> {
                            if (id.equals(i.getCorrelationId())) {
                                records.add(i);
                            }
                        }));
                        return records.stream().anyMatch(r -> r.getKind() == InvocationKind.CONNECTION_CLOSED);
                    });
        }
        assertThat(records).allMatch(r -> r.getApiId().equals("tiny") && r.getProtocol().name().equals("WS"));
        assertThat(sum(records, InvocationKind.CONNECTION_OPENED, null)).isEqualTo(1);
        assertThat(sum(records, InvocationKind.MESSAGE, MessageDirection.INBOUND)).isEqualTo(5);
        assertThat(sum(records, InvocationKind.MESSAGE, MessageDirection.OUTBOUND)).isEqualTo(4);
        assertThat(records.stream().filter(r -> !r.getThrottleKeys().isEmpty()).mapToInt(Invocation::getMessageCount).sum())
                .as("what the throttling processor will count: exactly the limit").isEqualTo(RelayNode.TINY_LIMIT);
        Invocation closed = records.stream().filter(r -> r.getKind() == InvocationKind.CONNECTION_CLOSED).findFirst().orElseThrow();
        assertThat(closed.getStatusCode()).isEqualTo(1008);
        assertThat(closed.getErrorCode()).isEqualTo("throttled");
        assertThat(closed.getRequestBytes()).isEqualTo(10); // m1..m5
        assertThat(closed.getResponseBytes()).isEqualTo(8); // m1..m4

        assertHandshakeRefused("/tiny/1/x?apikey=" + RelayNode.TINY_KEY, UUID.randomUUID().toString(), 429, "throttled-quota");
        String metrics = http.send(HttpRequest.newBuilder(URI.create(relay.node.url() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(wsCloses1008()).isEqualTo(throttledClosesBefore + 1);
        assertThat(metrics).contains("weir_gateway_relay_messages_total{direction=\"inbound\",protocol=\"ws\"}")
                .contains("weir_gateway_relay_connections{protocol=\"sse\"}");
    }

    @Test
    void aBurstComesBackCompleteAndInOrder() {
        int messages = 20_000;
        WebSocketClientRecorder client = new WebSocketClientRecorder();
        WebSocket ws = connect("/chat/1/rooms/burst?apikey=" + RelayNode.KEY, UUID.randomUUID().toString(), client);
        String padding = "p".repeat(90);
        long started = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            ws.sendText(i + ":" + padding, true).join();
        }
        Awaitility.await().alias("every echo came back").atMost(Duration.ofSeconds(120))
                .until(() -> client.received.size() >= messages);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<String> texts = client.texts();
        for (int i = 0; i < messages; i++) {
            assertThat(texts.get(i)).startsWith(i + ":");
        }
        System.out.printf("WS relay: %d messages of ~100 bytes echoed through the node in %.2f s (%.0f round trips/s, "
                + "%.0f relayed messages/s both directions)%n", messages, seconds, messages / seconds, 2 * messages / seconds);
        ws.sendClose(1000, "done").join();
    }

    @Test
    void aRevokedKeyClosesItsOpenRelayedWebSocketWith1008() throws Exception {
        String id = UUID.randomUUID().toString();
        WebSocketClientRecorder client = new WebSocketClientRecorder();
        WebSocket ws = connect("/chat/1/rooms/revoked?apikey=" + RelayNode.REVOKED_KEY, id, client);
        ws.sendText("still here", true).join();
        Awaitility.await().alias("the echo").atMost(Duration.ofSeconds(10)).until(() -> client.texts().contains("still here"));

        relay.write(Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(RelayNode.REVOKED_KEY), null);
        long revoked = System.nanoTime();
        Awaitility.await().alias("closed with 1008 credential-revoked").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> client.closeCode != null);
        System.out.printf("relayed WebSocket closed %d ms after the credential's tombstone was written%n",
                (System.nanoTime() - revoked) / 1_000_000);
        assertThat(client.closeCode).isEqualTo(1008);
        assertThat(client.closeReason).isEqualTo("credential-revoked");
        RelayBackend.Seen backend = relay.backend.seen.get(id);
        Awaitility.await().alias("the backend was told").atMost(Duration.ofSeconds(10)).until(() -> backend.closed);
        assertThat(backend.closeCode).isEqualTo((short) 1001);

        Invocation closed = relay.closedRecord(id);
        assertThat(closed.getStatusCode()).isEqualTo(1008);
        assertThat(closed.getErrorCode()).isEqualTo("credential-revoked");
        assertThat(closed.getApplicationId()).isEqualTo("app-revoked");
        String metrics = http.send(HttpRequest.newBuilder(URI.create(relay.node.url() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("weir_gateway_connections_revoked_total{code=\"credential-revoked\"}")
                .contains("weir_gateway_connections_guarded ");
        assertHandshakeRefused("/chat/1/rooms/revoked?apikey=" + RelayNode.REVOKED_KEY, UUID.randomUUID().toString(), 401,
                "api-key-invalid");
    }

    /** weir_gateway_relay_closes_total for WebSocket 1008 closes, 0 before the first. */
    private double wsCloses1008() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(relay.node.url() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String series = "weir_gateway_relay_closes_total{code=\"1008\",protocol=\"ws\"} ";
        return metrics.lines().filter(l -> l.startsWith(series)).mapToDouble(l -> Double.parseDouble(l.substring(series.length())))
                .findFirst().orElse(0);
    }

    private static int sum(List<Invocation> records, InvocationKind kind, MessageDirection direction) {
        return records.stream().filter(r -> r.getKind() == kind && (direction == null || r.getDirection() == direction))
                .mapToInt(Invocation::getMessageCount).sum();
    }

    private WebSocket connect(String pathAndQuery, String requestId, WebSocketClientRecorder listener) {
        return http.newWebSocketBuilder().header("X-Request-ID", requestId).connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(relay.wsUrl(pathAndQuery)), listener).join();
    }

    private void assertHandshakeRefused(String pathAndQuery, String requestId, int status, String code) {
        assertThatThrownBy(() -> connect(pathAndQuery, requestId, new WebSocketClientRecorder()))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
                    assertThat(e.getResponse().statusCode()).as(pathAndQuery).isEqualTo(status);
                    Object body = e.getResponse().body();
                    assertThat(body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(body))
                            .contains("\"code\":\"" + code + "\"");
                });
    }
}
