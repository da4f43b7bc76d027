package io.weir.processors.aggregate;

import static io.weir.schema.webhook.WebhookSubscriptionStatus.ACTIVE;
import static io.weir.schema.webhook.WebhookSubscriptionStatus.CANCELLED;
import static io.weir.schema.webhook.WebhookSubscriptionStatus.DISABLED;
import static io.weir.schema.webhook.WebhookSubscriptionStatus.EXPIRED;
import static io.weir.schema.webhook.WebhookSubscriptionStatus.PENDING;

import io.weir.schema.event.EventEnvelope;
import io.weir.schema.view.WebhookRequestView;
import io.weir.schema.view.WebhookSubscriptionView;
import io.weir.schema.webhook.WebhookSubscriptionCancelled;
import io.weir.schema.webhook.WebhookSubscriptionDisabled;
import io.weir.schema.webhook.WebhookSubscriptionExpired;
import io.weir.schema.webhook.WebhookSubscriptionRenewed;
import io.weir.schema.webhook.WebhookSubscriptionRequested;
import io.weir.schema.webhook.WebhookSubscriptionStatus;
import io.weir.schema.webhook.WebhookSubscriptionVerified;
import java.util.Set;

/**
 * How each webhook subscription event changes a {@link WebhookSubscriptionView}. The view's own
 * secret, lease, application and the application's API subscription and tiers (what deliveries are
 * throttled on) are the ones deliveries use; a re-subscribe to an ACTIVE
 * subscription waits in {@code pendingRequest} until it is verified.
 */
final class WebhookSubscriptionEvolution {

    /** The statuses of a subscription that ended; a new request starts it over. */
    static final Set<WebhookSubscriptionStatus> ENDED = Set.of(CANCELLED, EXPIRED, DISABLED);

    private WebhookSubscriptionEvolution() {
    }

    static WebhookSubscriptionView evolve(WebhookSubscriptionView state, EventEnvelope event) {
        Object payload = event.getPayload();
        if (payload instanceof WebhookSubscriptionRequested requested) {
            return requested(state, requested, event);
        }
        if (state == null) {
            throw new IllegalStateException(payload.getClass().getSimpleName()
                    + " before WebhookSubscriptionRequested for webhook subscription " + event.getAggregateId());
        }
        WebhookSubscriptionView.Builder next = touched(state, event);
        if (payload instanceof WebhookSubscriptionVerified verified) {
            WebhookRequestView request = state.getPendingRequest() != null ? state.getPendingRequest() : currentRequest(state);
            return next.setStatus(ACTIVE)
                    .setEncryptedSecret(request.getEncryptedSecret())
                    .setKeyId(request.getKeyId())
                    .setLeaseSeconds(request.getLeaseSeconds())
                    .setApplicationId(request.getApplicationId())
                    .setApiSubscriptionId(request.getApiSubscriptionId())
                    .setSubscriptionTier(request.getSubscriptionTier())
                    .setApplicationTier(request.getApplicationTier())
                    .setKeyType(request.getKeyType())
                    .setVerifiedAt(verified.getVerifiedAt())
                    .setLeaseExpiresAt(verified.getLeaseExpiresAt())
                    .setPendingRequest(null)
                    .build();
        }
        if (payload instanceof WebhookSubscriptionRenewed renewed) {
            return next.setLeaseExpiresAt(renewed.getLeaseExpiresAt()).build();
        }
        if (payload instanceof WebhookSubscriptionCancelled cancelled) {
            return ended(next, CANCELLED, cancelled.getReason());
        }
        if (payload instanceof WebhookSubscriptionExpired) {
            return ended(next, EXPIRED, "lease expired");
        }
        if (payload instanceof WebhookSubscriptionDisabled disabled) {
            return ended(next, DISABLED, disabled.getConsecutiveFailures() + " consecutive failed deliveries"
                    + (disabled.getLastError() == null ? "" : "; last: " + disabled.getLastError()));
        }
        throw new IllegalArgumentException("not a webhook subscription event: " + payload.getClass().getName());
    }

    /** The request the view's own fields hold (the one awaiting verification while PENDING). */
    static WebhookRequestView currentRequest(WebhookSubscriptionView state) {
        return WebhookRequestView.newBuilder()
                .setEncryptedSecret(state.getEncryptedSecret())
                .setKeyId(state.getKeyId())
                .setLeaseSeconds(state.getLeaseSeconds())
                .setApplicationId(state.getApplicationId())
                .setApiSubscriptionId(state.getApiSubscriptionId())
                .setSubscriptionTier(state.getSubscriptionTier())
                .setApplicationTier(state.getApplicationTier())
                .setKeyType(state.getKeyType())
                .setRequestedAt(state.getUpdatedAt())
                .build();
    }

    /** New, ended or PENDING: the request becomes the subscription (PENDING); ACTIVE: it waits for its verification. */
    private static WebhookSubscriptionView requested(WebhookSubscriptionView state, WebhookSubscriptionRequested requested,
                                                     EventEnvelope event) {
        if (state != null && state.getStatus() == ACTIVE) {
            return touched(state, event).setPendingRequest(WebhookRequestView.newBuilder()
                    .setEncryptedSecret(requested.getEncryptedSecret())
                    .setKeyId(requested.getKeyId())
                    .setLeaseSeconds(requested.getLeaseSeconds())
                    .setApplicationId(requested.getApplicationId())
                    .setApiSubscriptionId(requested.getApiSubscriptionId())
                    .setSubscriptionTier(requested.getSubscriptionTier())
                    .setApplicationTier(requested.getApplicationTier())
                    .setKeyType(requested.getKeyType())
                    .setRequestedAt(event.getOccurredAt())
                    .build()).build();
        }
        return WebhookSubscriptionView.newBuilder()
                .setSubscriptionId(event.getAggregateId())
                .setOrganization(event.getOrganization())
                .setVersion(event.getAggregateVersion())
                .setEnvironment(requested.getEnvironment())
                .setApiId(requested.getApiId())
                .setTopic(requested.getTopic())
                .setCallbackUrl(requested.getCallbackUrl())
                .setStatus(PENDING)
                .setEncryptedSecret(requested.getEncryptedSecret())
                .setKeyId(requested.getKeyId())
                .setLeaseSeconds(requested.getLeaseSeconds())
                .setApplicationId(requested.getApplicationId())
                .setApiSubscriptionId(requested.getApiSubscriptionId())
                .setSubscriptionTier(requested.getSubscriptionTier())
                .setApplicationTier(requested.getApplicationTier())
                .setKeyType(requested.getKeyType())
                .setVerifiedAt(null)
                .setLeaseExpiresAt(null)
                .setPendingRequest(null)
                .setEndReason(null)
                .setCreatedAt(state == null ? event.getOccurredAt() : state.getCreatedAt())
                .setUpdatedAt(event.getOccurredAt())
                .build();
    }

    private static WebhookSubscriptionView ended(WebhookSubscriptionView.Builder next, WebhookSubscriptionStatus status,
                                                 String reason) {
        return next.setStatus(status).setPendingRequest(null).setEndReason(reason).build();
    }

    private static WebhookSubscriptionView.Builder touched(WebhookSubscriptionView state, EventEnvelope event) {
        return WebhookSubscriptionView.newBuilder(state)
                .setVersion(event.getAggregateVersion())
                .setUpdatedAt(event.getOccurredAt())
                .setOrganization(event.getOrganization());
    }
}
