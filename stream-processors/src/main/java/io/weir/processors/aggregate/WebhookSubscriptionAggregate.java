package io.weir.processors.aggregate;

import static io.weir.schema.command.RejectionReason.ILLEGAL_LIFECYCLE_TRANSITION;
import static io.weir.schema.command.RejectionReason.LEASE_INVALID;
import static io.weir.schema.webhook.WebhookSubscriptionStatus.ACTIVE;
import static io.weir.schema.webhook.WebhookSubscriptionStatus.PENDING;

import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.view.WebhookSubscriptionView;
import io.weir.schema.webhook.CancelWebhookSubscription;
import io.weir.schema.webhook.DisableWebhookSubscription;
import io.weir.schema.webhook.ExpireWebhookSubscription;
import io.weir.schema.webhook.RenewWebhookSubscription;
import io.weir.schema.webhook.RequestWebhookSubscription;
import io.weir.schema.webhook.VerifyWebhookSubscription;
import io.weir.schema.webhook.WebhookSubscriptionCancelled;
import io.weir.schema.webhook.WebhookSubscriptionDisabled;
import io.weir.schema.webhook.WebhookSubscriptionExpired;
import io.weir.schema.webhook.WebhookSubscriptionRenewed;
import io.weir.schema.webhook.WebhookSubscriptionStatus;
import io.weir.schema.webhook.WebhookSubscriptionVerified;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A WebSub subscription held by the gateway hub: one callback of one environment to one topic
 * (channel) of a WEBSUB or STREAM API, its id {@code WebhookSubscriptionIds.of(environment, apiId,
 * topic, callbackUrl)}. The hub nodes send its commands (actor {@code gateway:<nodeId>}, organization
 * = the API's), so every node learns of it from the log.
 *
 * <pre>
 * Request ─► PENDING ─Verify─► ACTIVE ─Cancel / Expire / Disable─► CANCELLED / EXPIRED / DISABLED
 *              │                │  ▲                                         │
 *              └─Cancel─► CANCELLED  └─Request (re-subscribe) + Verify         └─Request─► PENDING
 * </pre>
 *
 * A re-subscribe to an ACTIVE subscription keeps delivering with the current secret and lease until
 * the next Verify makes the new ones current. Request checks are in {@link WebhookSubscriptionRequests},
 * state changes in {@link WebhookSubscriptionEvolution}.
 */
final class WebhookSubscriptionAggregate implements Aggregate<WebhookSubscriptionView> {

    private static final Set<WebhookSubscriptionStatus> ENDED = WebhookSubscriptionEvolution.ENDED;

    @Override
    public AggregateType type() {
        return AggregateType.WEBHOOK_SUBSCRIPTION;
    }

    @Override
    public Class<WebhookSubscriptionView> stateType() {
        return WebhookSubscriptionView.class;
    }

    @Override
    public Decision decide(WebhookSubscriptionView state, CommandEnvelope command, DecisionContext context) {
        Object payload = command.getPayload();
        if (payload instanceof RequestWebhookSubscription request) {
            return WebhookSubscriptionRequests.decide(state, command, request, context);
        }
        if (state == null) {
            return Rejections.notFound("webhook subscription " + command.getAggregateId() + " does not exist");
        }
        if (payload instanceof VerifyWebhookSubscription verify) {
            return verify(state, verify);
        }
        if (payload instanceof RenewWebhookSubscription renew) {
            return renew(state, renew, context.now());
        }
        if (payload instanceof ExpireWebhookSubscription) {
            return onlyActive(state, "expired").orElseGet(() -> context.now().isBefore(state.getLeaseExpiresAt())
                    ? Decision.reject(LEASE_INVALID, "the lease runs until " + state.getLeaseExpiresAt()
                            + "; a subscription expires only once its lease has run out")
                    : Decision.accept(new WebhookSubscriptionExpired(state.getApiId(), state.getTopic())));
        }
        if (payload instanceof CancelWebhookSubscription cancel) {
            return ENDED.contains(state.getStatus())
                    ? illegal("the subscription is already " + state.getStatus() + "; only a PENDING or ACTIVE one can be cancelled")
                    : Decision.accept(new WebhookSubscriptionCancelled(state.getApiId(), state.getTopic(), cancel.getReason()));
        }
        if (payload instanceof DisableWebhookSubscription disable) {
            return onlyActive(state, "disabled").orElseGet(() -> disable.getConsecutiveFailures() < 1
                    ? Rejections.invalid("/payload/consecutiveFailures", "consecutiveFailures must be at least 1")
                    : Decision.accept(new WebhookSubscriptionDisabled(state.getApiId(), state.getTopic(),
                            disable.getConsecutiveFailures(), disable.getLastError())));
        }
        return Rejections.notACommandFor("webhook subscription", payload);
    }

    @Override
    public WebhookSubscriptionView evolve(WebhookSubscriptionView state, EventEnvelope event) {
        return WebhookSubscriptionEvolution.evolve(state, event);
    }

    /** Never: an ended subscription keeps its view, with its status; a new request reuses its id. */
    @Override
    public boolean isDeleted(WebhookSubscriptionView state) {
        return false;
    }

    /** From PENDING, or from ACTIVE with a re-subscribe request waiting: the request verified becomes current. */
    private static Decision verify(WebhookSubscriptionView state, VerifyWebhookSubscription verify) {
        boolean awaiting = state.getStatus() == PENDING || (state.getStatus() == ACTIVE && state.getPendingRequest() != null);
        if (!awaiting) {
            return illegal(state.getStatus() == ACTIVE
                    ? "the subscription is already ACTIVE with no request awaiting verification"
                    : "the subscription is " + state.getStatus() + "; only a PENDING request can be verified");
        }
        int leaseSeconds = state.getPendingRequest() != null
                ? state.getPendingRequest().getLeaseSeconds() : state.getLeaseSeconds();
        Instant verifiedAt = verify.getVerifiedAt();
        Instant leaseEnd = verify.getLeaseExpiresAt();
        if (!leaseEnd.isAfter(verifiedAt) || leaseEnd.isAfter(verifiedAt.plusSeconds(leaseSeconds))) {
            return Decision.reject(LEASE_INVALID, "leaseExpiresAt must be after verifiedAt and at most the "
                    + leaseSeconds + " s requested after it", "/payload/leaseExpiresAt");
        }
        return Decision.accept(new WebhookSubscriptionVerified(
                state.getApiId(), state.getTopic(), verifiedAt, leaseEnd));
    }

    private static Decision renew(WebhookSubscriptionView state, RenewWebhookSubscription renew, Instant now) {
        return onlyActive(state, "renewed").orElseGet(() -> {
            Instant leaseEnd = renew.getLeaseExpiresAt();
            if (!leaseEnd.isAfter(state.getLeaseExpiresAt())
                    || leaseEnd.isAfter(now.plusSeconds(WebhookSubscriptionRequests.MAX_LEASE_SECONDS))) {
                return Decision.reject(LEASE_INVALID, "a renewal must end the lease after its current end "
                        + state.getLeaseExpiresAt() + " and at most " + WebhookSubscriptionRequests.MAX_LEASE_SECONDS
                        + " s from now", "/payload/leaseExpiresAt");
            }
            return Decision.accept(new WebhookSubscriptionRenewed(state.getApiId(), state.getTopic(), leaseEnd));
        });
    }

    private static Optional<Decision> onlyActive(WebhookSubscriptionView state, String what) {
        return state.getStatus() == ACTIVE
                ? Optional.empty()
                : Optional.of(illegal("the subscription is " + state.getStatus()
                        + "; only an ACTIVE subscription can be " + what));
    }

    private static Decision illegal(String message) {
        return Decision.reject(ILLEGAL_LIFECYCLE_TRANSITION, message);
    }
}
