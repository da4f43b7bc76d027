package io.weir.e2e.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.weir.e2e.AdminSession;
import io.weir.e2e.GatewayNode;
import io.weir.e2e.Platform;
import io.weir.e2e.browser.BrowserPage;
import io.weir.harness.app.QuarkusApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WebSocket on a Kafka-topic STREAM API through a packaged gateway node, with a browser's WebSocket
 * and with Java's: the browser subscribes to a channel and receives the records produced to its
 * topic, and publishes on another channel, whose record lands on its topic carrying the
 * application's id; a handshake without credentials is refused; a subscriber on a 5-messages-per-minute
 * tier is stopped at its limit with close code 1008.
 */
class WebSocketBrowserScenarioIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static Platform platform;
    private static StreamApi api;
    private static QuarkusApp node;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
        api = StreamApi.publish(platform, AdminSession.signIn(platform), "/orders-ws-e2e");
        node = GatewayNode.start(platform, "production", "ws-a");
        Awaitility.await().alias("the API is served").atMost(WAIT).ignoreExceptions().until(() ->
                HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        URI.create(node.url() + api.basePath + "/asyncapi")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void aBrowserSubscribesAndPublishesOverAWebSocket() throws Exception {
        assumeThat(BrowserPage.available()).as("Debian chromium is installed (.ci/run installs it)").isTrue();
        String marker = UUID.randomUUID().toString();
        String script = """
                const ws = new WebSocket('%s');
                ws.onopen = () => {
                  ws.send(JSON.stringify({type: 'subscribe', channel: 'orders'}));
                  ws.send(JSON.stringify({type: 'publish', channel: 'commands', key: 'c1', payload: {ship: '%s'}}));
                  report({open: true});
                };
                ws.onmessage = e => report(JSON.parse(e.data));
                ws.onclose = e => report({closed: e.code, reason: e.reason});
                """.formatted(node.url().replace("http://", "ws://") + api.basePath + "?apiKey=" + api.apiKey, marker);
        try (BrowserPage page = new BrowserPage(script).open(); OrderProducer orders = new OrderProducer(platform);
             KafkaConsumer<String, String> commands = consumer()) {
            Awaitility.await().alias("the WebSocket is open").atMost(WAIT).until(() ->
                    page.reports().stream().anyMatch(r -> r.contains("\"open\":true")));
            List<ConsumerRecord<String, String>> published = new ArrayList<>();
            Awaitility.await().alias("the published command is on its topic").atMost(WAIT).until(() -> {
                commands.poll(Duration.ofMillis(200)).forEach(published::add);
                return published.stream().anyMatch(r -> r.value().contains(marker));
            });
            ConsumerRecord<String, String> command = published.stream().filter(r -> r.value().contains(marker)).findFirst().orElseThrow();
            Header application = command.headers().lastHeader("weir-application");
            assertThat(application).isNotNull();
            assertThat(new String(application.value(), StandardCharsets.UTF_8)).isEqualTo(api.applicationId);

            // subscribed: records produced from now on reach the browser
            Awaitility.await().alias("the subscription is live").atMost(WAIT).until(() -> {
                orders.send(0, 0);
                return page.reports().stream().anyMatch(r -> r.contains("\"message\"") && r.contains("orders"));
            });
            orders.send(1000, 1009);
            Awaitility.await().alias("ten orders reached the browser").atMost(WAIT).until(() ->
                    java.util.stream.IntStream.rangeClosed(1000, 1009).allMatch(n ->
                            page.reports().stream().anyMatch(r -> r.contains("\"message\"") && r.matches(".*\\\\?\"n\\\\?\"\\s*:\\s*" + n + "\\D.*"))));
        }
    }

    @Test
    void aHandshakeWithoutCredentialsIsRefused() {
        CompletableFuture<WebSocket> handshake = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(node.url().replace("http://", "ws://") + api.basePath), new WebSocket.Listener() { });
        assertThat(handshake).failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
                .havingRootCause().satisfies(cause -> assertThat(cause.toString()).contains("401"));
    }

    @Test
    void aSubscriberOverItsMessageTierIsClosedWith1008() throws Exception {
        List<String> messages = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                URI.create(node.url().replace("http://", "ws://") + api.basePath + "?apiKey=" + api.limitedApiKey),
                new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            messages.add(text.toString());
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"subscribe\",\"channel\":\"orders\"}", true).get(10, TimeUnit.SECONDS);
        try (OrderProducer orders = new OrderProducer(platform)) {
            Awaitility.await().alias("the limited subscriber is closed at its limit").atMost(WAIT).until(() -> {
                orders.send(2000, 2000);
                return closed.isDone();
            });
        }
        assertThat(closed.get()).isEqualTo(1008);
        long delivered = messages.stream().filter(m -> m.contains("\"message\"")).count();
        assertThat(delivered).as("messages delivered before the close").isLessThanOrEqualTo(StreamApi.LIMITED_MESSAGES);
    }

    private static KafkaConsumer<String, String> consumer() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        consumer.subscribe(List.of(StreamApi.COMMANDS_TOPIC));
        return consumer;
    }
}
