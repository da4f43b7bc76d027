package io.weir.dataplane.relay;

import io.weir.harness.SharedComponents;
import io.weir.harness.app.QuarkusApp;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.AuthConfig;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.BackendEndpoints;
import io.weir.schema.bootstrap.PlatformBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.gateway.CredentialKeys;
import io.weir.schema.gateway.CredentialStatus;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.gateway.GatewaySubscription;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.invocation.InvocationKind;
import java.util.concurrent.CopyOnWriteArrayList;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.serde.AvroSerdes;
import io.weir.schema.subscription.SubscriptionStatus;
import io.weir.schema.throttle.ThrottleKeys;
import io.weir.dataplane.testing.GatewayRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;

/**
 * One packaged edge node for the relay ITs, on the shared broker and registry under topics of its
 * own, with the relayed APIs, their credentials and a small message quota written to the gateway
 * topics as the projections would. Started once per test JVM.
 */
final class RelayNode {

    static final String KEY = "relay-key-" + UUID.randomUUID();
    /** A key of another application whose subscription tier allows 10 calls or messages per hour. */
    static final String TINY_KEY = "relay-tiny-" + UUID.randomUUID();
    static final int TINY_LIMIT = 10;
    /** A key subscribed to chat, revoked under an open relayed WebSocket. */
    static final String REVOKED_KEY = "relay-revoked-" + UUID.randomUUID();
    /** A key subscribed to feed, whose subscription is blocked under an open relayed SSE stream. */
    static final String BLOCKED_KEY = "relay-blocked-" + UUID.randomUUID();
    static final int CHAT_MAX_MESSAGE_BYTES = 1024;
    /** Every test API's backend timeout: a backend silent for longer is a 504. */
    static final int SLOW_TIMEOUT_MILLIS = 2000;

    private static RelayNode instance;

