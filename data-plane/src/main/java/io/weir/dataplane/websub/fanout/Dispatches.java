package io.weir.dataplane.websub.fanout;

import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.webhook.WebhookDispatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Which subscriptions receive a piece of content, as a pure function: those verified at or before
 * the content's timestamp whose lease had not ended by then (judged by the record's time, not the
 * clock, so fanning the same record out again gives the same answer). The delivery id is derived
 * from the subscription and the source record, so a re-run of the fan-out names the same deliveries.
 */
final class Dispatches {

    private Dispatches() {
    }

    static List<WebhookDispatch> of(Content content, List<GatewayWebhookSubscription> subscriptions) {
        List<WebhookDispatch> dispatches = new ArrayList<>(subscriptions.size());
        for (GatewayWebhookSubscription subscription : subscriptions) {
            if (subscription.getVerifiedAt().toEpochMilli() > content.publishedAt()
                    || subscription.getLeaseExpiresAt().toEpochMilli() <= content.publishedAt()) {
                continue;
            }
            dispatches.add(WebhookDispatch.newBuilder()
                    .setDeliveryId(deliveryId(subscription.getSubscriptionId(), content.source()))
                    .setSubscriptionId(subscription.getSubscriptionId())
                    .setApiId(content.apiId()).setTopic(content.topic())
                    .setPayload(ByteBuffer.wrap(content.payload())).setContentType(content.contentType())
                    .setPublishedAt(Instant.ofEpochMilli(content.publishedAt())).setSource(content.source())
                    .build());
        }
        return dispatches;
    }

    static String deliveryId(String subscriptionId, String source) {
        return UUID.nameUUIDFromBytes((subscriptionId + "|" + source).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
