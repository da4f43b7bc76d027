package io.weir.processors.gateway;

import static io.weir.processors.testing.CommandFixtures.ORG;
import static io.weir.processors.testing.CommandFixtures.command;
import static io.weir.processors.testing.CommandFixtures.createWebSubApi;
import static io.weir.processors.testing.CommandFixtures.defineEnvironment;
import static io.weir.processors.testing.CommandFixtures.fromGateway;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.processors.command.CommandProcessorTopology;
import io.weir.processors.projection.ManagementViewsTopology;
import io.weir.schema.api.CreateApiRevision;
import io.weir.schema.api.DeployApiRevision;
import io.weir.schema.application.KeyType;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandAccepted;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandRejected;
import io.weir.schema.command.CommandResult;
import io.weir.schema.command.RejectionReason;
import io.weir.schema.common.AggregateType;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.view.WebhookSubscriptionView;
import io.weir.schema.webhook.CancelWebhookSubscription;
import io.weir.schema.webhook.DisableWebhookSubscription;
import io.weir.schema.webhook.RequestWebhookSubscription;
import io.weir.schema.webhook.VerifyWebhookSubscription;
import io.weir.schema.webhook.WebhookSubscriptionIds;
import io.weir.schema.webhook.WebhookSubscriptionStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WebSub subscriptions from the commands a hub node sends to weir.gateway.webhook-subscriptions,
 * composed as in the processors' application: a record exactly while ACTIVE, tombstones otherwise.
 */
class GatewayWebhookSubscriptionsTopologyTest {

    private static final String API = "orders-api";
    private static final String CALLBACK = "https://subscriber.example.com/hook";
    private static final String ID = WebhookSubscriptionIds.of("production", API, "orders", CALLBACK);
    private static final Instant VERIFIED = Instant.parse("2026-11-27T10:00:05Z");

    private final TopicNaming naming = TopicNaming.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, CommandEnvelope> commands;
    private TestOutputTopic<String, CommandResult> results;
    private TestOutputTopic<String, GatewayWebhookSubscription> gateway;
    private TestOutputTopic<String, WebhookSubscriptionView> views;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        new CommandProcessorTopology(naming, GatewayFixtures.SERDES, 5).build(builder);
        GatewayStateProjections.build(builder,
                new ManagementViewsTopology(naming, naming, GatewayFixtures.SERDES).build(builder), naming,
                GatewayFixtures.SERDES);
        driver = GatewayFixtures.driver(builder);
        commands = driver.createInputTopic(naming.name(Topics.COMMANDS), Serdes.String().serializer(),
                GatewayFixtures.SERDES.of(CommandEnvelope.class).serializer());
        results = output(Topics.COMMAND_RESULTS);
        gateway = output(Topics.GATEWAY_WEBHOOK_SUBSCRIPTIONS);
        views = output(Topics.VIEW_WEBHOOK_SUBSCRIPTIONS);
        accept(defineEnvironment("production"), createWebSubApi(API, "/orders", "orders"),
                command(AggregateType.API, API, new CreateApiRevision("first")),
                command(AggregateType.API, API, new DeployApiRevision(1L, List.of("production"))));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aVerifiedSubscriptionIsOnTheGatewayWithItsSecretLeaseAndVersion() {
        accept(hub(request("s1", 3600)));
        assertThat(gateway.readKeyValuesToList()).as("nothing to deliver while PENDING")
                .containsExactly(KeyValue.pair(ID, null));
        assertThat(views.readKeyValuesToMap().get(ID).getStatus()).isEqualTo(WebhookSubscriptionStatus.PENDING);

        accept(hub(verify(3600)));

        GatewayWebhookSubscription record = onlyRecord();
        assertThat(record.getSubscriptionId()).isEqualTo(ID);
        assertThat(record.getEnvironment()).isEqualTo("production");
        assertThat(record.getApiId()).isEqualTo(API);
        assertThat(record.getOrganization()).isEqualTo(ORG);
        assertThat(record.getTopic()).isEqualTo("orders");
        assertThat(record.getCallbackUrl()).isEqualTo(CALLBACK);
        assertThat(record.getEncryptedSecret()).isEqualTo(secret("s1"));
        assertThat(record.getKeyId()).isEqualTo("platform-1");
        assertThat(record.getApplicationId()).isEqualTo("app-1");
        assertThat(record.getApiSubscriptionId()).as("what deliveries are charged to").isEqualTo("sub-1");
        assertThat(record.getSubscriptionTier()).isEqualTo("Gold");
        assertThat(record.getApplicationTier()).isEqualTo("Unlimited");
        assertThat(record.getKeyType()).isEqualTo(KeyType.PRODUCTION);
        assertThat(record.getVerifiedAt()).isEqualTo(VERIFIED);
        assertThat(record.getLeaseExpiresAt()).isEqualTo(VERIFIED.plusSeconds(3600));
        assertThat(record.getVersion()).isEqualTo(2L);
    }

    @Test
    void aResubscribeChangesTheSecretOnTheGatewayOnlyOnceVerified() {
        accept(hub(request("s1", 3600)), hub(verify(3600)));
        gateway.readKeyValuesToList();

        accept(hub(request("s2", 600)));
        assertThat(onlyRecord().getEncryptedSecret()).as("still the verified secret").isEqualTo(secret("s1"));

        accept(hub(verify(600)));
        GatewayWebhookSubscription renewed = onlyRecord();
        assertThat(renewed.getEncryptedSecret()).isEqualTo(secret("s2"));
        assertThat(renewed.getLeaseExpiresAt()).isEqualTo(VERIFIED.plusSeconds(600));
        assertThat(renewed.getVersion()).isEqualTo(4L);
    }