    final RelayBackend backend = new RelayBackend();
    final TopicNaming naming = TopicNaming.withPrefix("it-relay-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    final QuarkusApp node;

    static synchronized RelayNode get() {
        if (instance == null) {
            instance = new RelayNode();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                instance.node.stop();
                instance.backend.close();
            }));
        }
        return instance;
    }

    private RelayNode() {
        String kafka = SharedComponents.kafka().bootstrapServers();
        String registry = SharedComponents.registry().url();
        PlatformBootstrap.run(kafka, registry, naming, (short) 1);
        String ws = "ws://127.0.0.1:" + backend.port() + "/backend";
        String http = "http://127.0.0.1:" + backend.port();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(AvroSerdes.producerConfig(kafka, registry))) {
            send(producer, Topics.GATEWAY_APIS, "production/chat", api("chat", "/chat", ApiType.WS, ws,
                    List.of(channel("/rooms/{room}"), channel("refuse")), CHAT_MAX_MESSAGE_BYTES));
            String silent = "127.0.0.1:" + backend.silentPort();
            send(producer, Topics.GATEWAY_APIS, "production/slow", api("slow", "/slow", ApiType.WS, "ws://" + silent,
                    List.of(), null));
            send(producer, Topics.GATEWAY_APIS, "production/feed-slow", api("feed-slow", "/feed-slow", ApiType.SSE,
                    "http://" + silent, List.of(), null));
            send(producer, Topics.GATEWAY_APIS, "production/tiny", api("tiny", "/tiny", ApiType.WS, ws, List.of(), null));
            send(producer, Topics.GATEWAY_APIS, "production/down", api("down", "/down", ApiType.WS,
                    "ws://127.0.0.1:1/nothing", List.of(), null));
            send(producer, Topics.GATEWAY_APIS, "production/feed", api("feed", "/feed", ApiType.SSE, http + "/sse", List.of(), null));
            send(producer, Topics.GATEWAY_APIS, "production/feed-down", api("feed-down", "/feed-down", ApiType.SSE,
                    "http://127.0.0.1:1", List.of(), null));
            send(producer, Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(KEY), GatewayRecords.credential("app-1",
                    CredentialStatus.ACTIVE, subscription("chat", "Gold"), subscription("down", "Gold"),
                    subscription("feed", "Gold"), subscription("feed-down", "Gold"),
                    subscription("slow", "Gold"), subscription("feed-slow", "Gold")));
            send(producer, Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(TINY_KEY), GatewayRecords.credential("app-tiny",
                    CredentialStatus.ACTIVE, subscription("tiny", "Tiny"), subscription("feed", "Tiny")));
            send(producer, Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(REVOKED_KEY), GatewayRecords.credential(
                    "app-revoked", CredentialStatus.ACTIVE, subscription("chat", "Gold")));
            send(producer, Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(BLOCKED_KEY), GatewayRecords.credential(
                    "app-blocked", CredentialStatus.ACTIVE, subscription("feed", "Gold")));
            send(producer, Topics.GATEWAY_POLICIES, ThrottleKeys.policyId("acme", PolicyLevel.SUBSCRIPTION, "Tiny"),
                    GatewayPolicy.newBuilder().setName("Tiny").setLevel(PolicyLevel.SUBSCRIPTION)
                            .setLimits(ThrottlingLimits.newBuilder().setQuotaKind(QuotaKind.MESSAGE_COUNT)
                                    .setLimit(TINY_LIMIT).setUnitMillis(3_600_000L).build()).build());
            producer.flush();
        }
        node = QuarkusApp.builder("data-plane", Path.of("target/quarkus-app/quarkus-run.jar"))
                .systemProperty("kafka.bootstrap.servers", kafka)
                .systemProperty("apicurio.registry.url", registry)
                .systemProperty("weir.gateway.topic-prefix", naming.prefix())
                .systemProperty("weir.gateway.node-id", "relay-node")
                // one node and no throttling processor: the node's slice is the whole quota
                .systemProperty("weir.gateway.throttling.initial-share", "1.0")
                .start()
                .awaitReady(Duration.ofSeconds(90));
        HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Awaitility.await().alias("the node serves the relayed APIs").atMost(Duration.ofSeconds(30))
                .until(() -> http1.send(HttpRequest.newBuilder(URI.create(node.url() + "/feed-down/1/x?apikey=" + KEY)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 502);
    }

    String wsUrl(String pathAndQuery) {
        return node.url().replace("http://", "ws://") + pathAndQuery;
    }

    /** A consumer of the node's invocation batches, from the beginning. */
    KafkaConsumer<String, InvocationBatch> invocations() {
        String registry = SharedComponents.registry().url();
        Map<String, Object> config = new HashMap<>(AvroSerdes.consumerConfig(SharedComponents.kafka().bootstrapServers(),
                registry, "relay-check-" + UUID.randomUUID()));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, InvocationBatch> consumer = new KafkaConsumer<>(config, AvroSerdes.keySerde().deserializer(),
                AvroSerdes.valueSerde(Topics.INVOCATION_BATCHES, registry).deserializer());
        consumer.subscribe(List.of(naming.name(Topics.INVOCATION_BATCHES)));
        return consumer;
    }

    /** The connection's CONNECTION_CLOSED record. */
    Invocation closedRecord(String connectionId) {
        List<Invocation> closes = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, InvocationBatch> consumer = invocations()) {
            Awaitility.await().alias("the CONNECTION_CLOSED record of " + connectionId).atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> r.value().getInvocations().forEach(i -> {
                            if (connectionId.equals(i.getCorrelationId()) && i.getKind() == InvocationKind.CONNECTION_CLOSED) {
                                closes.add(i);
                            }
                        }));
                        return !closes.isEmpty();
                    });
        }
        if (closes.size() != 1) {
            throw new AssertionError("one CONNECTION_CLOSED record expected, found " + closes);
        }
        return closes.get(0);
    }

    /** Writes one gateway record (null: a tombstone) as the projections would, acknowledged. */
    <V extends SpecificRecord> void write(TopicSpec<V> topic, String key, V value) throws Exception {
        String kafka = SharedComponents.kafka().bootstrapServers();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(AvroSerdes.producerConfig(kafka,
                SharedComponents.registry().url()))) {
            producer.send(new ProducerRecord<>(naming.name(topic), key, value)).get();
        }
    }

    static GatewayCredential credential(String applicationId, String apiId, SubscriptionStatus status) {
        GatewaySubscription subscription = subscription(apiId, "Gold");
        subscription.setStatus(status);
        return GatewayRecords.credential(applicationId, CredentialStatus.ACTIVE, subscription);
    }

    private <V extends SpecificRecord> void send(KafkaProducer<String, SpecificRecord> producer, TopicSpec<V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(naming.name(topic), key, value));
    }

    private static GatewayApi api(String id, String context, ApiType type, String url, List<ApiResource> resources, Integer maxBytes) {
        GatewayApi api = GatewayRecords.api(id, context, "1", resources);
        api.setApiType(type);
        api.setEndpoints(BackendEndpoints.newBuilder().setProductionUrl(url).setTimeoutMillis(SLOW_TIMEOUT_MILLIS).build());
        api.setAuth(AuthConfig.newBuilder().setApiKeyQueryParam("apikey").build());
        api.setMaxRequestBytes(maxBytes == null ? null : maxBytes.longValue());
        return api;
    }

    private static ApiResource channel(String address) {
        return ApiResource.newBuilder().setMethod(null).setPath(address).setAuthScheme(AuthScheme.API_KEY).build();
    }

    private static GatewaySubscription subscription(String apiId, String tier) {
        return GatewaySubscription.newBuilder().setSubscriptionId("sub-" + apiId + "-" + tier).setApiId(apiId).setTier(tier)
                .setStatus(SubscriptionStatus.ACTIVE).build();
    }
}
