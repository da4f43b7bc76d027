package io.weir.processors.gateway;

import static io.restassured.RestAssured.given;
import static io.weir.processors.testing.CommandFixtures.ORG;
import static io.weir.processors.testing.CommandFixtures.command;
import static io.weir.processors.testing.CommandFixtures.createApi;
import static io.weir.processors.testing.CommandFixtures.createWebSubApi;
import static io.weir.processors.testing.CommandFixtures.defineEnvironment;
import static io.weir.processors.testing.CommandFixtures.defineSubscriptionTier;
import static io.weir.processors.testing.CommandFixtures.fromGateway;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.weir.harness.SharedComponents;
import io.weir.harness.quarkus.WeirTestResource;
import io.weir.processors.ProcessorSerdes;
import io.weir.processors.projection.ManagementViewsTopology;
import io.weir.schema.api.ChangeApiLifecycle;
import io.weir.schema.api.CreateApiRevision;
import io.weir.schema.api.DeployApiRevision;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.api.UndeployApiRevision;
import io.weir.schema.application.CreateApplication;
import io.weir.schema.application.IssueApiKey;
import io.weir.schema.application.KeyType;
import io.weir.schema.application.RevokeApiKey;
import io.weir.schema.catalogue.TopicBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandAccepted;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandResult;
import io.weir.schema.common.AggregateType;
import io.weir.schema.gateway.CredentialKeys;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.policy.DefineThrottlingPolicy;
import io.weir.schema.policy.DeleteThrottlingPolicy;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.serde.AvroSerdes;
import io.weir.schema.subscription.BlockScope;
import io.weir.schema.subscription.BlockSubscription;
import io.weir.schema.subscription.CreateSubscription;
import io.weir.schema.subscription.SubscriptionStatus;
import io.weir.schema.subscription.UnblockSubscription;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.webhook.CancelWebhookSubscription;
import io.weir.schema.webhook.DisableWebhookSubscription;
import io.weir.schema.webhook.RequestWebhookSubscription;
import io.weir.schema.webhook.VerifyWebhookSubscription;
import io.weir.schema.webhook.WebhookSubscriptionIds;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged processors against a real broker and registry: commands become gateway state within
 * the propagation bound (a blocked subscription and a revoked key are measured from the command on
 * the log to the record a read_committed gateway consumer sees), and the gateway topics rebuilt from
 * the event logs by a fresh application id equal the live ones (DESIGN.md rule 2).
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = WeirTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = WeirTestResource.REGISTRY, value = "true"))
class GatewayStateIT {

    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final List<TopicSpec<?>> GATEWAY_TOPICS =
            List.of(Topics.GATEWAY_APIS, Topics.GATEWAY_CREDENTIALS, Topics.GATEWAY_POLICIES,
                    Topics.GATEWAY_WEBHOOK_SUBSCRIPTIONS);

    private final TopicNaming live = TopicNaming.defaults();
    private final String bootstrap = SharedComponents.kafka().bootstrapServers();
    private final String registry = SharedComponents.registry().url();
    private final String s = UUID.randomUUID().toString().substring(0, 8);
    private KafkaProducer<String, CommandEnvelope> producer;
    private TopicTail tail;

    @BeforeEach
    void start() {
        // the packaged app restarts per test class; on a broker other tests filled it restores its
        // stores and global tables before it decides anything
        Awaitility.await().alias("processors ready").atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        producer = new KafkaProducer<>(AvroSerdes.producerConfig(bootstrap, registry));
        tail = new TopicTail(bootstrap, registry, Stream.concat(Stream.of(Topics.COMMAND_RESULTS), GATEWAY_TOPICS.stream())
                .map(live::name).toList());
    }

    @AfterEach
    void stop() throws InterruptedException {
        tail.close();
        producer.close();
    }

