package io.weir.dataplane.websub.delivery;

import io.weir.dataplane.websub.WebhookMetrics;
import io.weir.dataplane.websub.WebhookWriters;
import io.weir.dataplane.websub.hub.HubCommands;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.webhook.DisableWebhookSubscription;
import io.weir.schema.webhook.ExpireWebhookSubscription;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The commands the delivering node issues about a subscription: ExpireWebhookSubscription once
 * when it finds the lease over, DisableWebhookSubscription once after too many dead-lettered
 * deliveries in a row. The projection then tombstones the subscription and every node stops.
 */
final class SubscriptionCommands {

    private static final Logger LOG = Logger.getLogger(SubscriptionCommands.class);

    private final HubCommands commands;
    private final WebhookWriters writers;
    private final WebhookMetrics metrics;
    private final int disableAfter;
    private final Set<String> expired = ConcurrentHashMap.newKeySet();

    SubscriptionCommands(HubCommands commands, WebhookWriters writers, WebhookMetrics metrics, int disableAfter) {
        this.commands = commands;
        this.writers = writers;
        this.metrics = metrics;
        this.disableAfter = disableAfter;
    }

    String organization(GatewayWebhookSubscription subscription) {
        return subscription.getOrganization();
    }

    boolean shouldDisable(int consecutiveFailures) {
        return consecutiveFailures >= disableAfter;
    }

    void expire(GatewayWebhookSubscription subscription) {
        String key = subscription.getSubscriptionId() + "@" + subscription.getVersion();
        if (expired.add(key)) {
            metrics.expired();
            send(commands.about(subscription.getSubscriptionId(), subscription.getOrganization(),
                    ExpireWebhookSubscription.newBuilder().build()), "expire");
        }
    }

    void disable(GatewayWebhookSubscription subscription, int consecutiveFailures, String lastError) {
        metrics.disabled();
        LOG.warnf("disabling webhook subscription %s (%s) after %d failed deliveries in a row: %s",
                subscription.getSubscriptionId(), subscription.getCallbackUrl(), consecutiveFailures, lastError);
        send(commands.about(subscription.getSubscriptionId(), subscription.getOrganization(),
                DisableWebhookSubscription.newBuilder().setConsecutiveFailures(consecutiveFailures).setLastError(lastError)
                        .build()), "disable");
    }

    private void send(io.weir.schema.command.CommandEnvelope envelope, String what) {
        writers.send(List.of(envelope)).onFailure(error ->
                LOG.errorf("could not %s webhook subscription %s: %s", what, envelope.getAggregateId(), error.toString()));
    }
}
