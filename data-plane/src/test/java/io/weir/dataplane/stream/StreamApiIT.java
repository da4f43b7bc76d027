package io.weir.dataplane.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.weir.dataplane.testing.GatewayRecords;
import io.weir.harness.SharedComponents;
import io.weir.harness.app.QuarkusApp;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.AuthConfig;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.ChannelOperation;
import io.weir.schema.bootstrap.PlatformBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.gateway.CredentialKeys;
import io.weir.schema.gateway.CredentialStatus;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.serde.AvroSerdes;
import io.weir.schema.subscription.SubscriptionStatus;
import io.weir.schema.throttle.ThrottleKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.weir.schema.common.Protocol;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.invocation.MessageDirection;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A STREAM API served by a packaged node against a real broker and registry, through the real HTTP
 * stack with plain Java clients: SSE resume after a forced disconnect while a producer keeps
 * producing (every record exactly once), replay from a time, the WebSocket protocol (subscribe,
 * publish with the application header), refusals before the stream starts, and per-message
 * throttling at the stated limit.
 */
class StreamApiIT {

    private static final String KEY = "stream-it-key";
    /** Keys of their own for the tests that revoke, block or undeploy under open connections. */
    private static final String REVOKED_KEY = "stream-it-revoked-key";
    private static final String BLOCKED_KEY = "stream-it-blocked-key";
    private static final String UNDEPLOYED_KEY = "stream-it-undeployed-key";
    private static final String ORDERS_TOPIC = "it.stream.orders";
    private static final String AUDIT_TOPIC = "it.stream.audit";
    private static final String LIMITED_TOPIC = "it.stream.limited";
    private static final String CUSTOMERS_TOPIC = "it.stream.cdc.customers";
    private static final int LIMIT = 6;
    private static final int SSE_LIMIT = 2;
    private static QuarkusApp node;
    private static String bootstrap;
    private static KafkaProducer<String, String> producer;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        bootstrap = SharedComponents.kafka().bootstrapServers();
        String registry = SharedComponents.registry().url();
        PlatformBootstrap.run(bootstrap, registry, TopicNaming.defaults(), (short) 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(ORDERS_TOPIC, 3, (short) 1), new NewTopic(AUDIT_TOPIC, 1, (short) 1),
                    new NewTopic(LIMITED_TOPIC, 1, (short) 1), new NewTopic(CUSTOMERS_TOPIC, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        GatewayPolicy policy = GatewayPolicy.newBuilder().setName("SixPerHour").setLevel(PolicyLevel.API)
                .setLimits(ThrottlingLimits.newBuilder().setQuotaKind(QuotaKind.MESSAGE_COUNT).setLimit(LIMIT)
                        .setUnitMillis(3_600_000L).build()).build();
        write(Topics.GATEWAY_POLICIES, ThrottleKeys.policyId("acme", PolicyLevel.API, "SixPerHour"), policy);
        GatewayPolicy ssePolicy = GatewayPolicy.newBuilder().setName("TwoPerHour").setLevel(PolicyLevel.API)
                .setLimits(ThrottlingLimits.newBuilder().setQuotaKind(QuotaKind.MESSAGE_COUNT).setLimit(SSE_LIMIT)
                        .setUnitMillis(3_600_000L).build()).build();
        write(Topics.GATEWAY_POLICIES, ThrottleKeys.policyId("acme", PolicyLevel.API, "TwoPerHour"), ssePolicy);
        GatewayApi limitedSse = limitedApi();
        limitedSse.setApiId("limited-sse");
        limitedSse.setContext("/limited-sse");
        limitedSse.setApiThrottlingPolicy("TwoPerHour");
        write(Topics.GATEWAY_APIS, "production/limited-sse", limitedSse);
        write(Topics.GATEWAY_APIS, "production/orders-stream", ordersApi());
        write(Topics.GATEWAY_APIS, "production/limited-stream", limitedApi());
        write(Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(KEY), GatewayRecords.credential("app-1", CredentialStatus.ACTIVE,
                GatewayRecords.subscription("orders-stream", SubscriptionStatus.ACTIVE),
                GatewayRecords.subscription("limited-stream", SubscriptionStatus.ACTIVE),
                GatewayRecords.subscription("limited-sse", SubscriptionStatus.ACTIVE)));
        write(Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(REVOKED_KEY), GatewayRecords.credential("app-revoked",
                CredentialStatus.ACTIVE, GatewayRecords.subscription("orders-stream", SubscriptionStatus.ACTIVE)));
        write(Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(BLOCKED_KEY), GatewayRecords.credential("app-blocked",
                CredentialStatus.ACTIVE, GatewayRecords.subscription("orders-stream", SubscriptionStatus.ACTIVE)));
        write(Topics.GATEWAY_APIS, "production/undeployed-stream", undeployedApi());
        write(Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(UNDEPLOYED_KEY), GatewayRecords.credential("app-undeployed",
                CredentialStatus.ACTIVE, GatewayRecords.subscription("undeployed-stream", SubscriptionStatus.ACTIVE)));
        node = QuarkusApp.builder("data-plane", Path.of("target/quarkus-app/quarkus-run.jar"))
                .systemProperty("kafka.bootstrap.servers", bootstrap)
                .systemProperty("apicurio.registry.url", registry)
                .systemProperty("weir.gateway.node-id", "stream-it-node")
                // one node and no throttling processor here: the node may admit the whole limit itself
                .systemProperty("weir.gateway.throttling.initial-share", "1.0")
                .systemProperty("weir.gateway.streams.heartbeat-interval", "1s")
                .heap(System.getProperty("weir.bench.heap", "256m"))
                .start()
                .awaitReady(Duration.ofSeconds(90));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new StringSerializer());
        Awaitility.await().alias("the node serves the stream API").atMost(Duration.ofSeconds(60))
                .until(() -> get("/orders/1.0.0/asyncapi", Map.of()).statusCode() == 200);
    }