    @Test
    void gatewayStateFollowsCommandsWithinTheBoundAndRebuildsEqualFromTheLog() throws Exception {
        String production = "prod-" + s;
        String sandbox = "sbx-" + s;
        String gold = "Gold" + s;
        String apiId = "api-" + s;
        String appId = "app-" + s;
        String key = CredentialKeys.forApiKey("wk_live_" + s);
        decide(() -> defineEnvironment(production));
        decide(() -> defineEnvironment(sandbox));
        decide(() -> defineSubscriptionTier(gold));
        decide(() -> policy(PolicyLevel.APPLICATION, "App" + s));
        decide(() -> createApi(apiId, "/gw-" + s, "v1", gold));
        decide(() -> command(AggregateType.API, apiId, new CreateApiRevision("first")));
        decide(() -> command(AggregateType.API, apiId, new DeployApiRevision(1L, List.of(production, sandbox))));
        decide(() -> command(AggregateType.API, apiId, new ChangeApiLifecycle(LifecycleStatus.PUBLISHED, null)));
        decide(() -> command(AggregateType.APPLICATION, appId,
                new CreateApplication("app " + s, "alice", "App" + s, null, Map.of()), 0L));
        decide(() -> command(AggregateType.APPLICATION, appId,
                new IssueApiKey("k1", key, "wk_live", KeyType.PRODUCTION, null, null)));
        decide(() -> command(AggregateType.SUBSCRIPTION, "sub-" + s, new CreateSubscription(appId, apiId, gold), 0L));
        awaitSeen("the key with its subscription", live.name(Topics.GATEWAY_CREDENTIALS), key,
                value -> hasSubscription((GatewayCredential) value, SubscriptionStatus.ACTIVE), 0);
        awaitSeen("the API in sandbox", live.name(Topics.GATEWAY_APIS), sandbox + "/" + apiId, value -> value != null, 0);

        List<Long> blockMillis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            blockMillis.add(propagation("sub-" + s, new BlockSubscription(BlockScope.ALL, "abuse"), key,
                    value -> hasSubscription((GatewayCredential) value, SubscriptionStatus.BLOCKED)));
            blockMillis.add(propagation("sub-" + s, new UnblockSubscription(), key,
                    value -> hasSubscription((GatewayCredential) value, SubscriptionStatus.ACTIVE)));
        }
        List<Long> revokeMillis = new ArrayList<>();
        for (int i = 2; i <= 4; i++) {
            String another = CredentialKeys.forApiKey("wk_live_" + s + "_" + i);
            String keyId = "k" + i;
            decide(() -> command(AggregateType.APPLICATION, appId,
                    new IssueApiKey(keyId, another, "wk_live", KeyType.PRODUCTION, null, null)));
            awaitSeen("key " + i, live.name(Topics.GATEWAY_CREDENTIALS), another, value -> value != null, 0);
            revokeMillis.add(propagationOfApplication(appId, new RevokeApiKey(keyId), another));
        }
        System.out.printf("gateway propagation, command on the log -> record seen read_committed: "
                + "subscription block/unblock %s ms, key revocation %s ms%n", blockMillis, revokeMillis);

        decide(() -> command(AggregateType.API, apiId, new UndeployApiRevision(sandbox)));
        awaitSeen("sandbox tombstoned", live.name(Topics.GATEWAY_APIS), sandbox + "/" + apiId, value -> value == null, 0);
        decide(() -> policy(PolicyLevel.SUBSCRIPTION, "Gone" + s));
        decide(() -> command(AggregateType.THROTTLING_POLICY, ORG + "/SUBSCRIPTION/Gone" + s, new DeleteThrottlingPolicy()));
        awaitSeen("policy tombstoned", live.name(Topics.GATEWAY_POLICIES), ORG + "/SUBSCRIPTION/Gone" + s,
                value -> value == null, 0);

        assertThat(median(blockMillis)).as("median subscription change, ms").isLessThan(BOUND.toMillis());
        assertThat(median(revokeMillis)).as("median key revocation, ms").isLessThan(BOUND.toMillis());
        Map<String, Object> apis = read(live, Topics.GATEWAY_APIS);
        assertThat(apis).containsKey(production + "/" + apiId).doesNotContainKey(sandbox + "/" + apiId);
        assertThat(read(live, Topics.GATEWAY_CREDENTIALS)).containsKey(key);

