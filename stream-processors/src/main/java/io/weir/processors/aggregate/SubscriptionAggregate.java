package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.Rejections.firstOf;
import static io.weir.processors.aggregate.Rejections.invalidIf;
import static io.weir.processors.aggregate.Rejections.isBlank;
import static io.weir.schema.command.RejectionReason.API_NOT_PUBLISHED;
import static io.weir.schema.command.RejectionReason.APPLICATION_NOT_FOUND;
import static io.weir.schema.command.RejectionReason.SUBSCRIPTION_BLOCKED;
import static io.weir.schema.command.RejectionReason.TIER_NOT_ALLOWED;
import static io.weir.schema.command.RejectionReason.UNKNOWN_POLICY;
import static io.weir.schema.subscription.SubscriptionStatus.ACTIVE;
import static io.weir.schema.subscription.SubscriptionStatus.BLOCKED;
import static io.weir.schema.subscription.SubscriptionStatus.PENDING;
import static io.weir.schema.subscription.SubscriptionStatus.PRODUCTION_BLOCKED;

import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.subscription.ApproveSubscription;
import io.weir.schema.subscription.BlockScope;
import io.weir.schema.subscription.BlockSubscription;
import io.weir.schema.subscription.ChangeSubscriptionTier;
import io.weir.schema.subscription.CreateSubscription;
import io.weir.schema.subscription.DeleteSubscription;
import io.weir.schema.subscription.SubscriptionApproved;
import io.weir.schema.subscription.SubscriptionBlocked;
import io.weir.schema.subscription.SubscriptionCreated;
import io.weir.schema.subscription.SubscriptionDeleted;
import io.weir.schema.subscription.SubscriptionStatus;
import io.weir.schema.subscription.SubscriptionTierChanged;
import io.weir.schema.subscription.SubscriptionUnblocked;
import io.weir.schema.subscription.UnblockSubscription;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.SubscriptionView;
import java.util.Optional;

/**
 * An application's subscription to an API under a tier. As in WSO2, only a PUBLISHED API takes new
 * subscriptions, the tier must be one the API allows, and a tier that requires approval leaves the
 * subscription PENDING until approved. State changes are in {@link SubscriptionEvolution}.
 */
final class SubscriptionAggregate implements Aggregate<SubscriptionView> {

    @Override
    public AggregateType type() {
        return AggregateType.SUBSCRIPTION;
    }

    @Override
    public Class<SubscriptionView> stateType() {
        return SubscriptionView.class;
    }

    @Override
    public Decision decide(SubscriptionView state, CommandEnvelope command, DecisionContext context) {
        Object payload = command.getPayload();
        String organization = command.getOrganization();
        if (payload instanceof CreateSubscription create) {
            return state != null && !state.getDeleted()
                    ? Rejections.alreadyExists("subscription " + command.getAggregateId() + " already exists")
                    : create(create, organization, context);
        }
        if (state == null || state.getDeleted()) {
            return Rejections.notFound("subscription " + command.getAggregateId() + " does not exist");
        }
        SubscriptionStatus status = state.getStatus();
        if (payload instanceof ApproveSubscription approve) {
            return status != PENDING
                    ? Rejections.invalid(null, "only a PENDING subscription can be approved; it is " + status)
                    : Decision.accept(new SubscriptionApproved(state.getApplicationId(), state.getApiId(), approve.getComment()));
        }
        if (payload instanceof BlockSubscription block) {
            return block(state, block);
        }
        if (payload instanceof UnblockSubscription) {
            return status != BLOCKED && status != PRODUCTION_BLOCKED
                    ? Rejections.invalid(null, "the subscription is " + status + ", not blocked")
                    : Decision.accept(new SubscriptionUnblocked(state.getApplicationId(), state.getApiId()));
        }
        if (payload instanceof ChangeSubscriptionTier change) {
            return changeTier(state, change, organization, context);
        }
        if (payload instanceof DeleteSubscription) {
            return Decision.accept(new SubscriptionDeleted(state.getApplicationId(), state.getApiId()));
        }
        return Rejections.notACommandFor("subscription", payload);
    }

    @Override
    public SubscriptionView evolve(SubscriptionView state, EventEnvelope event) {
        return SubscriptionEvolution.evolve(state, event);
    }

