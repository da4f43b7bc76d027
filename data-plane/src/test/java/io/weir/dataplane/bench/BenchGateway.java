package io.weir.dataplane.bench;

import io.weir.dataplane.testing.GatewayRecords;
import io.weir.harness.app.QuarkusApp;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.ChannelOperation;
import io.weir.schema.bootstrap.PlatformBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.gateway.CredentialKeys;
import io.weir.schema.gateway.CredentialStatus;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.serde.AvroSerdes;
import io.weir.schema.subscription.SubscriptionStatus;
import io.weir.schema.webhook.WebhookSubscriptionIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;

/**
 * The gateway state the benchmark runs against, written to a fresh topic prefix as the projections
 * would: a STREAM API whose channel {@code ticks} is bound to a Kafka topic, a WEBSUB API whose
 * channel {@code feed} takes its content from another, an API key subscribed to both, and verified
 * webhook subscriptions; plus the packaged node that serves them.
 */
final class BenchGateway implements AutoCloseable {

    static final String KEY = "bench-key";
    static final String STREAM_PATH = "/bench-stream/1.0.0/ticks";
    private static final String HOOKS_API = "bench-hooks";

    private final String bootstrap;
    private final String registry;
    private final TopicNaming naming = TopicNaming.withPrefix("bench-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    private final KafkaProducer<String, SpecificRecord> records;

    private BenchGateway(String bootstrap, String registry) {
        this.bootstrap = bootstrap;
        this.registry = registry;
        this.records = new KafkaProducer<>(AvroSerdes.producerConfig(bootstrap, registry));
    }

    static BenchGateway create(String bootstrap, String registry) throws Exception {
        BenchGateway gateway = new BenchGateway(bootstrap, registry);
        PlatformBootstrap.run(bootstrap, registry, gateway.naming, (short) 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(gateway.streamTopic(), 1, (short) 1), new NewTopic(gateway.feedTopic(), 2, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        GatewayApi stream = GatewayRecords.api("bench-stream", "/bench-stream", "1.0.0", List.of(ApiResource.newBuilder()
                .setPath("ticks").setAuthScheme(AuthScheme.API_KEY).setOperations(List.of(ChannelOperation.SUBSCRIBE)).build()));
        stream.setApiType(ApiType.STREAM);
        stream.setTopicBindings(List.of(GatewayRecords.binding("ticks", gateway.streamTopic(), ChannelOperation.SUBSCRIBE)));
        gateway.write(Topics.GATEWAY_APIS, "production/bench-stream", stream);
        GatewayApi hooks = GatewayRecords.api(HOOKS_API, "/bench-hooks", "1.0", List.of(ApiResource.newBuilder().setPath("feed")
                .setAuthScheme(AuthScheme.API_KEY).setKafkaTopic(gateway.feedTopic()).build()));
        hooks.setApiType(ApiType.WEBSUB);
        gateway.write(Topics.GATEWAY_APIS, "production/" + HOOKS_API, hooks);
        gateway.write(Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(KEY), GatewayRecords.credential("app-1", CredentialStatus.ACTIVE,
                GatewayRecords.subscription("bench-stream", SubscriptionStatus.ACTIVE),
                GatewayRecords.subscription(HOOKS_API, SubscriptionStatus.ACTIVE)));
        return gateway;
    }

    /**
     * One node with the given heap; its file descriptor limit is this JVM's (ulimit -n). Extra node
     * settings come as {@code key=value,key=value} (e.g. {@code weir.gateway.streams.message-record-interval=10s}).
     */
    QuarkusApp node(String heap, String extraSettings) {
        QuarkusApp.Builder builder = QuarkusApp.builder("data-plane-bench", Path.of("target/quarkus-app/quarkus-run.jar"));
        for (String setting : extraSettings.split(",")) {
            if (setting.contains("=")) {
                builder.systemProperty(setting.substring(0, setting.indexOf('=')).trim(), setting.substring(setting.indexOf('=') + 1).trim());
            }
        }
        return builder
                .systemProperty("kafka.bootstrap.servers", bootstrap)
                .systemProperty("apicurio.registry.url", registry)
                .systemProperty("weir.gateway.topic-prefix", naming.prefix())
                .systemProperty("weir.gateway.node-id", "bench-node")
                .systemProperty("weir.gateway.throttling.initial-share", "1.0")
                .systemProperty("weir.gateway.webhook.allow-cidrs", "127.0.0.1/32")
                .heap(heap)
                .start()
                .awaitReady(Duration.ofSeconds(120));
    }

    /** Waits until the node serves both APIs (its state has caught up with the records written). */
    void awaitServed(String nodeUrl) {
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await().alias("the node serves the stream API").atMost(Duration.ofSeconds(60))
                .until(() -> http.send(HttpRequest.newBuilder(URI.create(nodeUrl + "/bench-stream/1.0.0/asyncapi"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** A verified subscription of the feed channel, as the projection writes it. */
    void subscribeWebhook(String callback, byte[] sealedSecret, Instant verifiedAt) throws Exception {
        String id = WebhookSubscriptionIds.of("production", HOOKS_API, "feed", callback);
        write(Topics.GATEWAY_WEBHOOK_SUBSCRIPTIONS, id, GatewayRecords.webhookSubscription(id, HOOKS_API, "feed", callback,
                sealedSecret, "dev", verifiedAt.minusSeconds(1), verifiedAt.plusSeconds(3600)));
    }

    String bootstrap() {
        return bootstrap;
    }

    String streamTopic() {
        return naming.prefix() + "bench.ticks";
    }

    String feedTopic() {
        return naming.prefix() + "bench.feed";
    }

    private <V extends SpecificRecord> void write(TopicSpec<V> topic, String key, V value) throws Exception {
        records.send(new ProducerRecord<>(naming.name(topic), key, value)).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        records.close();
    }
}