    @Test
    void aResubscribeUnderAnotherTierReachesTheGatewayOnlyOnceVerified() {
        accept(hub(request("s1", 3600)), hub(verify(3600)));
        gateway.readKeyValuesToList();

        accept(hub(RequestWebhookSubscription.newBuilder(request("s1", 3600)).setSubscriptionTier("Bronze").build()));
        assertThat(onlyRecord().getSubscriptionTier()).as("still the verified tier").isEqualTo("Gold");

        accept(hub(verify(3600)));
        assertThat(onlyRecord().getSubscriptionTier()).isEqualTo("Bronze");
    }

    @Test
    void aCancelledSubscriptionIsTombstonedAndARequestStartsItOver() {
        accept(hub(request("s1", 3600)), hub(verify(3600)));
        gateway.readKeyValuesToList();

        accept(hub(new CancelWebhookSubscription("hub.mode=unsubscribe")));
        assertThat(gateway.readKeyValuesToList()).containsExactly(KeyValue.pair(ID, null));

        accept(hub(request("s3", 3600)));
        assertThat(gateway.readKeyValuesToList()).containsExactly(KeyValue.pair(ID, null));
        accept(hub(verify(3600)));
        assertThat(onlyRecord().getEncryptedSecret()).isEqualTo(secret("s3"));
    }

    @Test
    void aDisabledSubscriptionIsTombstoned() {
        accept(hub(request("s1", 3600)), hub(verify(3600)));
        gateway.readKeyValuesToList();

        accept(hub(new DisableWebhookSubscription(10, "HTTP 503")));

        assertThat(gateway.readKeyValuesToList()).containsExactly(KeyValue.pair(ID, null));
        WebhookSubscriptionView view = views.readKeyValuesToMap().get(ID);
        assertThat(view.getStatus()).isEqualTo(WebhookSubscriptionStatus.DISABLED);
    }

    /** The hub sends in the API's organization; a node of another organization finds neither API nor subscription. */
    @Test
    void aGatewayCommandInAnotherOrganizationIsNotFound() {
        assertThat(rejection(fromGateway("gw-9", "globex", AggregateType.WEBHOOK_SUBSCRIPTION, ID, request("s1", 3600))))
                .isEqualTo(RejectionReason.NOT_FOUND);

        accept(hub(request("s1", 3600)));
        assertThat(rejection(fromGateway("gw-9", "globex", AggregateType.WEBHOOK_SUBSCRIPTION, ID, verify(3600))))
                .isEqualTo(RejectionReason.NOT_FOUND);
        assertThat(views.readKeyValuesToMap().get(ID).getStatus()).isEqualTo(WebhookSubscriptionStatus.PENDING);
    }

    private static CommandEnvelope hub(Object payload) {
        return fromGateway("gw-1", ORG, AggregateType.WEBHOOK_SUBSCRIPTION, ID, payload);
    }

    private static RequestWebhookSubscription request(String secret, int leaseSeconds) {
        return RequestWebhookSubscription.newBuilder()
                .setApiId(API).setTopic("orders").setCallbackUrl(CALLBACK)
                .setEncryptedSecret(secret(secret)).setKeyId("platform-1")
                .setLeaseSeconds(leaseSeconds).setApplicationId("app-1").setEnvironment("production")
                .setApiSubscriptionId("sub-1").setSubscriptionTier("Gold").setApplicationTier("Unlimited")
                .setKeyType(KeyType.PRODUCTION)
                .build();
    }

    private static VerifyWebhookSubscription verify(int leaseSeconds) {
        return new VerifyWebhookSubscription(VERIFIED, VERIFIED.plusSeconds(leaseSeconds));
    }

    private static ByteBuffer secret(String name) {
        return ByteBuffer.wrap(("encrypted:" + name).getBytes(StandardCharsets.UTF_8));
    }

    private GatewayWebhookSubscription onlyRecord() {
        List<KeyValue<String, GatewayWebhookSubscription>> out = gateway.readKeyValuesToList();
        assertThat(out).singleElement().satisfies(record -> {
            assertThat(record.key).isEqualTo(ID);
            assertThat(record.value).isNotNull();
        });
        return out.get(0).value;
    }

    private RejectionReason rejection(CommandEnvelope envelope) {
        commands.pipeInput(envelope.getAggregateId(), envelope);
        CommandResult result = results.readValuesToList().get(0);
        assertThat(result.getOutcome()).isInstanceOf(CommandRejected.class);
        return ((CommandRejected) result.getOutcome()).getReason();
    }

    /** Sends the commands one by one, each accepted before the next. */
    private void accept(CommandEnvelope... envelopes) {
        for (CommandEnvelope envelope : envelopes) {
            commands.pipeInput(envelope.getAggregateId(), envelope);
            assertThat(results.readValuesToList()).as(envelope.getPayload().getClass().getSimpleName())
                    .singleElement().satisfies(result -> assertThat(result.getOutcome()).as("%s", result.getOutcome())
                            .isInstanceOf(CommandAccepted.class));
        }
    }

    private <V extends SpecificRecord> TestOutputTopic<String, V> output(TopicSpec<V> topic) {
        return driver.createOutputTopic(naming.name(topic), Serdes.String().deserializer(),
                GatewayFixtures.SERDES.of(topic.valueType()).deserializer());
    }
}