        webhookSubscriptionsFollowTheHub(production);
        rebuildsEqual();
    }

    /**
     * WebSub subscriptions as a hub node commands them: one re-subscribed (its new secret on the
     * gateway once verified), one cancelled, one disabled; only the first stays on the topic.
     */
    private void webhookSubscriptionsFollowTheHub(String environment) throws Exception {
        String apiId = "hub-" + s;
        decide(() -> createWebSubApi(apiId, "/hub-" + s, "orders"));
        decide(() -> command(AggregateType.API, apiId, new CreateApiRevision("first")));
        decide(() -> command(AggregateType.API, apiId, new DeployApiRevision(1L, List.of(environment))));
        Map<String, String> ids = new HashMap<>();
        List<Long> verifyMillis = new ArrayList<>();
        for (String name : List.of("kept", "cancelled", "disabled")) {
            String callback = "https://" + name + ".example.com/hook/" + s;
            String id = WebhookSubscriptionIds.of(environment, apiId, "orders", callback);
            ids.put(name, id);
            decide(() -> hub(id, webhookRequest(environment, apiId, callback, "first")));
            verifyMillis.add(timedWebhook(hub(id, webhookVerify()), id, value -> value != null));
        }
        String kept = ids.get("kept");
        decide(() -> hub(kept, webhookRequest(environment, apiId, "https://kept.example.com/hook/" + s, "second")));
        verifyMillis.add(timedWebhook(hub(kept, webhookVerify()), kept, value -> value != null
                && ((GatewayWebhookSubscription) value).getEncryptedSecret().equals(encrypted("second"))));
        List<Long> endMillis = List.of(
                timedWebhook(hub(ids.get("cancelled"), new CancelWebhookSubscription("unsubscribe")), ids.get("cancelled"),
                        value -> value == null),
                timedWebhook(hub(ids.get("disabled"), new DisableWebhookSubscription(10, "HTTP 503")), ids.get("disabled"),
                        value -> value == null));
        System.out.printf("webhook subscription propagation, command on the log -> record seen read_committed: "
                + "verify %s ms, cancel/disable %s ms%n", verifyMillis, endMillis);

        Map<String, Object> subscriptions = read(live, Topics.GATEWAY_WEBHOOK_SUBSCRIPTIONS);
        assertThat(subscriptions).containsKey(kept).doesNotContainKeys(ids.get("cancelled"), ids.get("disabled"));
        assertThat(((GatewayWebhookSubscription) subscriptions.get(kept)).getEncryptedSecret()).isEqualTo(encrypted("second"));
        assertThat(median(verifyMillis)).as("median webhook verification, ms").isLessThan(BOUND.toMillis());
    }

    private long timedWebhook(CommandEnvelope command, String id, Predicate<Object> visible) throws Exception {
        send(command);
        long onTheLog = System.nanoTime();
        TopicTail.Seen seen = awaitSeen(command.getPayload().getClass().getSimpleName(),
                live.name(Topics.GATEWAY_WEBHOOK_SUBSCRIPTIONS), id, visible, onTheLog);
        return Duration.ofNanos(seen.seenAtNanos() - onTheLog).toMillis();
    }

    private static CommandEnvelope hub(String id, Object payload) {
        return fromGateway("gw-1", ORG, AggregateType.WEBHOOK_SUBSCRIPTION, id, payload);
    }

    private static RequestWebhookSubscription webhookRequest(String environment, String apiId, String callback,
                                                             String secret) {
        return RequestWebhookSubscription.newBuilder().setApiId(apiId).setTopic("orders").setCallbackUrl(callback)
                .setEncryptedSecret(encrypted(secret)).setKeyId("platform-1").setLeaseSeconds(86_400)
                .setEnvironment(environment).build();
    }

    private static VerifyWebhookSubscription webhookVerify() {
        Instant now = Instant.now();
        return new VerifyWebhookSubscription(now, now.plus(Duration.ofHours(1)));
    }

    private static ByteBuffer encrypted(String secret) {
        return ByteBuffer.wrap(("encrypted:" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh application id folds the event logs into views and gateway state under another prefix. */
    private void rebuildsEqual() throws Exception {
        TopicNaming rebuilt = TopicNaming.withPrefix("rebuild-gw-" + s + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicBootstrap(admin, rebuilt, (short) 1).ensure(Stream.concat(Topics.views().stream(),
                    GATEWAY_TOPICS.stream()).toList());
        }
        ProcessorSerdes serdes = ProcessorSerdes.apicurio(registry);
        StreamsBuilder builder = new StreamsBuilder();
        GatewayStateProjections.build(builder, new ManagementViewsTopology(live, rebuilt, serdes).build(builder),
                rebuilt, serdes);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "weir-gateway-rebuild-" + s);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("gateway-rebuild").toString());
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        KafkaStreams rebuild = new KafkaStreams(builder.build(), config);
        try {
            rebuild.start();
            for (TopicSpec<?> topic : Stream.concat(GATEWAY_TOPICS.stream(), Stream.of(Topics.VIEW_WEBHOOK_SUBSCRIPTIONS))
                    .toList()) {
                Awaitility.await().alias("rebuilt " + topic.baseName() + " equals the live one")
                        .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertThat(read(rebuilt, topic)).isEqualTo(read(live, topic)));
            }
        } finally {
            // bounded: a stream thread stuck in a registry call must not hang the build
            rebuild.close(Duration.ofSeconds(30));
        }
    }

    private long propagation(String subscriptionId, Object change, String credential, Predicate<Object> visible)
            throws Exception {
        CommandEnvelope command = command(AggregateType.SUBSCRIPTION, subscriptionId, change);
        return timed(command, credential, visible);
    }

    private long propagationOfApplication(String applicationId, Object change, String credential) throws Exception {
        return timed(command(AggregateType.APPLICATION, applicationId, change), credential, value -> value == null);
    }

    /** Milliseconds from the command being on the log to the gateway record a consumer sees. */
    private long timed(CommandEnvelope command, String credential, Predicate<Object> visible) throws Exception {
        send(command);
        long onTheLog = System.nanoTime();
        TopicTail.Seen seen = awaitSeen(command.getPayload().getClass().getSimpleName(),
                live.name(Topics.GATEWAY_CREDENTIALS), credential, visible, onTheLog);
        return Duration.ofNanos(seen.seenAtNanos() - onTheLog).toMillis();
    }

    private TopicTail.Seen awaitSeen(String alias, String topic, String key, Predicate<Object> matching, long since) {
        return Awaitility.await().alias(alias).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> tail.first(since, seen -> seen.topic().equals(topic) && key.equals(seen.key())
                        && matching.test(seen.value())), java.util.Optional::isPresent).orElseThrow();
    }

    /**
     * Produces the command until it is accepted: cross-aggregate checks read eventually consistent
     * views, so a command racing a projection may be refused and is sent again with a new id.
     */
    private void decide(Supplier<CommandEnvelope> command) {
        // generous: a processor started on a broker other tests filled may still be restoring tasks
        // (Streams restores in the background while RUNNING, so "ready" does not mean caught up)
        Awaitility.await().alias("accepted").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    CommandEnvelope envelope = command.get();
                    send(envelope);
                    CommandResult result = (CommandResult) Awaitility.await().alias("the command's result")
                            .atMost(Duration.ofSeconds(180))
                            .pollInterval(Duration.ofMillis(10))
                            .until(() -> tail.first(0, seen ->
                                    seen.value() instanceof CommandResult r
                                            && r.getCommandId().equals(envelope.getCommandId())),
                                    java.util.Optional::isPresent).orElseThrow().value();
                    return result.getOutcome() instanceof CommandAccepted;
                });
    }

    private void send(CommandEnvelope command) throws Exception {
        producer.send(new ProducerRecord<>(live.name(Topics.COMMANDS), command.getAggregateId(), command)).get();
    }

    private static CommandEnvelope policy(PolicyLevel level, String name) {
        ThrottlingLimits limits = ThrottlingLimits.newBuilder().setQuotaKind(QuotaKind.REQUEST_COUNT).setLimit(100)
                .setUnitMillis(60_000).setStopOnQuotaReach(true).build();
        return command(AggregateType.THROTTLING_POLICY, ORG + "/" + level.name() + "/" + name,
                new DefineThrottlingPolicy(name, level, null, limits, false));
    }

    private static boolean hasSubscription(GatewayCredential credential, SubscriptionStatus status) {
        return credential != null && credential.getSubscriptions().stream().anyMatch(sub -> sub.getStatus() == status);
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    /** A compacted topic as a map: the latest value per key, tombstones removing. */
    private Map<String, Object> read(TopicNaming naming, TopicSpec<?> topicSpec) {
        Map<String, Object> config = AvroSerdes.consumerConfig(bootstrap, registry, "unused");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, Object> state = new HashMap<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
            String topic = naming.name(topicSpec);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() == null) {
                        state.remove(record.key());
                    } else {
                        state.put(record.key(), record.value());
                    }
                });
            }
        }
        return state;
    }
}