    static GatewayApi ordersApi() {
        GatewayApi api = GatewayRecords.api("orders-stream", "/orders", "1.0.0", List.of(
                ApiResource.newBuilder().setPath("orders").setAuthScheme(AuthScheme.API_KEY)
                        .setOperations(List.of(ChannelOperation.SUBSCRIBE, ChannelOperation.PUBLISH)).build()));
        api.setApiType(ApiType.STREAM);
        api.setMaxRequestBytes(4096L);
        api.setAuth(AuthConfig.newBuilder().build());
        api.setTopicBindings(List.of(
                GatewayRecords.binding("orders", ORDERS_TOPIC, ChannelOperation.SUBSCRIBE, ChannelOperation.PUBLISH),
                GatewayRecords.binding("audit", AUDIT_TOPIC, ChannelOperation.SUBSCRIBE),
                GatewayRecords.binding("inbox", AUDIT_TOPIC, ChannelOperation.PUBLISH),
                GatewayRecords.binding("customers", CUSTOMERS_TOPIC, ChannelOperation.SUBSCRIBE)));
        return api;
    }

    /** A copy of the orders API at {@code /undeployed}, undeployed under its open connections. */
    static GatewayApi undeployedApi() {
        GatewayApi api = ordersApi();
        api.setApiId("undeployed-stream");
        api.setContext("/undeployed");
        return api;
    }

    static GatewayApi limitedApi() {
        GatewayApi api = GatewayRecords.api("limited-stream", "/limited", "1.0.0", List.of());
        api.setApiType(ApiType.STREAM);
        api.setApiThrottlingPolicy("SixPerHour");
        api.setTopicBindings(List.of(GatewayRecords.binding("events", LIMITED_TOPIC, ChannelOperation.SUBSCRIBE, ChannelOperation.PUBLISH)));
        return api;
    }

