package io.weir.dataplane.websub.hub;

import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.webhook.CancelWebhookSubscription;
import io.weir.schema.webhook.RequestWebhookSubscription;
import io.weir.schema.webhook.VerifyWebhookSubscription;
import io.weir.schema.webhook.WebhookSubscriptionIds;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The commands a hub node issues, in envelopes built as the control plane builds them: a fresh
 * command id, the aggregate id of {@link WebhookSubscriptionIds}, the API's organization, and the
 * node as actor ({@code gateway:<nodeId>}). No expected version: a repeated subscribe renews.
 */
public final class HubCommands {

    private final String environment;
    private final String actor;

    public HubCommands(String environment, String nodeId) {
        this.environment = environment;
        this.actor = actor(nodeId);
    }

    public static String actor(String nodeId) {
        return "gateway:" + nodeId;
    }

    /**
     * A verified subscription: RequestWebhookSubscription then VerifyWebhookSubscription. The caller's
     * application, its subscription to the API, both tiers and the key type go with it: deliveries
     * are throttled on them (docs/webhooks.md, "Throttling of deliveries").
     */
    public List<CommandEnvelope> subscribed(GatewayApi api, HubRequest request, Authentication caller, byte[] encryptedSecret,
                                           String keyId, Instant verifiedAt, String correlationId) {
        String id = WebhookSubscriptionIds.of(environment, api.getApiId(), request.topic(), request.callback());
        RequestWebhookSubscription.Builder requested = RequestWebhookSubscription.newBuilder()
                .setApiId(api.getApiId()).setTopic(request.topic()).setCallbackUrl(request.callback())
                .setEncryptedSecret(encryptedSecret == null ? null : java.nio.ByteBuffer.wrap(encryptedSecret))
                .setKeyId(encryptedSecret == null ? null : keyId)
                .setLeaseSeconds(request.leaseSeconds()).setApplicationId(null).setEnvironment(environment);
        if (caller instanceof Subscribed subscribed) {
            requested.setApplicationId(subscribed.credential().getApplicationId())
                    .setApiSubscriptionId(subscribed.subscription().getSubscriptionId())
                    .setSubscriptionTier(named(subscribed.subscription().getTier()))
                    .setApplicationTier(named(subscribed.credential().getApplicationTier()))
                    .setKeyType(subscribed.credential().getKeyType());
        }
        VerifyWebhookSubscription verified = VerifyWebhookSubscription.newBuilder()
                .setVerifiedAt(verifiedAt).setLeaseExpiresAt(verifiedAt.plusSeconds(request.leaseSeconds())).build();
        return List.of(envelope(id, api.getOrganization(), requested.build(), correlationId),
                envelope(id, api.getOrganization(), verified, correlationId));
    }

    /** A verified unsubscription. */
    public CommandEnvelope unsubscribed(GatewayApi api, HubRequest request, String correlationId) {
        String id = WebhookSubscriptionIds.of(environment, api.getApiId(), request.topic(), request.callback());
        return envelope(id, api.getOrganization(), CancelWebhookSubscription.newBuilder()
                .setReason("unsubscribed by the subscriber").build(), correlationId);
    }

    /** Any other command on an existing subscription (disable, expire), issued by the delivering node. */
    public CommandEnvelope about(String subscriptionId, String organization, Object payload) {
        return envelope(subscriptionId, organization, payload, UUID.randomUUID().toString());
    }

    private static String named(String tier) {
        return tier == null || tier.isBlank() ? null : tier;
    }

    private CommandEnvelope envelope(String aggregateId, String organization, Object payload, String correlationId) {
        return CommandEnvelope.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setAggregateType(AggregateType.WEBHOOK_SUBSCRIPTION)
                .setAggregateId(aggregateId)
                .setExpectedVersion(null)
                .setIssuedAt(Instant.now())
                .setActor(actor)
                .setOrganization(organization)
                .setCorrelationId(correlationId)
                .setPayload(payload)
                .build();
    }
}
