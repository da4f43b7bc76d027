package io.weir.processors.gateway;

import io.weir.processors.ProcessorSerdes;
import io.weir.processors.projection.ViewChanges;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.AggregateType;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.view.ThrottlingPolicyView;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Derives weir.gateway.policies from the policy views ({@link ViewChanges}): each throttling policy as gateways enforce
 * it (name, level, limits), under the same key — the policy aggregate id
 * {@code <organization>/<LEVEL>/<name>} ({@code ThrottleKeys.policyId}). A deleted policy (view
 * tombstone, or a view still marked deleted) is a tombstone. One record in, at most one out, so no
 * store is needed: the key already is what the gateway looks up.
 */
public final class GatewayPoliciesTopology {

    private final TopicNaming output;
    private final ProcessorSerdes serdes;

    public GatewayPoliciesTopology(TopicNaming output, ProcessorSerdes serdes) {
        this.output = output;
        this.serdes = serdes;
    }

    /** The log the policy views are folded from. */
    public static List<TopicSpec<?>> sourceTopics() {
        return List.of(Topics.eventsOf(AggregateType.THROTTLING_POLICY));
    }

    public void build(StreamsBuilder builder, ViewChanges views) {
        views.of(AggregateType.THROTTLING_POLICY, ThrottlingPolicyView.class)
                .mapValues(GatewayPoliciesTopology::enforced, Named.as("gateway-policies-resolve"))
                .to(output.name(Topics.GATEWAY_POLICIES), Produced.with(Serdes.String(), serdes.of(GatewayPolicy.class))
                        .withName("gateway-policies-out"));
    }

    static GatewayPolicy enforced(ThrottlingPolicyView policy) {
        if (policy == null || policy.getDeleted()) {
            return null;
        }
        return GatewayPolicy.newBuilder()
                .setName(policy.getName())
                .setLevel(policy.getLevel())
                .setLimits(policy.getLimits())
                .build();
    }
}