    private static <V extends SpecificRecord> void write(io.weir.schema.catalogue.TopicSpec<V> topic, String key, V value)
            throws Exception {
        String registry = SharedComponents.registry().url();
        try (KafkaProducer<String, V> writer = new KafkaProducer<>(AvroSerdes.producerConfig(bootstrap, registry),
                AvroSerdes.keySerde().serializer(), AvroSerdes.valueSerde(topic, registry).serializer())) {
            writer.send(new ProducerRecord<>(TopicNaming.defaults().name(topic), key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void sseResumesAfterAForcedDisconnectWithEveryRecordExactlyOnce() throws Exception {
        int total = 400;
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        SseTestClient first = SseTestClient.open(HTTP, node.url() + "/orders/1.0.0/orders?apiKey=" + KEY, Map.of());
        assertThat(first.response.statusCode()).isEqualTo(200);
        assertThat(first.response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(first.comments.poll(10, TimeUnit.SECONDS)).startsWith("retry: ");

        AtomicInteger produced = new AtomicInteger();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            while (producing.get() && produced.get() < total) {
                int n = produced.getAndIncrement();
                producer.send(new ProducerRecord<>(ORDERS_TOPIC, "order-" + (n % 17), "{\"n\":" + n + "}"));
                LockSupport.parkNanos(5_000_000); // paces the producer at a fixed rate (~200/s); not a wait for a condition
            }
            producer.flush();
        });
        load.start();
        String lastId = take(first, 100, seen, duplicates);
        first.close(); // forced disconnect mid-stream, while the producer keeps producing
        Awaitility.await().alias("more was produced while disconnected").atMost(Duration.ofSeconds(30))
                .until(() -> produced.get() > 150);

        SseTestClient second = SseTestClient.open(HTTP, node.url() + "/orders/1.0.0/orders", Map.of("apikey", KEY, "Last-Event-ID", lastId));
        assertThat(second.response.statusCode()).isEqualTo(200);
        load.join(60_000);
        take(second, total - 100, seen, duplicates);
        second.close();
        assertThat(duplicates).as("no record delivered twice").isEmpty();
        assertThat(seen).as("every record delivered").hasSize(total);
    }

    /** Reads n events, checking that each is a new (partition, offset); returns the last event id. */
    private static String take(SseTestClient client, int n, Set<String> seen, List<String> duplicates) throws InterruptedException {
        String lastId = null;
        for (int i = 0; i < n; i++) {
            SseTestClient.Event event = client.events.poll(30, TimeUnit.SECONDS);
            assertThat(event).as("event %d of %d", i + 1, n).isNotNull();
            assertThat(event.event()).isEqualTo("orders");
            JsonObject envelope = new JsonObject(event.data());
            assertThat(envelope.getString("payloadEncoding")).isEqualTo("json");
            String position = envelope.getInteger("partition") + ":" + envelope.getLong("offset");
            if (!seen.add(position)) {
                duplicates.add(position);
            }
            assertThat(event.id()).contains(position);
            lastId = event.id();
        }
        return lastId;
    }

    @Test
    void fromReplaysFromATimeAndFiltersByKey() throws Exception {
        long base = System.currentTimeMillis() - 3_600_000L;
        for (int i = 0; i < 6; i++) {
            producer.send(new ProducerRecord<>(AUDIT_TOPIC, 0, base + i * 1000L, i % 2 == 0 ? "even" : "odd", "audit " + i)).get();
        }
        try (SseTestClient client = SseTestClient.open(HTTP, node.url() + "/orders/1.0.0/audit?apiKey=" + KEY + "&from="
                + java.time.Instant.ofEpochMilli(base + 2000) + "&key=even", Map.of())) {
            assertThat(client.response.statusCode()).isEqualTo(200);
            List<String> payloads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                SseTestClient.Event event = client.events.poll(30, TimeUnit.SECONDS);
                assertThat(event).isNotNull();
                JsonObject envelope = new JsonObject(event.data());
                assertThat(envelope.getString("payloadEncoding")).isEqualTo("text");
                payloads.add(envelope.getString("payload"));
            }
            assertThat(payloads).containsExactly("audit 2", "audit 4");
            Awaitility.await().alias("heartbeats keep the idle stream open").atMost(Duration.ofSeconds(10))
                    .until(() -> client.comments.contains("heartbeat"));
        }
        try (SseTestClient client = SseTestClient.open(HTTP, node.url() + "/orders/1.0.0/audit?apiKey=" + KEY + "&from=" + (base + 4500), Map.of())) {
            assertThat(new JsonObject(client.events.poll(30, TimeUnit.SECONDS).data()).getString("payload")).isEqualTo("audit 5");
        }
    }

    @Test
    void badStreamRequestsAreRefusedBeforeTheStreamStarts() throws Exception {
        assertProblem(get("/orders/1.0.0/orders", Map.of()), 401, "credentials-missing");
        assertProblem(get("/orders/1.0.0/orders?apiKey=wrong", Map.of()), 401, "api-key-invalid");
        assertProblem(get("/orders/1.0.0/nope?apiKey=" + KEY, Map.of()), 404, "channel-not-found");
        assertProblem(get("/orders/1.0.0/inbox?apiKey=" + KEY, Map.of()), 400, "channel-not-subscribable");
        assertProblem(get("/orders/1.0.0/orders?apiKey=" + KEY, Map.of("Last-Event-ID", "banana")), 400, "last-event-id-invalid");
        assertProblem(get("/orders/1.0.0/orders?apiKey=" + KEY + "&lastEventId=0:1.0:2", Map.of()), 400, "last-event-id-invalid");
        assertProblem(get("/orders/1.0.0/orders?apiKey=" + KEY + "&from=yesterday", Map.of()), 400, "from-invalid");

        ExecutionException noKey = (ExecutionException) org.assertj.core.api.Assertions.catchThrowable(() ->
                HTTP.newWebSocketBuilder().buildAsync(URI.create(ws("/orders/1.0.0")), new WebSocketTestClient()).get(20, TimeUnit.SECONDS));
        assertThat(noKey.getCause()).isInstanceOfSatisfying(WebSocketHandshakeException.class,
                e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }

    @Test
    void webSocketSubscribesAndPublishesWithTheApplicationHeader() throws Exception {
        WebSocketTestClient client = WebSocketTestClient.connect(HTTP, ws("/orders/1.0.0?apiKey=" + KEY));
        client.send(new JsonObject().put("type", "subscribe").put("channel", "orders").put("id", "s1"));
        assertThat(client.next("subscribed").getString("id")).isEqualTo("s1");

        long beforePublish = System.currentTimeMillis() - 1;
        client.send(new JsonObject().put("type", "publish").put("channel", "orders").put("key", "ws-key")
                .put("payload", new JsonObject().put("hello", "kafka")).put("id", "p1"));
        JsonObject ack = client.next("ack");
        assertThat(ack.getString("id")).isEqualTo("p1");
        JsonObject message = client.next("message");
        assertThat(message.getString("channel")).isEqualTo("orders");
        assertThat(message.getString("key")).isEqualTo("ws-key");
        assertThat(message.getJsonObject("payload").getString("hello")).isEqualTo("kafka");
        assertThat(message.getJsonObject("headers").getString("weir-application")).isEqualTo("app-1");
        assertThat(message.getInteger("partition")).isEqualTo(ack.getInteger("partition"));
        assertThat(message.getLong("offset")).isEqualTo(ack.getLong("offset"));

        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(ORDERS_TOPIC, ack.getInteger("partition"));
            consumer.assign(List.of(partition));
            consumer.seek(partition, ack.getLong("offset"));
            ConsumerRecord<byte[], byte[]> record = consumer.poll(Duration.ofSeconds(10)).iterator().next();
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"hello\":\"kafka\"}");
            assertThat(new String(record.headers().lastHeader("weir-application").value(), StandardCharsets.UTF_8)).isEqualTo("app-1");
        }

        // a second client replays from a time, subscribed by connecting at the channel's path
        WebSocketTestClient replaying = WebSocketTestClient.connect(HTTP, ws("/orders/1.0.0/orders?apiKey=" + KEY + "&from=" + beforePublish));
        assertThat(replaying.next("subscribed").getString("channel")).isEqualTo("orders");
        JsonObject replayed = replaying.next("message");
        assertThat(replayed.getString("key")).isEqualTo("ws-key");
        assertThat(replayed.getLong("offset")).isEqualTo(ack.getLong("offset"));
        replaying.socket.sendClose(1000, "done").join();

        client.send(new JsonObject().put("type", "subscribe").put("channel", "nope"));
        assertThat(client.next("error").getString("code")).isEqualTo("channel-not-found");
        client.send(new JsonObject().put("type", "publish").put("channel", "audit").put("payload", "x"));
        assertThat(client.next("error").getString("code")).isEqualTo("operation-not-allowed");
        client.socket.sendText("{not json", true).join();
        assertThat(client.next("error").getString("code")).isEqualTo("frame-invalid");

        client.socket.sendText("{\"type\":\"publish\",\"channel\":\"orders\",\"payload\":\"" + "x".repeat(5000) + "\"}", true).join();
        Awaitility.await().alias("closed for a message over maxRequestBytes").atMost(Duration.ofSeconds(20))
                .until(() -> client.closeCode.get() == 1009);
    }

    @Test
    void perMessageLimitClosesWith1008AtTheStatedLimit() throws Exception {
        WebSocketTestClient client = WebSocketTestClient.connect(HTTP, ws("/limited/1.0.0/events?apiKey=" + KEY));
        assertThat(client.next("subscribed").getString("channel")).isEqualTo("events");
        for (int i = 0; i < LIMIT / 2; i++) {
            client.send(new JsonObject().put("type", "publish").put("channel", "events").put("payload", "m" + i));
            client.next("ack");
        }
        // each published message is also delivered back to this subscriber: 3 in + 3 out = the limit of 6
        Awaitility.await().alias("throttled at the stated limit").atMost(Duration.ofSeconds(20))
                .until(() -> client.count("message") == LIMIT / 2);
        assertThat(client.closeCode.get()).as("still open at the limit").isEqualTo(-1);
        client.send(new JsonObject().put("type", "publish").put("channel", "events").put("payload", "one too many"));
        Awaitility.await().alias("closed with 1008").atMost(Duration.ofSeconds(20)).until(() -> client.closeCode.get() == 1008);
        assertThat(client.closeReason.get()).startsWith("throttled-quota");
        assertThat(client.count("message")).isEqualTo(LIMIT / 2);
        assertThat(client.count("ack")).isEqualTo(LIMIT / 2);

        List<Invocation> records = new ArrayList<>();
        Awaitility.await().alias("the connection's invocation records").atMost(Duration.ofSeconds(30))
                .until(() -> {
                    records.clear();
                    records.addAll(invocations("limited-stream"));
                    return records.stream().anyMatch(r -> r.getKind() == InvocationKind.CONNECTION_CLOSED);
                });
        assertThat(records).allMatch(r -> r.getProtocol() == Protocol.WS && "app-1".equals(r.getApplicationId()));
        assertThat(records).filteredOn(r -> r.getKind() == InvocationKind.CONNECTION_OPENED).singleElement()
                .satisfies(r -> assertThat(r.getStatusCode()).isEqualTo(101));
        assertThat(records).filteredOn(r -> r.getKind() == InvocationKind.CONNECTION_CLOSED).singleElement()
                .satisfies(r -> {
                    assertThat(r.getStatusCode()).isEqualTo(1008);
                    assertThat(r.getErrorCode()).isEqualTo("throttled-quota");
                });
        List<Invocation> admitted = records.stream().filter(r -> r.getKind() == InvocationKind.MESSAGE && !r.getThrottled()).toList();
        assertThat(admitted.stream().filter(r -> r.getDirection() == MessageDirection.INBOUND).mapToInt(Invocation::getMessageCount).sum())
                .isEqualTo(LIMIT / 2);
        assertThat(admitted.stream().filter(r -> r.getDirection() == MessageDirection.OUTBOUND).mapToInt(Invocation::getMessageCount).sum())
                .isEqualTo(LIMIT / 2);
        assertThat(admitted).allMatch(r -> !r.getThrottleKeys().isEmpty() && "events".equals(r.getResource()));
        assertThat(records).filteredOn(Invocation::getThrottled).singleElement()
                .satisfies(r -> assertThat(r.getErrorCode()).isEqualTo("throttled-quota"));
    }

    @Test
    void sseEndsWithAnErrorEventAtItsLimitAndResumesAfterIt() throws Exception {
        long base = System.currentTimeMillis();
        for (int i = 0; i < SSE_LIMIT + 1; i++) {
            producer.send(new ProducerRecord<>(LIMITED_TOPIC, 0, base + i, "k", "sse " + i)).get();
        }
        try (SseTestClient client = SseTestClient.open(HTTP, node.url() + "/limited-sse/1.0.0/events?apiKey=" + KEY + "&from=" + base, Map.of())) {
            assertThat(client.response.statusCode()).isEqualTo(200);
            String lastId = null;
            long lastOffset = -1;
            for (int i = 0; i < SSE_LIMIT; i++) {
                SseTestClient.Event event = client.events.poll(30, TimeUnit.SECONDS);
                assertThat(event.event()).isEqualTo("events");
                assertThat(new JsonObject(event.data()).getString("payload")).isEqualTo("sse " + i);
                lastOffset = new JsonObject(event.data()).getLong("offset");
                lastId = event.id();
            }
            SseTestClient.Event refused = client.events.poll(30, TimeUnit.SECONDS);
            assertThat(refused.event()).isEqualTo("error");
            assertThat(new JsonObject(refused.data()).getString("code")).isEqualTo("throttled-quota");
            assertThat(new JsonObject(refused.data()).getLong("retryAfterMillis")).isPositive();
            assertThat(lastId).as("the last id names the last record sent, so a reconnect resumes at the refused one")
                    .isEqualTo("0:" + lastOffset);
        }
    }

    @Test
    void avroValuesArriveAsJson() throws Exception {
        Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"Customer","namespace":"it.cdc","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"}]}""");
        GenericRecord customer = new GenericData.Record(schema);
        customer.put("id", 7L);
        customer.put("name", "Ada");
        Map<String, Object> config = new HashMap<>(AvroSerdes.registryConfig(SharedComponents.registry().url()));
        try (AvroKafkaSerializer<GenericRecord> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(config, false);
            producer.send(new ProducerRecord<>(CUSTOMERS_TOPIC, "7", null)).get(); // a tombstone first
            try (KafkaProducer<String, GenericRecord> avro = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    new StringSerializer(), serializer)) {
                avro.send(new ProducerRecord<>(CUSTOMERS_TOPIC, "7", customer)).get(30, TimeUnit.SECONDS);
            }
        }
        try (SseTestClient client = SseTestClient.open(HTTP, node.url() + "/orders/1.0.0/customers?apiKey=" + KEY + "&from=0", Map.of())) {
            JsonObject tombstone = new JsonObject(client.events.poll(30, TimeUnit.SECONDS).data());
            assertThat(tombstone.getValue("payloadEncoding")).isNull();
            assertThat(tombstone.getValue("payload")).isNull();
            JsonObject envelope = new JsonObject(client.events.poll(30, TimeUnit.SECONDS).data());
            assertThat(envelope.getString("payloadEncoding")).isEqualTo("avro");
            assertThat(envelope.getJsonObject("payload").getMap()).containsEntry("id", 7).containsEntry("name", "Ada");
        }
        HttpResponse<String> metrics = get("/q/metrics", Map.of());
        assertThat(metrics.body()).contains("weir_gateway_stream_connections{protocol=\"sse\"", "weir_gateway_stream_tails",
                "weir_gateway_stream_catchups_total", "weir_gateway_stream_messages_total{direction=\"out\",protocol=\"sse\"");
    }

    @Test
    void openStreamsOfARevokedKeyEndWithinTwoSecondsWithCredentialRevoked() throws Exception {
        assertOpenStreamsEnd("/orders/1.0.0", REVOKED_KEY, "orders-stream", "app-revoked", "credential-revoked",
                () -> write(Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(REVOKED_KEY), null));
        assertProblem(get("/orders/1.0.0/orders?apiKey=" + REVOKED_KEY, Map.of()), 401, "api-key-invalid");
    }

    @Test
    void openStreamsOfABlockedSubscriptionEndWithSubscriptionBlocked() throws Exception {
        assertOpenStreamsEnd("/orders/1.0.0", BLOCKED_KEY, "orders-stream", "app-blocked", "subscription-blocked",
                () -> write(Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(BLOCKED_KEY), GatewayRecords.credential(
                        "app-blocked", CredentialStatus.ACTIVE, GatewayRecords.subscription("orders-stream", SubscriptionStatus.BLOCKED))));
        // and the subscription removed from the application altogether
        write(Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(BLOCKED_KEY), GatewayRecords.credential("app-blocked",
                CredentialStatus.ACTIVE, GatewayRecords.subscription("orders-stream", SubscriptionStatus.ACTIVE)));
        assertOpenStreamsEnd("/orders/1.0.0", BLOCKED_KEY, "orders-stream", "app-blocked", "not-subscribed",
                () -> write(Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(BLOCKED_KEY), GatewayRecords.credential(
                        "app-blocked", CredentialStatus.ACTIVE)));
    }

    @Test
    void openStreamsOfAnUndeployedApiEndWithApiUnavailable() throws Exception {
        assertOpenStreamsEnd("/undeployed/1.0.0", UNDEPLOYED_KEY, "undeployed-stream", "app-undeployed", "api-unavailable",
                () -> write(Topics.GATEWAY_APIS, "production/undeployed-stream", null));
        assertProblem(get("/undeployed/1.0.0/orders?apiKey=" + UNDEPLOYED_KEY, Map.of()), 404, "api-not-found");
    }

    interface GatewayChange {
        void write() throws Exception;
    }

    /**
     * Opens an SSE stream and a WebSocket with the key (once the node admits it), writes the change,
     * and asserts that both end within 2 s of the change being written: the SSE stream with an
     * {@code error} event carrying the code, the WebSocket with 1008 and the code; both
     * CONNECTION_CLOSED records carry it.
     */
    private void assertOpenStreamsEnd(String base, String key, String apiId, String application, String code,
                                      GatewayChange change) throws Exception {
        AtomicReference<SseTestClient> opened = new AtomicReference<>();
        Awaitility.await().alias("the node admits " + key + " on " + base).atMost(Duration.ofSeconds(30)).until(() -> {
            SseTestClient attempt = SseTestClient.open(HTTP, node.url() + base + "/orders?apiKey=" + key, Map.of());
            if (attempt.response.statusCode() == 200) {
                opened.set(attempt);
                return true;
            }
            attempt.close();
            return false;
        });
        SseTestClient sse = opened.get();
        assertThat(sse.comments.poll(10, TimeUnit.SECONDS)).startsWith("retry: ");
        WebSocketTestClient ws = WebSocketTestClient.connect(HTTP, ws(base + "/orders?apiKey=" + key));
        assertThat(ws.next("subscribed").getString("channel")).isEqualTo("orders");

        change.write();
        long changed = System.nanoTime();
        Awaitility.await().alias("the WebSocket closed with 1008 " + code).atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> ws.closeCode.get() == 1008);
        long wsMillis = (System.nanoTime() - changed) / 1_000_000;
        assertThat(ws.closeReason.get()).isEqualTo(code);
        SseTestClient.Event error = null;
        while (error == null) {
            SseTestClient.Event event = sse.events.poll(2, TimeUnit.SECONDS);
            assertThat(event).as("an error event within 2 s").isNotNull();
            error = "error".equals(event.event()) ? event : null;
        }
        assertThat(new JsonObject(error.data()).getString("code")).isEqualTo(code);
        Awaitility.await().alias("the SSE response ended").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> sse.ended);
        System.out.printf("%s: WebSocket closed %d ms, SSE ended %d ms after the gateway record was written%n", code,
                wsMillis, (System.nanoTime() - changed) / 1_000_000);

        List<Invocation> closes = new ArrayList<>();
        Awaitility.await().alias("both CONNECTION_CLOSED records").atMost(Duration.ofSeconds(30)).until(() -> {
            closes.clear();
            invocations(apiId).stream().filter(r -> r.getKind() == InvocationKind.CONNECTION_CLOSED
                    && application.equals(r.getApplicationId()) && code.equals(r.getErrorCode())).forEach(closes::add);
            return closes.size() == 2;
        });
        assertThat(closes).extracting(Invocation::getProtocol).containsExactlyInAnyOrder(Protocol.SSE, Protocol.WS);
        assertThat(closes).filteredOn(r -> r.getProtocol() == Protocol.WS).singleElement()
                .satisfies(r -> assertThat(r.getStatusCode()).isEqualTo(1008));
    }

    private static List<Invocation> invocations(String apiId) {
        Map<String, Object> config = new HashMap<>(AvroSerdes.consumerConfig(bootstrap, SharedComponents.registry().url(), null));
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<Invocation> found = new ArrayList<>();
        try (KafkaConsumer<String, InvocationBatch> consumer = new KafkaConsumer<>(config, AvroSerdes.keySerde().deserializer(),
                AvroSerdes.valueSerde(Topics.INVOCATION_BATCHES, SharedComponents.registry().url()).deserializer())) {
            String topic = TopicNaming.defaults().name(Topics.INVOCATION_BATCHES);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (apiId.equals(r.key())) {
                        found.addAll(r.value().getInvocations());
                    }
                });
            }
        }
        return found;
    }

    @Test
    void asyncApiDocumentMatchesTheDeployment() throws Exception {
        HttpResponse<String> response = get("/orders/1.0.0/asyncapi", Map.of("X-Forwarded-Host", "api.example.com", "X-Forwarded-Proto", "https"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject document = new JsonObject(response.body());
        assertThat(document.getJsonObject("servers").getJsonObject("websocket").getString("host")).isEqualTo("api.example.com");
        assertThat(document.getJsonObject("servers").getJsonObject("websocket").getString("protocol")).isEqualTo("wss");
        assertThat(document.getJsonObject("channels").fieldNames()).containsExactlyInAnyOrder("orders", "audit", "inbox", "customers");
        assertThat(document.getJsonObject("operations").getJsonObject("inbox.publish").getString("action")).isEqualTo("receive");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(response.body()).getString("code")).isEqualTo(code);
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String ws(String path) {
        return node.url().replaceFirst("^http", "ws") + path;
    }
}
