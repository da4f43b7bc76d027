package io.weir.dataplane.websub.delivery;

import io.weir.dataplane.http.ThrottleCharges.Subscriber;
import io.weir.dataplane.state.GatewayState;
import io.weir.schema.application.KeyType;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewaySubscription;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import java.util.List;

/**
 * Whose tiers a webhook delivery is charged to, and whether its subscriber may still receive it.
 * The application's subscription to the API is looked up as it is now, in any of the application's
 * credentials on weir.gateway.credentials (each carries all its subscriptions), so a tier change,
 * a block or a removal takes effect on the next delivery. Only when the node knows no credential of
 * the application (all revoked) does it fall back to what the webhook subscription recorded when
 * the callback subscribed. Memory lookups only.
 */
final class DeliverySubscriber {

    sealed interface Result permits Charged, Refused {
    }

    /** Who is charged; {@code subscriber} null = an anonymous subscription (API and channel counters only). */
    record Charged(Subscriber subscriber, String subscriptionTier) implements Result {
    }

    /** The subscriber may not receive deliveries now; {@code code} is the refusal a hub request would get. */
    record Refused(String code, String detail) implements Result {
    }

    private DeliverySubscriber() {
    }

    static Result of(GatewayState state, GatewayWebhookSubscription subscription) {
        String applicationId = subscription.getApplicationId();
        if (applicationId == null) {
            return new Charged(null, null);
        }
        List<GatewayCredential> credentials = state.credentialsOf(applicationId).stream()
                .filter(credential -> credential.getOrganization().equals(subscription.getOrganization())).toList();
        if (credentials.isEmpty()) {
            return new Charged(new Subscriber(subscription.getApiSubscriptionId(), subscription.getSubscriptionTier(),
                    applicationId, subscription.getOrganization(), subscription.getApplicationTier()),
                    subscription.getSubscriptionTier());
        }
        GatewayCredential credential = credentials.get(0);
        GatewaySubscription current = credential.getSubscriptions().stream()
                .filter(s -> s.getApiId().equals(subscription.getApiId())).findFirst().orElse(null);
        if (current == null) {
            return new Refused("not-subscribed", "The application is no longer subscribed to the API.");
        }
        return switch (current.getStatus()) {
            case ACTIVE -> charged(current, credential);
            case PRODUCTION_BLOCKED -> subscription.getKeyType() == KeyType.SANDBOX ? charged(current, credential)
                    : new Refused("subscription-blocked", "The subscription is blocked for production use.");
            case PENDING -> new Refused("subscription-pending", "The subscription is waiting for approval.");
            default -> new Refused("subscription-blocked", "The subscription is blocked.");
        };
    }

    private static Charged charged(GatewaySubscription subscription, GatewayCredential credential) {
        return new Charged(new Subscriber(subscription.getSubscriptionId(), subscription.getTier(),
                credential.getApplicationId(), credential.getOrganization(), credential.getApplicationTier()),
                subscription.getTier());
    }
}
