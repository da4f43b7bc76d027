package io.weir.dataplane.websub;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.dataplane.testing.GatewayRecords;
import io.weir.dataplane.testing.CallbackReceiver;
import io.weir.dataplane.testing.CallbackReceiver.Delivery;
import io.weir.dataplane.testing.CallbackReceiver.Mode;
import io.weir.dataplane.websub.secret.SecretCipher;
import io.weir.harness.SharedComponents;
import io.weir.harness.app.QuarkusApp;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.bootstrap.PlatformBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.gateway.CredentialKeys;
import io.weir.schema.gateway.CredentialStatus;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.application.KeyType;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.gateway.GatewaySubscription;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.throttle.ThrottleKeys;
import io.weir.schema.serde.AvroSerdes;
import io.weir.schema.subscription.SubscriptionStatus;
import io.weir.schema.webhook.DeliveryOutcome;
import io.weir.schema.webhook.CancelWebhookSubscription;
import io.weir.schema.webhook.DisableWebhookSubscription;
import io.weir.schema.webhook.ExpireWebhookSubscription;
import io.weir.schema.gateway.GatewayNodeState;
import io.weir.schema.gateway.GatewayNodeStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.weir.schema.webhook.RequestWebhookSubscription;
import io.weir.schema.webhook.VerifyWebhookSubscription;
import io.weir.schema.webhook.WebhookDelivery;
import io.weir.schema.webhook.WebhookSubscriptionIds;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The WebSub hub end to end: packaged gateway nodes on a real broker and registry, a real HTTP
 * callback receiver that checks signatures. Subscription records are written to
 * weir.gateway.webhook-subscriptions as the projection would (it is built elsewhere). Each test
 * uses a channel of its own, so content of one never reaches another's subscriber.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebSubHubIT {

    private static final String API_ID = "api-news";
    private static final String API_KEY = "websub-key-1";
    private static final List<String> CHANNELS = List.of("orders", "alerts", "flaky", "dead", "expiring", "feed", "throttled", "failover");
    /** A second application, subscribed on a tier of 5 messages per 10 s window (the policy unit is milliseconds). */
    private static final String THROTTLED_KEY = "websub-key-2";
    private static final String THROTTLED_APP = "app-throttled";
    private static final long WINDOW = 10_000;

    private static final TopicNaming NAMING = TopicNaming.withPrefix("it-websub-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    private static final String FEED_TOPIC = NAMING.prefix() + "feed.events";
    private static final SecretCipher CIPHER = new SecretCipher(WebhookConfig.DEV_KEY, "dev");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static String bootstrap;
    private static String registry;
    private static KafkaProducer<String, SpecificRecord> producer;
    private static CallbackReceiver receiver;
    private static final List<QuarkusApp> nodes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        bootstrap = SharedComponents.kafka().bootstrapServers();
        registry = SharedComponents.registry().url();
        PlatformBootstrap.run(bootstrap, registry, NAMING, (short) 1);
        producer = new KafkaProducer<>(AvroSerdes.producerConfig(bootstrap, registry));
        List<ApiResource> channels = CHANNELS.stream().map(c -> ApiResource.newBuilder().setPath(c)
                .setAuthScheme(AuthScheme.API_KEY).setKafkaTopic(c.equals("feed") ? FEED_TOPIC : null).build()).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(FEED_TOPIC, 2, (short) 1))).all().get();
        }
        GatewayApi api = GatewayApi.newBuilder(GatewayRecords.api(API_ID, "/news", "1.0", channels)).setApiType(ApiType.WEBSUB).build();
        send(Topics.GATEWAY_APIS, "production/" + API_ID, api);
        send(Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(API_KEY), GatewayRecords.credential("app-1",
                CredentialStatus.ACTIVE, GatewayRecords.subscription(API_ID, SubscriptionStatus.ACTIVE)));
        send(Topics.GATEWAY_POLICIES, ThrottleKeys.policyId("acme", PolicyLevel.SUBSCRIPTION, "FivePerWindow"),
                GatewayPolicy.newBuilder().setName("FivePerWindow").setLevel(PolicyLevel.SUBSCRIPTION)
                        .setLimits(ThrottlingLimits.newBuilder().setQuotaKind(QuotaKind.MESSAGE_COUNT).setLimit(5).setUnitMillis(WINDOW).build())
                        .build());
        send(Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(THROTTLED_KEY), throttledCredential(SubscriptionStatus.ACTIVE));
        receiver = new CallbackReceiver();
        nodes.add(node("hub-a"));
    }

    private static QuarkusApp node(String nodeId) {
        return QuarkusApp.builder("data-plane-" + nodeId, Path.of("target/quarkus-app/quarkus-run.jar"))
                .systemProperty("kafka.bootstrap.servers", bootstrap)
                .systemProperty("apicurio.registry.url", registry)
                .systemProperty("weir.gateway.topic-prefix", NAMING.prefix())
                .systemProperty("weir.gateway.node-id", nodeId)
                .systemProperty("weir.gateway.webhook.allow-cidrs", "127.0.0.1/32")
                .systemProperty("weir.gateway.webhook.max-content-bytes", "4096")
                .systemProperty("weir.gateway.webhook.max-attempts", "12")
                .systemProperty("weir.gateway.webhook.initial-backoff", "100ms")
                .systemProperty("weir.gateway.webhook.max-backoff", "500ms")
                .systemProperty("weir.gateway.webhook.disable-after-failures", "2")
                .systemProperty("weir.gateway.webhook.delivery-timeout", "2s")
                .systemProperty("weir.gateway.webhook.session-timeout", "6s")
                // no throttling processor runs here: a node admits only its initial share without grants, so
                // the one node delivering (before the failover test adds another) holds the whole limit
                .systemProperty("weir.gateway.throttling.initial-share", "1.0")
                .start()
                .awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        nodes.forEach(QuarkusApp::stop);
        if (receiver != null) {
            receiver.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    @Order(1)
    void aSubscriptionIsVerifiedThenBecomesCommands() throws Exception {
        String callback = receiver.url("/verify-ok?tenant=7");
        HttpResponse<String> answer = hub(Map.of("hub.mode", "subscribe", "hub.topic", "/orders", "hub.callback", callback,
                "hub.secret", "s3cret", "hub.lease_seconds", "120"), API_KEY);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);

        Awaitility.await().alias("the callback was asked to confirm").atMost(Duration.ofSeconds(30))
                .until(() -> receiver.verifications.stream().anyMatch(v -> v.path().equals("/verify-ok")));
        CallbackReceiver.Verification verification = receiver.verifications.stream()
                .filter(v -> v.path().equals("/verify-ok")).findFirst().orElseThrow();
        assertThat(verification.params()).containsEntry("hub.mode", "subscribe").containsEntry("hub.topic", "orders")
                .containsEntry("hub.lease_seconds", "120");
        assertThat(verification.params().get("hub.challenge")).hasSizeGreaterThan(20);

        String id = WebhookSubscriptionIds.of("production", API_ID, "orders", callback);
        List<CommandEnvelope> commands = new ArrayList<>();
        Awaitility.await().alias("request and verify commands on weir.commands").atMost(Duration.ofSeconds(30)).until(() -> {
            commands.clear();
            commands.addAll(commandsFor(id));
            return commands.size() >= 2;
        });
        assertThat(commands).hasSize(2).allSatisfy(command -> {
            assertThat(command.getAggregateType()).isEqualTo(AggregateType.WEBHOOK_SUBSCRIPTION);
            assertThat(command.getActor()).isEqualTo("gateway:hub-a");
            assertThat(command.getOrganization()).isEqualTo("acme");
            assertThat(command.getExpectedVersion()).isNull();
        });
        RequestWebhookSubscription requested = (RequestWebhookSubscription) commands.get(0).getPayload();
        assertThat(requested.getApiId()).isEqualTo(API_ID);
        assertThat(requested.getTopic()).isEqualTo("orders");
        assertThat(requested.getCallbackUrl()).isEqualTo(callback);
        assertThat(requested.getLeaseSeconds()).isEqualTo(120);
        assertThat(requested.getApplicationId()).isEqualTo("app-1");
        assertThat(requested.getEnvironment()).isEqualTo("production");
        assertThat(requested.getApiSubscriptionId()).as("what deliveries are charged to").isEqualTo("sub-" + API_ID);
        assertThat(requested.getSubscriptionTier()).isEqualTo("Gold");
        assertThat(requested.getApplicationTier()).isEqualTo("Unlimited");
        assertThat(requested.getKeyType()).isEqualTo(KeyType.PRODUCTION);
        assertThat(requested.getKeyId()).isEqualTo("dev");
        byte[] sealed = bytes(requested.getEncryptedSecret());
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("s3cret");
        assertThat(new String(CIPHER.decrypt(sealed, "dev"), StandardCharsets.UTF_8)).isEqualTo("s3cret");
        VerifyWebhookSubscription verified = (VerifyWebhookSubscription) commands.get(1).getPayload();
        assertThat(Duration.between(verified.getVerifiedAt(), verified.getLeaseExpiresAt())).isEqualTo(Duration.ofSeconds(120));
        assertThat(Files.readString(nodes.get(0).logFile())).doesNotContain("s3cret");

        assertThat(hub(Map.of("hub.mode", "unsubscribe", "hub.topic", "orders", "hub.callback", callback), API_KEY).statusCode())
                .isEqualTo(202);
        Awaitility.await().alias("unsubscribe verified, then cancelled").atMost(Duration.ofSeconds(30))
                .until(() -> commandsFor(id).stream().anyMatch(c -> c.getPayload() instanceof CancelWebhookSubscription));
        assertThat(receiver.verifications).anyMatch(v -> v.path().equals("/verify-ok") && v.params().get("hub.mode").equals("unsubscribe"));
        assertThat(commandsFor(id)).hasSize(3);
    }

    @Test
    @Order(2)
    void aCallbackThatDoesNotEchoTheChallengeIsNotSubscribed() throws Exception {
        String callback = receiver.url("/verify-wrong");
        receiver.mode("/verify-wrong", Mode.WRONG_ECHO);
        assertThat(hub(Map.of("hub.mode", "subscribe", "hub.topic", "orders", "hub.callback", callback), API_KEY).statusCode())
                .isEqualTo(202);
        Awaitility.await().alias("verification failure counted").atMost(Duration.ofSeconds(30))
                .until(() -> metric("weir_gateway_webhook_verification_failures_total") >= 1);
        assertThat(commandsFor(WebhookSubscriptionIds.of("production", API_ID, "orders", callback))).isEmpty();
        assertThat(receiver.verifications).anyMatch(v -> v.path().equals("/verify-wrong") && v.params().get("hub.mode").equals("denied"));
    }

    @Test
    @Order(3)
    void badRequestsAreRefusedClearlyAndSubscribeNothing() throws Exception {
        String ok = receiver.url("/never");
        assertProblem(hub(Map.of("hub.topic", "orders", "hub.callback", ok), API_KEY), 400, "hub-field-invalid", "hub.mode");
        assertProblem(hub(Map.of("hub.mode", "subscribe", "hub.callback", ok), API_KEY), 400, "hub-field-invalid", "hub.topic");
        assertProblem(hub(Map.of("hub.mode", "subscribe", "hub.topic", "orders"), API_KEY), 400, "hub-field-invalid", "hub.callback");
        assertProblem(hub(Map.of("hub.mode", "subscribe", "hub.topic", "orders", "hub.callback", ok, "hub.lease_seconds", "-1"),
                API_KEY), 400, "hub-field-invalid", "hub.lease_seconds");
        assertProblem(hub(Map.of("hub.mode", "subscribe", "hub.topic", "orders", "hub.callback", ok, "hub.secret", "x".repeat(201)),
                API_KEY), 400, "hub-field-invalid", "hub.secret");
        assertProblem(hub(Map.of("hub.mode", "subscribe", "hub.topic", "weather", "hub.callback", ok), API_KEY),
                400, "hub-topic-unknown", "weather");
        assertProblem(hub(Map.of("hub.mode", "subscribe", "hub.topic", "orders", "hub.callback", ok), null),
                401, "credentials-missing", "API key");
        assertProblem(hub(Map.of("hub.mode", "subscribe", "hub.topic", "orders", "hub.callback", ok), "not-a-key"),
                401, "api-key-invalid", "not valid");
        for (String denied : List.of("http://10.1.2.3/hook", "http://192.168.0.10:8080/hook", "http://[::1]:9/hook",
                "http://169.254.169.254/latest", "http://127.0.0.2/hook")) {
            assertProblem(hub(Map.of("hub.mode", "subscribe", "hub.topic", "orders", "hub.callback", denied), API_KEY),
                    403, "callback-denied", "denied address");
        }
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(nodes.get(0).url() + "/news/1.0/hub")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(get, 405, "method-not-allowed", "POST");
        assertProblem(publish("weather", "x", API_KEY), 404, "topic-not-found", "weather");
        assertProblem(publish("orders", "x".repeat(5000), API_KEY), 413, "body-too-large", "4096");
        assertProblem(publish("orders", "x", null), 401, "credentials-missing", "API key");

        assertThat(receiver.verifications).noneMatch(v -> v.path().equals("/never") || v.path().equals("/hook"));
        assertThat(commandsFor(WebhookSubscriptionIds.of("production", API_ID, "orders", ok))).isEmpty();
    }

    @Test
    @Order(4)
    void publishedContentIsDeliveredSignedWithItsHeaders() throws Exception {
        String callback = subscribe("alerts", "/signed", "top-secret");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = publish("alerts", "{\"alert\":" + i + "}", API_KEY);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        }
        Awaitility.await().alias("three signed deliveries").atMost(Duration.ofSeconds(60))
                .until(() -> receiver.deliveries("/signed").size() >= 3);
        List<Delivery> received = receiver.deliveries("/signed");
        assertThat(received).extracting(Delivery::body).containsExactly("{\"alert\":0}", "{\"alert\":1}", "{\"alert\":2}");
        assertThat(received).allSatisfy(delivery -> {
            assertThat(delivery.signatureValid()).as("X-Hub-Signature-256 matches the subscriber's secret").isTrue();
            assertThat(delivery.contentType()).isEqualTo("application/json");
            assertThat(delivery.link()).contains("/news/1.0/hub>; rel=\"hub\"").contains("/news/1.0/alerts>; rel=\"self\"");
        });
        assertThat(received).extracting(Delivery::deliveryId).doesNotHaveDuplicates().doesNotContainNull();
        String id = WebhookSubscriptionIds.of("production", API_ID, "alerts", callback);
        Awaitility.await().alias("DELIVERED records").atMost(Duration.ofSeconds(30)).until(() ->
                deliveriesFor(Topics.WEBHOOK_DELIVERIES, id).stream().filter(d -> d.getOutcome() == DeliveryOutcome.DELIVERED).count() == 3);
    }

    @Test
    @Order(5)
    void aReceiverDownForAWhileGetsEveryEventInOrderOnceRecovered() throws Exception {
        receiver.mode("/flaky", Mode.DOWN);
        String id = WebhookSubscriptionIds.of("production", API_ID, "flaky", subscribe("flaky", "/flaky", "k"));
        List<String> events = IntStream.range(0, 6).mapToObj(i -> "flaky-" + i).toList();
        for (String event : events) {
            assertThat(publish("flaky", event, API_KEY).statusCode()).isEqualTo(202);
        }
        Awaitility.await().alias("three attempts failed while the receiver is down").atMost(Duration.ofSeconds(60)).until(() ->
                deliveriesFor(Topics.WEBHOOK_DELIVERIES, id).stream().filter(d -> d.getOutcome() == DeliveryOutcome.PENDING_RETRY).count() >= 3);
        assertThat(receiver.deliveries("/flaky")).isEmpty();
        receiver.mode("/flaky", Mode.UP);
        Awaitility.await().alias("every event delivered after recovery").atMost(Duration.ofSeconds(60))
                .until(() -> deduped(receiver.deliveries("/flaky")).size() == events.size());
        assertThat(deduped(receiver.deliveries("/flaky")).values()).containsExactlyElementsOf(events);
        assertThat(receiver.deliveries("/flaky")).allMatch(Delivery::signatureValid);
        assertThat(deliveriesFor(Topics.WEBHOOK_DELIVERIES_DEAD_LETTER, id)).isEmpty();
    }

    @Test
    @Order(6)
    void aReceiverThatNeverRecoversIsDeadLetteredAndDisabled() throws Exception {
        receiver.mode("/dead", Mode.DOWN);
        String id = WebhookSubscriptionIds.of("production", API_ID, "dead", subscribe("dead", "/dead", null));
        assertThat(publish("dead", "d-0", API_KEY).statusCode()).isEqualTo(202);
        assertThat(publish("dead", "d-1", API_KEY).statusCode()).isEqualTo(202);
        Awaitility.await().alias("both deliveries dead-lettered").atMost(Duration.ofSeconds(90)).until(() ->
                deliveriesFor(Topics.WEBHOOK_DELIVERIES_DEAD_LETTER, id).size() == 2);
        List<WebhookDelivery> dead = deliveriesFor(Topics.WEBHOOK_DELIVERIES_DEAD_LETTER, id);
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.getOutcome()).isEqualTo(DeliveryOutcome.DEAD_LETTERED);
            assertThat(d.getAttempt()).isEqualTo(12);
            assertThat(d.getHttpStatus()).isEqualTo(503);
        });
        assertThat(dead).extracting(d -> new String(bytes(d.getPayload()), StandardCharsets.UTF_8)).containsExactly("d-0", "d-1");
        Awaitility.await().alias("the subscription is disabled").atMost(Duration.ofSeconds(30)).until(() ->
                commandsFor(id).stream().anyMatch(c -> c.getPayload() instanceof DisableWebhookSubscription));
        DisableWebhookSubscription disable = (DisableWebhookSubscription) commandsFor(id).stream()
                .filter(c -> c.getPayload() instanceof DisableWebhookSubscription).findFirst().orElseThrow().getPayload();
        assertThat(disable.getConsecutiveFailures()).isEqualTo(2);
        assertThat(receiver.deliveries("/dead")).isEmpty();
    }

    @Test
    @Order(7)
    void aLeaseThatRunsOutWhileRetryingExpiresTheSubscription() throws Exception {
        receiver.mode("/expiring", Mode.HANG);
        String callback = receiver.url("/expiring");
        String id = WebhookSubscriptionIds.of("production", API_ID, "expiring", callback);
        Instant now = Instant.now();
        // the content must be published inside the lease (on a loaded CI machine that can take seconds),
        // and the lease must run out while its delivery is still being retried (timeouts of 2 s)
        send(Topics.GATEWAY_WEBHOOK_SUBSCRIPTIONS, id, subscription(id, "expiring", callback, null, now.minusSeconds(1),
                now.plusSeconds(8)));
        assertThat(publish("expiring", "soon-gone", API_KEY).statusCode()).isEqualTo(202);
        Awaitility.await().alias("ExpireWebhookSubscription once the lease is over").atMost(Duration.ofSeconds(60)).until(() ->
                commandsFor(id).stream().anyMatch(c -> c.getPayload() instanceof ExpireWebhookSubscription));
        assertThat(commandsFor(id)).hasSize(1);
        assertThat(deliveriesFor(Topics.WEBHOOK_DELIVERIES, id)).extracting(WebhookDelivery::getOutcome)
                .contains(DeliveryOutcome.TIMED_OUT).doesNotContain(DeliveryOutcome.DELIVERED, DeliveryOutcome.DEAD_LETTERED);
    }

    @Test
    @Order(8)
    void contentFromABoundKafkaTopicIsDeliveredRawOrAsJson() throws Exception {
        subscribe("feed", "/feed", "feed-secret");
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> plain = new ProducerRecord<>(FEED_TOPIC, "k", "plain bytes".getBytes(StandardCharsets.UTF_8));
            plain.headers().add("content-type", "text/plain".getBytes(StandardCharsets.UTF_8));
            raw.send(plain).get();
        }
        producer.send(new ProducerRecord<>(FEED_TOPIC, "k", GatewayNodeStatus.newBuilder().setEnvironment("production")
                .setNodeId("avro-node").setStartedAt(Instant.now()).setHeartbeatAt(Instant.now())
                .setStatus(GatewayNodeState.READY).build())).get();
        Awaitility.await().alias("both records delivered").atMost(Duration.ofSeconds(60))
                .until(() -> receiver.deliveries("/feed").size() >= 2);
        List<Delivery> received = receiver.deliveries("/feed");
        assertThat(received.get(0).body()).isEqualTo("plain bytes");
        assertThat(received.get(0).contentType()).isEqualTo("text/plain");
        assertThat(received.get(1).contentType()).isEqualTo("application/json");
        assertThat(new io.vertx.core.json.JsonObject(received.get(1).body()).getString("nodeId")).isEqualTo("avro-node");
        assertThat(received).allMatch(Delivery::signatureValid);
    }

    /**
     * Every delivery is a message on the subscriber's tier: 5 per 10 s window. Twelve events published at the start
     * of a window reach the callback 5, 5 and 2 per window, all of them, in order, none dead-lettered; the lane
     * waits for each window's end (THROTTLED records) instead of failing. Then the API subscription is blocked: the
     * next event is dead-lettered with that reason, and the callback is not called.
     */
    @Test
    @Order(9)
    void deliveriesAreThrottledOnTheSubscribersTierAndStopWhenItsSubscriptionIsBlocked() throws Exception {
        String callback = receiver.url("/throttled");
        receiver.secret("/throttled", "t");
        String id = WebhookSubscriptionIds.of("production", API_ID, "throttled", callback);
        Instant now = Instant.now();
        send(Topics.GATEWAY_WEBHOOK_SUBSCRIPTIONS, id, GatewayWebhookSubscription.newBuilder(subscription(id, "throttled", callback, "t",
                        now.minusSeconds(1), now.plusSeconds(3600)))
                .setApplicationId(THROTTLED_APP).setApiSubscriptionId("sub-throttled").setSubscriptionTier("FivePerWindow")
                .setKeyType(KeyType.PRODUCTION).build());
        List<String> events = IntStream.range(0, 12).mapToObj(i -> "t-" + i).toList();
        Awaitility.await().alias("the start of a throttling window").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> System.currentTimeMillis() % WINDOW < 1_000);
        long firstWindow = System.currentTimeMillis() / WINDOW;
        for (String event : events) {
            assertThat(publish("throttled", event, API_KEY).statusCode()).isEqualTo(202);
        }

        Awaitility.await().alias("every event delivered, over three windows").atMost(Duration.ofSeconds(60))
                .until(() -> deduped(receiver.deliveries("/throttled")).size() == events.size());
        assertThat(deduped(receiver.deliveries("/throttled")).values()).containsExactlyElementsOf(events);
        assertThat(receiver.deliveries("/throttled")).allMatch(Delivery::signatureValid);
        Awaitility.await().alias("an invocation record per delivery").atMost(Duration.ofSeconds(30))
                .until(() -> deliveryInvocations().size() == events.size());
        List<Invocation> invocations = deliveryInvocations();
        assertThat(invocations).allSatisfy(invocation -> {
            assertThat(invocation.getSubscriptionTier()).isEqualTo("FivePerWindow");
            assertThat(invocation.getThrottleKeys()).as("counted by the throttling processor")
                    .contains(new ThrottleKeys("production", ThrottleKeys.policyId("acme", PolicyLevel.SUBSCRIPTION, "FivePerWindow"),
                            "sub-throttled").key());
        });
        Map<Long, Long> perWindow = invocations.stream().collect(Collectors.groupingBy(
                invocation -> invocation.getTimestamp().toEpochMilli() / WINDOW, TreeMap::new, Collectors.counting()));
        List<Long> admitted = invocations.stream().map(i -> i.getTimestamp().toEpochMilli() - firstWindow * WINDOW).sorted().toList();
        System.out.printf("throttled deliveries: per %d ms window %s; admitted at %s ms after the first window opened%n",
                WINDOW, perWindow.values(), admitted);
        assertThat(perWindow).as("5 at once, the rest only in the next windows")
                .containsExactly(Map.entry(firstWindow, 5L), Map.entry(firstWindow + 1, 5L), Map.entry(firstWindow + 2, 2L));
        List<WebhookDelivery> records = deliveriesFor(Topics.WEBHOOK_DELIVERIES, id);
        assertThat(records).filteredOn(d -> d.getOutcome() == DeliveryOutcome.THROTTLED).isNotEmpty().allSatisfy(d -> {
            assertThat(d.getNextAttemptAt().toEpochMilli() % WINDOW).as("deferred to the window's end").isZero();
            assertThat(d.getError()).startsWith("throttled-quota: the subscription policy 'FivePerWindow'");
        });
        assertThat(records).extracting(WebhookDelivery::getOutcome).doesNotContain(DeliveryOutcome.FAILED, DeliveryOutcome.DEAD_LETTERED);
        assertThat(metric("weir_gateway_webhook_deliveries_total{outcome=\"throttled\"")).isPositive();

        send(Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(THROTTLED_KEY), throttledCredential(SubscriptionStatus.BLOCKED));
        // a denied callback subscribes nothing either way; the refusal's code tells when the node applied the block
        Awaitility.await().alias("the node knows the subscription is blocked").atMost(Duration.ofSeconds(30)).until(() ->
                hub(Map.of("hub.mode", "subscribe", "hub.topic", "throttled", "hub.callback", "http://10.0.0.1/hook"), THROTTLED_KEY)
                        .body().contains("subscription-blocked"));
        assertThat(publish("throttled", "after-block", API_KEY).statusCode()).isEqualTo(202);
        Awaitility.await().alias("dead-lettered as blocked").atMost(Duration.ofSeconds(30))
                .until(() -> deliveriesFor(Topics.WEBHOOK_DELIVERIES_DEAD_LETTER, id).size() == 1);
        WebhookDelivery dead = deliveriesFor(Topics.WEBHOOK_DELIVERIES_DEAD_LETTER, id).get(0);
        assertThat(dead.getError()).startsWith("subscription-blocked");
        assertThat(new String(bytes(dead.getPayload()), StandardCharsets.UTF_8)).isEqualTo("after-block");
        assertThat(deduped(receiver.deliveries("/throttled"))).hasSize(events.size());
        assertThat(commandsFor(id)).as("not the callback's fault: not disabled").isEmpty();
    }

    @Test
    @Order(10)
    void aNodeKilledMidDeliveryLeavesNothingUndelivered() throws Exception {
        nodes.add(node("hub-b"));
        receiver.mode("/failover", Mode.SLOW);
        String id = WebhookSubscriptionIds.of("production", API_ID, "failover", subscribe("failover", "/failover", "f"));
        List<String> events = IntStream.range(0, 40).mapToObj(i -> "failover-" + i).toList();
        for (String event : events) {
            assertThat(publish("failover", event, API_KEY).statusCode()).isEqualTo(202);
        }
        Awaitility.await().alias("deliveries under way").atMost(Duration.ofSeconds(60))
                .until(() -> receiver.deliveries("/failover").size() >= 5);
        List<WebhookDelivery> delivered = deliveriesFor(Topics.WEBHOOK_DELIVERIES, id).stream()
                .filter(d -> d.getOutcome() == DeliveryOutcome.DELIVERED).toList();
        String deliveringNode = delivered.get(delivered.size() - 1).getGatewayNode();
        QuarkusApp victim = nodes.stream().filter(n -> n.toString().contains(deliveringNode)).findFirst().orElseThrow();
        ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
        int deliveredBeforeKill = deduped(receiver.deliveries("/failover")).size();
        assertThat(deliveredBeforeKill).as("killed mid-delivery").isLessThan(events.size());

        long killedAt = System.nanoTime();
        Awaitility.await().alias("the surviving node delivers the rest").atMost(Duration.ofSeconds(120))
                .until(() -> deduped(receiver.deliveries("/failover")).size() == events.size());
        System.out.printf("failover: %s killed after %d of %d deliveries; all delivered %d ms later; %d deliveries made twice%n",
                deliveringNode, deliveredBeforeKill, events.size(), (System.nanoTime() - killedAt) / 1_000_000,
                receiver.deliveries("/failover").size() - events.size());
        assertThat(deduped(receiver.deliveries("/failover")).values()).containsExactlyElementsOf(events);
        assertThat(deliveriesFor(Topics.WEBHOOK_DELIVERIES, id).stream().map(WebhookDelivery::getGatewayNode).distinct())
                .as("both nodes took part").hasSize(2);
    }

    /** Writes the subscription as the projection would, and returns its callback URL. */
    private static String subscribe(String topic, String path, String secret) throws Exception {
        String callback = receiver.url(path);
        if (secret != null) {
            receiver.secret(path, secret);
        }
        String id = WebhookSubscriptionIds.of("production", API_ID, topic, callback);
        Instant now = Instant.now();
        send(Topics.GATEWAY_WEBHOOK_SUBSCRIPTIONS, id, subscription(id, topic, callback, secret, now.minusSeconds(1),
                now.plusSeconds(3600)));
        return callback;
    }

    private static GatewayWebhookSubscription subscription(String id, String topic, String callback, String secret,
                                                           Instant verifiedAt, Instant leaseEnd) {
        return GatewayRecords.webhookSubscription(id, API_ID, topic, callback, secret == null ? null : CIPHER.encrypt(secret), "dev",
                verifiedAt, leaseEnd);
    }

    private static GatewayCredential throttledCredential(SubscriptionStatus status) {
        return GatewayRecords.credential(THROTTLED_APP, CredentialStatus.ACTIVE, GatewaySubscription.newBuilder()
                .setSubscriptionId("sub-throttled").setApiId(API_ID).setTier("FivePerWindow").setStatus(status).build());
    }

    /** The outbound MESSAGE records of the throttled application's deliveries. */
    private static List<Invocation> deliveryInvocations() {
        return TopicReader.all(bootstrap, registry, NAMING, Topics.INVOCATION_BATCHES).stream()
                .flatMap(record -> record.value().getInvocations().stream())
                .filter(i -> i.getKind() == InvocationKind.MESSAGE && THROTTLED_APP.equals(i.getApplicationId())).toList();
    }

    /** First delivery of each id, in arrival order: what a subscriber that dedupes by X-Weir-Delivery-Id keeps. */
    private static Map<String, String> deduped(List<Delivery> deliveries) {
        Map<String, String> kept = new LinkedHashMap<>();
        deliveries.forEach(d -> kept.putIfAbsent(d.deliveryId(), d.body()));
        return kept;
    }

    private static HttpResponse<String> hub(Map<String, String> form, String apiKey) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nodes.get(0).url() + "/news/1.0/hub"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null) {
            request.header("apikey", apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> publish(String topic, String body, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nodes.get(0).url() + "/news/1.0/" + topic))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("apikey", apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code, String detailPart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"" + code + "\"").contains(detailPart);
    }

    private static double metric(String name) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(nodes.get(0).url() + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(line -> line.startsWith(name)).mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static List<CommandEnvelope> commandsFor(String aggregateId) {
        return TopicReader.all(bootstrap, registry, NAMING, Topics.COMMANDS).stream()
                .filter(r -> aggregateId.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    private static List<WebhookDelivery> deliveriesFor(TopicSpec<WebhookDelivery> topic, String subscriptionId) {
        return TopicReader.all(bootstrap, registry, NAMING, topic).stream()
                .filter(r -> subscriptionId.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    private static void send(TopicSpec<?> topic, String key, SpecificRecord value) throws Exception {
        producer.send(new ProducerRecord<>(NAMING.name(topic), key, value)).get();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