    @Override
    public boolean isDeleted(SubscriptionView state) {
        return state.getDeleted();
    }

    private static Decision create(CreateSubscription create, String organization, DecisionContext context) {
        Optional<Decision> invalid = firstOf(
                () -> invalidIf(isBlank(create.getApiId()), "/payload/apiId", "apiId must not be blank"),
                () -> invalidIf(isBlank(create.getApplicationId()), "/payload/applicationId", "applicationId must not be blank"),
                () -> invalidIf(isBlank(create.getTier()), "/payload/tier", "tier must not be blank"));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Optional<ApiView> api = References.api(context, organization, create.getApiId());
        if (api.isEmpty()) {
            return Rejections.notFound("API " + create.getApiId() + " does not exist", "/payload/apiId");
        }
        LifecycleStatus apiStatus = api.get().getLifecycleStatus();
        if (apiStatus != LifecycleStatus.PUBLISHED) {
            return Decision.reject(API_NOT_PUBLISHED, "API " + create.getApiId() + " is " + apiStatus
                    + "; only PUBLISHED APIs take new subscriptions", "/payload/apiId");
        }
        if (References.application(context, organization, create.getApplicationId()).isEmpty()) {
            return Decision.reject(APPLICATION_NOT_FOUND, "application " + create.getApplicationId() + " does not exist",
                    "/payload/applicationId");
        }
        return tierProblem(api.get(), create.getTier(), organization, context).orElseGet(() -> {
            boolean approval = References.policy(context, organization, PolicyLevel.SUBSCRIPTION, create.getTier())
                    .orElseThrow().getRequiresApproval();
            return Decision.accept(new SubscriptionCreated(create.getApplicationId(), create.getApiId(), create.getTier(),
                    approval ? PENDING : ACTIVE));
        });
    }

    /** PRODUCTION_ONLY blocks production calls and keeps sandbox calls; ALL blocks both. */
    private static Decision block(SubscriptionView state, BlockSubscription block) {
        BlockScope scope = block.getScope();
        if (scope != BlockScope.PRODUCTION_ONLY && scope != BlockScope.ALL) {
            return Rejections.invalid("/payload/scope", "scope must be PRODUCTION_ONLY or ALL");
        }
        SubscriptionStatus status = state.getStatus();
        if (status == BLOCKED || (status == PRODUCTION_BLOCKED && scope == BlockScope.PRODUCTION_ONLY)) {
            return Decision.reject(SUBSCRIPTION_BLOCKED, "the subscription is already " + status);
        }
        if (status != ACTIVE && status != PRODUCTION_BLOCKED) {
            return Rejections.invalid(null, "only an ACTIVE subscription can be blocked; it is " + status);
        }
        return Decision.accept(new SubscriptionBlocked(state.getApplicationId(), state.getApiId(), scope, block.getReason()));
    }

    private static Decision changeTier(
            SubscriptionView state, ChangeSubscriptionTier change, String organization, DecisionContext context) {
        String tier = change.getTier();
        if (isBlank(tier) || tier.equals(state.getTier())) {
            return Rejections.invalid("/payload/tier", "tier must name a tier other than the current " + state.getTier());
        }
        Optional<ApiView> api = References.api(context, organization, state.getApiId());
        if (api.isEmpty()) {
            return Rejections.notFound("API " + state.getApiId() + " no longer exists");
        }
        return tierProblem(api.get(), tier, organization, context).orElseGet(() -> Decision.accept(
                new SubscriptionTierChanged(state.getApplicationId(), state.getApiId(), state.getTier(), tier)));
    }

    private static Optional<Decision> tierProblem(ApiView api, String tier, String organization, DecisionContext context) {
        if (!api.getSettings().getAllowedTiers().contains(tier)) {
            return Optional.of(Decision.reject(TIER_NOT_ALLOWED, "API " + api.getApiId() + " allows the tiers "
                    + api.getSettings().getAllowedTiers() + ", not '" + tier + "'", "/payload/tier"));
        }
        if (References.policy(context, organization, PolicyLevel.SUBSCRIPTION, tier).isEmpty()) {
            return Optional.of(Decision.reject(UNKNOWN_POLICY,
                    "tier '" + tier + "' is not a subscription policy of organization " + organization, "/payload/tier"));
        }
        return Optional.empty();
    }
}
