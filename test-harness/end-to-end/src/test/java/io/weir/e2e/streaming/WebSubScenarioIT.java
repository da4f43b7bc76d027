package io.weir.e2e.streaming;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.weir.e2e.AdminSession;
import io.weir.e2e.GatewayNode;
import io.weir.e2e.Platform;
import io.weir.harness.app.QuarkusApp;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.webhook.WebhookDelivery;
import io.weir.schema.webhook.WebhookSubscriptionIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gateway as WebSub hub for a Kafka-topic STREAM API, through two packaged production nodes
 * and subscribers that verify every signature: intent verification, signed deliveries of records
 * produced to the topic; a subscriber down for a while receives everything after it recovers (each
 * delivery id once after its own dedupe, in order per key); one that never recovers ends in the
 * dead-letter topic and is disabled; the node delivering is killed mid-stream and the other node
 * finishes the work; bad hub requests are refused and subscribe nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebSubScenarioIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Pattern ORDER = Pattern.compile("\"n\"\\s*:\\s*(\\d+)");
    private static final String DELIVERY_ID = "X-Weir-Delivery-Id";
    private static final Map<String, String> HUB_SETTINGS = Map.of(
            "weir.gateway.webhook.allow-cidrs", "127.0.0.1/32",
            "weir.gateway.webhook.max-attempts", "12",
            "weir.gateway.webhook.initial-backoff", "300ms",
            "weir.gateway.webhook.max-backoff", "1500ms",
            "weir.gateway.webhook.disable-after-failures", "2",
            "weir.gateway.webhook.delivery-timeout", "3s",
            "weir.gateway.webhook.session-timeout", "6s");

    private static Platform platform;
    private static StreamApi api;
    private static QuarkusApp nodeA;
    private static QuarkusApp nodeB;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
        api = StreamApi.publish(platform, AdminSession.signIn(platform), "/orders-websub-e2e");
        nodeA = GatewayNode.start(platform, "production", "hub-a", 0, HUB_SETTINGS);
        nodeB = GatewayNode.start(platform, "production", "hub-b", 0, HUB_SETTINGS);
        for (QuarkusApp node : List.of(nodeA, nodeB)) {
            Awaitility.await().alias("the API is served by " + node).atMost(WAIT).ignoreExceptions()
                    .until(() -> given().baseUri(node.url()).get(api.basePath + "/asyncapi").statusCode() == 200);
        }
    }

    @AfterAll
    static void stop() {
        for (QuarkusApp node : new QuarkusApp[] {nodeA, nodeB}) {
            if (node != null) {
                node.stop();
            }
        }
    }

    @Test
    @Order(1)
    void badHubRequestsAreRefusedAndSubscribeNothing() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver("s3cret", DELIVERY_ID)) {
            String callback = receiver.callback("/bad");
            problem(hub(nodeA, api.apiKey, Map.of("hub.mode", "subscribe", "hub.topic", "orders")), 400);
            problem(hub(nodeA, api.apiKey, Map.of("hub.mode", "subscribe", "hub.callback", callback)), 400);
            problem(hub(nodeA, api.apiKey, Map.of("hub.mode", "subscribe", "hub.topic", "no-such-channel", "hub.callback", callback)), 400, 404);
            problem(hub(nodeA, api.apiKey, Map.of("hub.mode", "dance", "hub.topic", "orders", "hub.callback", callback)), 400);
            problem(hub(nodeA, api.apiKey, Map.of("hub.mode", "subscribe", "hub.topic", "orders", "hub.callback", "http://10.1.2.3/cb")), 403);
            problem(hub(nodeA, api.apiKey, Map.of("hub.mode", "subscribe", "hub.topic", "orders", "hub.callback", "ftp://127.0.0.1/cb")), 400);
            problem(hub(nodeA, null, Map.of("hub.mode", "subscribe", "hub.topic", "orders", "hub.callback", callback)), 401);
            assertThat(receiver.verifications()).as("no intent verification for a refused request").isZero();
        }
    }

    @Test
    @Order(2)
    void aSubscriberDownForAWhileReceivesEveryEventAfterItRecovers() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver("s3cret-1", DELIVERY_ID); OrderProducer orders = new OrderProducer(platform)) {
            subscribe(receiver, "/recovering", "s3cret-1");
            receiver.down(true);
            orders.send(1, 20);
            Awaitility.await().alias("deliveries are refused and retried").atMost(WAIT).until(() -> receiver.refusedWhileDown() >= 3);
            receiver.down(false);
            Awaitility.await().alias("all 20 delivered after recovery").atMost(WAIT).until(() -> orderNumbers(receiver).size() >= 20);
            assertDeliveredOnceInOrderPerKey(receiver, 1, 20);
            assertThat(receiver.badSignatures()).isZero();
        }
    }

    @Test
    @Order(3)
    void aSubscriberThatNeverRecoversIsDeadLetteredAndDisabled() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver("s3cret-2", DELIVERY_ID); OrderProducer orders = new OrderProducer(platform)) {
            String subscriptionId = subscribe(receiver, "/gone", "s3cret-2");
            receiver.down(true);
            orders.send(100, 104);
            Awaitility.await().alias("deliveries are dead-lettered").atMost(WAIT).until(() ->
                    LogRead.all(platform, Topics.WEBHOOK_DELIVERIES_DEAD_LETTER).stream()
                            .filter(r -> r.value().getSubscriptionId().equals(subscriptionId)).count() >= 2);
            Awaitility.await().alias("the subscription is disabled (gone from the gateway's view)").atMost(WAIT).until(() ->
                    active(subscriptionId) == null);
            assertThat(receiver.accepted()).isEmpty();
            List<WebhookDelivery> attempts = LogRead.all(platform, Topics.WEBHOOK_DELIVERIES).stream().map(ConsumerRecord::value)
                    .filter(d -> d.getSubscriptionId().equals(subscriptionId)).toList();
            assertThat(attempts).extracting(d -> d.getOutcome().name()).contains("PENDING_RETRY", "DEAD_LETTERED");
        }
    }

    @Test
    @Order(4)
    void aNodeKilledMidDeliveryLeavesNoEventUndelivered() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver("s3cret-3", DELIVERY_ID); OrderProducer orders = new OrderProducer(platform)) {
            String subscriptionId = subscribe(receiver, "/slow", "s3cret-3");
            receiver.delay(Duration.ofMillis(250));
            orders.send(200, 239);
            Awaitility.await().alias("deliveries are under way").atMost(WAIT).until(() -> orderNumbers(receiver).size() >= 5);
            String deliveringNode = LogRead.all(platform, Topics.WEBHOOK_DELIVERIES).stream().map(ConsumerRecord::value)
                    .filter(d -> d.getSubscriptionId().equals(subscriptionId)).map(d -> d.getGatewayNode().toString())
                    .reduce((first, second) -> second).orElseThrow();
            QuarkusApp victim = deliveringNode.equals("hub-a") ? nodeA : nodeB;
            ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
            Awaitility.await().alias("every event delivered by the surviving node").atMost(WAIT)
                    .until(() -> orderNumbers(receiver).size() >= 40);
            assertDeliveredOnceInOrderPerKey(receiver, 200, 239);
            System.out.printf("WebSub node kill: %d delivered, %d redelivered duplicates dropped by the subscriber%n",
                    receiver.accepted().size(), receiver.duplicates());
        }
    }

    /** Subscribes, waits for intent verification and for the subscription to be active on the log; returns its id. */
    private static String subscribe(WebhookReceiver receiver, String path, String secret) {
        String callback = receiver.callback(path);
        Response answer = hub(nodeA, api.apiKey, Map.of("hub.mode", "subscribe", "hub.topic", "orders",
                "hub.callback", callback, "hub.secret", secret, "hub.lease_seconds", "3600"));
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(202);
        String subscriptionId = WebhookSubscriptionIds.of("production", api.apiId, "orders", callback);
        Awaitility.await().alias("intent verified").atMost(WAIT).until(() -> receiver.verifications() >= 1);
        Awaitility.await().alias("the subscription is active").atMost(WAIT).until(() -> active(subscriptionId) != null);
        return subscriptionId;
    }

    private static GatewayWebhookSubscription active(String subscriptionId) {
        GatewayWebhookSubscription last = null;
        for (ConsumerRecord<String, GatewayWebhookSubscription> record : LogRead.all(platform, Topics.GATEWAY_WEBHOOK_SUBSCRIPTIONS)) {
            if (record.key().equals(subscriptionId)) {
                last = record.value();
            }
        }
        return last;
    }

    private static Response hub(QuarkusApp node, String apiKey, Map<String, String> form) {
        var request = given().baseUri(node.url()).contentType("application/x-www-form-urlencoded");
        if (apiKey != null) {
            request.header("apikey", apiKey);
        }
        form.forEach(request::formParam);
        return request.post(api.basePath + "/hub");
    }

    private static void problem(Response response, Integer... statuses) {
        assertThat(response.statusCode()).as(response.asString()).isIn((Object[]) statuses);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private static List<Integer> orderNumbers(WebhookReceiver receiver) {
        List<Integer> numbers = new ArrayList<>();
        for (WebhookReceiver.Delivery delivery : receiver.accepted()) {
            Matcher matcher = ORDER.matcher(delivery.body());
            if (matcher.find()) {
                numbers.add(Integer.parseInt(matcher.group(1)));
            }
        }
        return numbers;
    }

    private static void assertDeliveredOnceInOrderPerKey(WebhookReceiver receiver, int from, int to) {
        List<Integer> numbers = orderNumbers(receiver);
        assertThat(numbers).as("each event once after dedupe").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(from, to).boxed().toList());
        Map<Integer, Integer> lastPerKey = new HashMap<>();
        for (int n : numbers) {
            Integer previous = lastPerKey.put(n % 5, n);
            assertThat(previous == null || previous < n).as("in order per key: %d after %s", n, previous).isTrue();
        }
    }
}
