package io.weir.processors.gateway;

import static io.weir.processors.gateway.GatewayFixtures.SERDES;
import static io.weir.processors.gateway.GatewayFixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.processors.projection.ViewChanges;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.AggregateType;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.throttle.ThrottleKeys;
import io.weir.schema.view.ThrottlingPolicyView;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** weir.view.policies in, weir.gateway.policies out. */
class GatewayPoliciesTopologyTest {

    private TopologyTestDriver driver;
    private TestInputTopic<String, ThrottlingPolicyView> views;
    private TestOutputTopic<String, GatewayPolicy> gateway;

    @BeforeEach
    void start() {
        TopicNaming naming = TopicNaming.defaults();
        StreamsBuilder builder = new StreamsBuilder();
        new GatewayPoliciesTopology(naming, SERDES).build(builder, ViewChanges.fromViewTopics(builder, naming, SERDES,
                AggregateType.THROTTLING_POLICY));
        driver = GatewayFixtures.driver(builder);
        views = driver.createInputTopic(naming.name(Topics.VIEW_POLICIES), Serdes.String().serializer(),
                SERDES.of(ThrottlingPolicyView.class).serializer());
        gateway = driver.createOutputTopic(naming.name(Topics.GATEWAY_POLICIES), Serdes.String().deserializer(),
                SERDES.of(GatewayPolicy.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aPolicyIsPublishedUnderItsPolicyIdWithItsLimits() {
        ThrottlingPolicyView gold = policy(PolicyLevel.SUBSCRIPTION, "Gold", 5000);

        views.pipeInput(gold.getPolicyId(), gold);

        KeyValue<String, GatewayPolicy> out = gateway.readKeyValue();
        assertThat(out.key).isEqualTo(ThrottleKeys.policyId("acme", PolicyLevel.SUBSCRIPTION, "Gold"));
        assertThat(out.value.getName()).isEqualTo("Gold");
        assertThat(out.value.getLevel()).isEqualTo(PolicyLevel.SUBSCRIPTION);
        assertThat(out.value.getLimits()).isEqualTo(gold.getLimits());
    }

    @Test
    void anUpdatedPolicyReplacesItsLimits() {
        ThrottlingPolicyView gold = policy(PolicyLevel.SUBSCRIPTION, "Gold", 5000);
        views.pipeInput(gold.getPolicyId(), gold);
        gateway.readKeyValue();

        views.pipeInput(gold.getPolicyId(), policy(PolicyLevel.SUBSCRIPTION, "Gold", 10));

        assertThat(gateway.readValue().getLimits().getLimit()).isEqualTo(10L);
    }

    @Test
    void aDeletedPolicyIsATombstone() {
        ThrottlingPolicyView tier = policy(PolicyLevel.APPLICATION, "10PerMin", 10);
        views.pipeInput(tier.getPolicyId(), tier);
        gateway.readKeyValue();

        views.pipeInput(tier.getPolicyId(), (ThrottlingPolicyView) null);
        views.pipeInput(tier.getPolicyId(), ThrottlingPolicyView.newBuilder(tier).setDeleted(true).build());

        assertThat(gateway.readKeyValuesToList()).containsExactly(KeyValue.pair("acme/APPLICATION/10PerMin", null),
                KeyValue.pair("acme/APPLICATION/10PerMin", null));
    }
}
