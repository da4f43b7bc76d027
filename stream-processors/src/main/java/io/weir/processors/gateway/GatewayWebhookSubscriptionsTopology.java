package io.weir.processors.gateway;

import io.weir.processors.ProcessorSerdes;
import io.weir.processors.projection.ViewChanges;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.AggregateType;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.view.WebhookSubscriptionView;
import io.weir.schema.webhook.WebhookSubscriptionStatus;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Derives weir.gateway.webhook-subscriptions from the webhook subscription views ({@link ViewChanges}):
 * a record, under the subscription id, exactly while the subscription is ACTIVE — with the secret,
 * lease, application and the application's API subscription and tiers (which the hub nodes charge
 * deliveries to) its last verification made current, never those of a re-subscribe still
 * awaiting verification — and a tombstone in every other status.
 *
 * <p>The mapping is a pure function of the view, so the topic needs no store and rebuilds from the
 * log to the same result. It also stays right when the views' fold collapses several changes of a
 * commit into the last one (ACTIVE, CANCELLED, then PENDING again emits only PENDING): that
 * PENDING view tombstones the record the gateways hold. The price is a tombstone for a key the
 * gateways never held when a subscription is first requested, and the unchanged record re-emitted
 * (with the new version) when an ACTIVE subscription is re-subscribed or renewed.
 */
public final class GatewayWebhookSubscriptionsTopology {

    private final TopicNaming output;
    private final ProcessorSerdes serdes;

    public GatewayWebhookSubscriptionsTopology(TopicNaming output, ProcessorSerdes serdes) {
        this.output = output;
        this.serdes = serdes;
    }

    /** The log the webhook subscription views are folded from. */
    public static List<TopicSpec<?>> sourceTopics() {
        return List.of(Topics.eventsOf(AggregateType.WEBHOOK_SUBSCRIPTION));
    }

    public void build(StreamsBuilder builder, ViewChanges views) {
        views.of(AggregateType.WEBHOOK_SUBSCRIPTION, WebhookSubscriptionView.class)
                .mapValues(GatewayWebhookSubscriptionsTopology::delivered, Named.as("gateway-webhook-subscriptions-resolve"))
                .to(output.name(Topics.GATEWAY_WEBHOOK_SUBSCRIPTIONS), Produced.with(Serdes.String(),
                        serdes.of(GatewayWebhookSubscription.class)).withName("gateway-webhook-subscriptions-out"));
    }

    /** What the hub nodes deliver for a subscription in this state; null (a tombstone) unless ACTIVE. */
    static GatewayWebhookSubscription delivered(WebhookSubscriptionView subscription) {
        if (subscription == null || subscription.getStatus() != WebhookSubscriptionStatus.ACTIVE) {
            return null;
        }
        return GatewayWebhookSubscription.newBuilder()
                .setSubscriptionId(subscription.getSubscriptionId())
                .setEnvironment(subscription.getEnvironment())
                .setApiId(subscription.getApiId())
                .setOrganization(subscription.getOrganization())
                .setTopic(subscription.getTopic())
                .setCallbackUrl(subscription.getCallbackUrl())
                .setEncryptedSecret(subscription.getEncryptedSecret())
                .setKeyId(subscription.getKeyId())
                .setApplicationId(subscription.getApplicationId())
                .setApiSubscriptionId(subscription.getApiSubscriptionId())
                .setSubscriptionTier(subscription.getSubscriptionTier())
                .setApplicationTier(subscription.getApplicationTier())
                .setKeyType(subscription.getKeyType())
                .setVerifiedAt(subscription.getVerifiedAt())
                .setLeaseExpiresAt(subscription.getLeaseExpiresAt())
                .setVersion(subscription.getVersion())
                .build();
    }
}
