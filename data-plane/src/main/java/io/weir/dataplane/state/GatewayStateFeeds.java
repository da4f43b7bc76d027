package io.weir.dataplane.state;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.kafka.GatewayKafka;
import io.weir.schema.catalogue.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * Starts the node's readers of weir.gateway.apis, .credentials, .policies and .webhook-subscriptions, all from the
 * beginning, feeding one {@link GatewayState}. The node is ready when every feed has caught up
 * with the end offsets it found at start; later changes apply live.
 */
@ApplicationScoped
public class GatewayStateFeeds {

    private final GatewayState state;
    private final List<CompactedTopicFeed<?>> feeds;
    private final CompactedTopicFeed<?> webhookSubscriptions;

    GatewayStateFeeds(GatewayKafka kafka, NodeIdentity node, MeterRegistry meters) {
        this.state = new GatewayState(node.environment());
        String client = "gateway-" + node.nodeId();
        this.feeds = List.of(
                new CompactedTopicFeed<>(kafka.topic(Topics.GATEWAY_APIS),
                        kafka.reader(Topics.GATEWAY_APIS, client + "-apis"), state::onApi),
                new CompactedTopicFeed<>(kafka.topic(Topics.GATEWAY_CREDENTIALS),
                        kafka.reader(Topics.GATEWAY_CREDENTIALS, client + "-credentials"), state::onCredential),
                new CompactedTopicFeed<>(kafka.topic(Topics.GATEWAY_POLICIES),
                        kafka.reader(Topics.GATEWAY_POLICIES, client + "-policies"), state::onPolicy),
                new CompactedTopicFeed<>(kafka.topic(Topics.GATEWAY_WEBHOOK_SUBSCRIPTIONS),
                        kafka.reader(Topics.GATEWAY_WEBHOOK_SUBSCRIPTIONS, client + "-webhook-subscriptions"),
                        state::onWebhookSubscription));
        this.webhookSubscriptions = feeds.get(3);
        for (CompactedTopicFeed<?> feed : feeds) {
            Gauge.builder("weir.gateway.config.lag", feed, f -> f.lastLagMillis())
                    .description("Milliseconds between a gateway record being written and this node applying it (last record)")
                    .baseUnit("milliseconds").tag("topic", feed.topic()).register(meters);
        }
    }

    void start(@Observes StartupEvent event) {
        feeds.forEach(CompactedTopicFeed::start);
    }

    void stop(@Observes ShutdownEvent event) {
        feeds.forEach(CompactedTopicFeed::close);
    }

    @Produces
    @Singleton
    GatewayState state() {
        return state;
    }

    /** Whether every feed has read what existed when the node started. */
    public boolean caughtUp() {
        return feeds.stream().allMatch(CompactedTopicFeed::caughtUp);
    }

    /**
     * Whether the node has applied weir.gateway.webhook-subscriptions up to the given end offsets
     * (partition → offset), so the webhook fan-out can be sure it knows every subscription written
     * before the content it is about to fan out.
     */
    public boolean webhookSubscriptionsReached(Map<Integer, Long> endOffsets) {
        return webhookSubscriptions.hasApplied(endOffsets);
    }

    /** Topics not caught up yet, for the readiness report. */
    public List<String> lagging() {
        return feeds.stream().filter(f -> !f.caughtUp()).map(CompactedTopicFeed::topic).toList();
    }
}
