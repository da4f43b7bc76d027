package io.weir.processors.aggregate;

import io.weir.schema.event.EventEnvelope;
import io.weir.schema.subscription.BlockScope;
import io.weir.schema.subscription.SubscriptionApproved;
import io.weir.schema.subscription.SubscriptionBlocked;
import io.weir.schema.subscription.SubscriptionCreated;
import io.weir.schema.subscription.SubscriptionDeleted;
import io.weir.schema.subscription.SubscriptionStatus;
import io.weir.schema.subscription.SubscriptionTierChanged;
import io.weir.schema.subscription.SubscriptionUnblocked;
import io.weir.schema.view.SubscriptionView;

/** How each subscription event changes a {@link SubscriptionView}. */
final class SubscriptionEvolution {

    private SubscriptionEvolution() {
    }

    static SubscriptionView evolve(SubscriptionView state, EventEnvelope event) {
        Object payload = event.getPayload();
        if (payload instanceof SubscriptionCreated created) {
            return SubscriptionView.newBuilder()
                    .setSubscriptionId(event.getAggregateId())
                    .setOrganization(event.getOrganization())
                    .setVersion(event.getAggregateVersion())
                    .setApplicationId(created.getApplicationId())
                    .setApiId(created.getApiId())
                    .setTier(created.getTier())
                    .setStatus(created.getStatus())
                    .setCreatedAt(event.getOccurredAt())
                    .setUpdatedAt(event.getOccurredAt())
                    .setDeleted(false)
                    .build();
        }
        if (state == null) {
            throw new IllegalStateException(payload.getClass().getSimpleName()
                    + " before SubscriptionCreated for subscription " + event.getAggregateId());
        }
        SubscriptionView.Builder next = SubscriptionView.newBuilder(state)
                .setVersion(event.getAggregateVersion())
                .setUpdatedAt(event.getOccurredAt())
                .setOrganization(event.getOrganization());
        if (payload instanceof SubscriptionApproved || payload instanceof SubscriptionUnblocked) {
            next.setStatus(SubscriptionStatus.ACTIVE);
        } else if (payload instanceof SubscriptionBlocked blocked) {
            next.setStatus(blocked.getScope() == BlockScope.PRODUCTION_ONLY
                    ? SubscriptionStatus.PRODUCTION_BLOCKED
                    : SubscriptionStatus.BLOCKED);
        } else if (payload instanceof SubscriptionTierChanged changed) {
            next.setTier(changed.getToTier());
        } else if (payload instanceof SubscriptionDeleted) {
            next.setDeleted(true);
        } else {
            throw new IllegalArgumentException("not a subscription event: " + payload.getClass().getName());
        }
        return next.build();
    }
}
