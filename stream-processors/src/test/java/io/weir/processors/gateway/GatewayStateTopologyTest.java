package io.weir.processors.gateway;

import static io.weir.processors.testing.CommandFixtures.ORG;
import static io.weir.processors.testing.CommandFixtures.command;
import static io.weir.processors.testing.CommandFixtures.createApi;
import static io.weir.processors.testing.CommandFixtures.defineEnvironment;
import static io.weir.processors.testing.CommandFixtures.defineSubscriptionTier;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.processors.command.CommandProcessorTopology;
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
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandAccepted;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandResult;
import io.weir.schema.common.AggregateType;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.gateway.GatewaySubscription;
import io.weir.schema.policy.DefineThrottlingPolicy;
import io.weir.schema.policy.DeleteThrottlingPolicy;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.subscription.BlockScope;
import io.weir.schema.subscription.BlockSubscription;
import io.weir.schema.subscription.CreateSubscription;
import io.weir.schema.subscription.SubscriptionStatus;
import io.weir.schema.subscription.UnblockSubscription;
import java.util.List;
import java.util.Map;
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
 * The gateway state composed as in the processors' application — command processor, management
 * views, gateway projections on the views' changes — from commands to gateway records.
 */
class GatewayStateTopologyTest {

    private static final String KEY_HASH = "d".repeat(64);

    private final TopicNaming naming = TopicNaming.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, CommandEnvelope> commands;
    private TestOutputTopic<String, CommandResult> results;
    private TestOutputTopic<String, GatewayApi> apis;
    private TestOutputTopic<String, GatewayCredential> credentials;
    private TestOutputTopic<String, GatewayPolicy> policies;

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
        apis = output(Topics.GATEWAY_APIS);
        credentials = output(Topics.GATEWAY_CREDENTIALS);
        policies = output(Topics.GATEWAY_POLICIES);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void deploymentsLifecycleAndUndeploymentReachTheGatewayApis() {
        send(defineEnvironment("production"), defineEnvironment("sandbox"), defineSubscriptionTier("Gold"),
                createApi("pets", "/pets", "v1", "Gold"),
                command(AggregateType.API, "pets", new CreateApiRevision("first")),
                command(AggregateType.API, "pets", new DeployApiRevision(1L, List.of("production", "sandbox"))));
        assertThat(apis.readKeyValuesToMap()).containsOnlyKeys("production/pets", "sandbox/pets");

        send(command(AggregateType.API, "pets", new ChangeApiLifecycle(LifecycleStatus.PUBLISHED, null)));
        assertThat(apis.readKeyValuesToMap().values()).extracting(GatewayApi::getLifecycleStatus)
                .containsOnly(LifecycleStatus.PUBLISHED).hasSize(2);

        send(command(AggregateType.API, "pets", new UndeployApiRevision("sandbox")));
        assertThat(apis.readKeyValuesToList()).containsExactly(KeyValue.pair("sandbox/pets", null));
    }

    @Test
    void aKeyCarriesItsSubscriptionsUntilItIsRevoked() {
        send(defineEnvironment("production"), defineSubscriptionTier("Gold"), applicationTier("10PerMin"),
                createApi("pets", "/pets", "v1", "Gold"),
                command(AggregateType.API, "pets", new CreateApiRevision("first")),
                command(AggregateType.API, "pets", new DeployApiRevision(1L, List.of("production"))),
                command(AggregateType.API, "pets", new ChangeApiLifecycle(LifecycleStatus.PUBLISHED, null)),
                command(AggregateType.APPLICATION, "app", new CreateApplication("mobile", "alice", "10PerMin", null,
                        Map.of()), 0L),
                command(AggregateType.APPLICATION, "app", new IssueApiKey("k1", KEY_HASH, "wk_abcd", KeyType.PRODUCTION,
                        null, null)),
                command(AggregateType.SUBSCRIPTION, "sub", new CreateSubscription("app", "pets", "Gold"), 0L));
        assertThat(credentials.readKeyValuesToMap().get(KEY_HASH).getSubscriptions())
                .containsExactly(new GatewaySubscription("sub", "pets", "Gold", SubscriptionStatus.ACTIVE));

        send(command(AggregateType.SUBSCRIPTION, "sub", new BlockSubscription(BlockScope.ALL, "abuse")));
        assertThat(credentials.readValue().getSubscriptions()).extracting(GatewaySubscription::getStatus)
                .containsExactly(SubscriptionStatus.BLOCKED);

        send(command(AggregateType.SUBSCRIPTION, "sub", new UnblockSubscription()));
        assertThat(credentials.readValue().getSubscriptions()).extracting(GatewaySubscription::getStatus)
                .containsExactly(SubscriptionStatus.ACTIVE);

        send(command(AggregateType.APPLICATION, "app", new RevokeApiKey("k1")));
        assertThat(credentials.readKeyValuesToList()).containsExactly(KeyValue.pair(KEY_HASH, null));
    }

    @Test
    void aDeletedPolicyLeavesTheGateway() {
        send(defineSubscriptionTier("Gold"));
        assertThat(policies.readKeyValuesToMap()).containsOnlyKeys(ORG + "/SUBSCRIPTION/Gold");

        send(command(AggregateType.THROTTLING_POLICY, ORG + "/SUBSCRIPTION/Gold", new DeleteThrottlingPolicy()));

        assertThat(policies.readKeyValuesToList()).containsExactly(KeyValue.pair(ORG + "/SUBSCRIPTION/Gold", null));
    }

    private static CommandEnvelope applicationTier(String name) {
        ThrottlingLimits limits = ThrottlingLimits.newBuilder().setQuotaKind(QuotaKind.REQUEST_COUNT).setLimit(10)
                .setUnitMillis(60_000).setStopOnQuotaReach(true).build();
        return command(AggregateType.THROTTLING_POLICY, ORG + "/APPLICATION/" + name,
                new DefineThrottlingPolicy(name, PolicyLevel.APPLICATION, null, limits, false));
    }

    /** Sends the commands one by one, each accepted before the next. */
    private void send(CommandEnvelope... envelopes) {
        for (CommandEnvelope envelope : envelopes) {
            commands.pipeInput(envelope.getAggregateId(), envelope);
            assertThat(results.readValuesToList()).as(envelope.getPayload().getClass().getSimpleName())
                    .singleElement().satisfies(result -> assertThat(result.getOutcome()).isInstanceOf(CommandAccepted.class));
        }
    }

    private <V extends SpecificRecord> TestOutputTopic<String, V> output(TopicSpec<V> topic) {
        return driver.createOutputTopic(naming.name(topic), Serdes.String().deserializer(),
                GatewayFixtures.SERDES.of(topic.valueType()).deserializer());
    }
}
