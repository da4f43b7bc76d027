package io.weir.processors.gateway;

import io.weir.processors.ProcessorSerdes;
import io.weir.processors.projection.ViewChanges;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * The gateway state — weir.gateway.apis, weir.gateway.credentials, weir.gateway.policies,
 * weir.gateway.webhook-subscriptions — as the projections of the management views that derive it,
 * composed on the views' changes.
 */
public final class GatewayStateProjections {

    private GatewayStateProjections() {
    }

    /** The event logs the gateway state is ultimately derived from. */
    public static List<TopicSpec<?>> sourceTopics() {
        return Stream.of(GatewayApisTopology.sourceTopics(), GatewayCredentialsTopology.sourceTopics(),
                GatewayPoliciesTopology.sourceTopics(), GatewayWebhookSubscriptionsTopology.sourceTopics())
                .flatMap(List::stream).distinct().toList();
    }

    /** @param output names of the gateway topics written (another prefix when rebuilding side by side) */
    public static void build(StreamsBuilder builder, ViewChanges views, TopicNaming output, ProcessorSerdes serdes) {
        new GatewayApisTopology(output, serdes).build(builder, views);
        new GatewayCredentialsTopology(output, serdes).build(builder, views);
        new GatewayPoliciesTopology(output, serdes).build(builder, views);
        new GatewayWebhookSubscriptionsTopology(output, serdes).build(builder, views);
    }
}
