package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.Rejections.firstOf;
import static io.weir.processors.aggregate.Rejections.invalidIf;
import static io.weir.processors.aggregate.Rejections.isBlank;

import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.policy.DefineThrottlingPolicy;
import io.weir.schema.policy.DeleteThrottlingPolicy;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.policy.ThrottlingPolicyDefined;
import io.weir.schema.policy.ThrottlingPolicyDeleted;
import io.weir.schema.policy.ThrottlingPolicyUpdated;
import io.weir.schema.policy.UpdateThrottlingPolicy;
import io.weir.schema.view.ThrottlingPolicyView;
import java.util.Optional;

/**
 * A throttling policy (tier) of an organization at one level, aggregate id
 * {@code <organization>/<level>/<name>} (the level as its enum name, e.g. {@code acme/SUBSCRIPTION/Gold}),
 * so the single writer per key keeps names unique per organization and level. Deleting a tier that
 * APIs or subscriptions still use is not checked here: usage is not in this aggregate's state.
 */
final class ThrottlingPolicyAggregate implements Aggregate<ThrottlingPolicyView> {

    @Override
    public AggregateType type() {
        return AggregateType.THROTTLING_POLICY;
    }

    @Override
    public Class<ThrottlingPolicyView> stateType() {
        return ThrottlingPolicyView.class;
    }

    @Override
    public Decision decide(ThrottlingPolicyView state, CommandEnvelope command, DecisionContext context) {
        Object payload = command.getPayload();
        if (payload instanceof DefineThrottlingPolicy define) {
            if (state != null && !state.getDeleted()) {
                return Rejections.alreadyExists("policy " + command.getAggregateId() + " already exists");
            }
            return firstOf(
                    () -> ofId(command, define),
                    () -> ofSettings(define.getLevel(), define.getLimits(), define.getRequiresApproval()))
                    .orElseGet(() -> Decision.accept(ThrottlingPolicyDefined.newBuilder()
                            .setName(define.getName())
                            .setLevel(define.getLevel())
                            .setDescription(define.getDescription())
                            .setLimits(define.getLimits())
                            .setRequiresApproval(define.getRequiresApproval())
                            .build()));
        }
        if (state == null || state.getDeleted()) {
            return Rejections.notFound("policy " + command.getAggregateId() + " does not exist");
        }
        if (payload instanceof UpdateThrottlingPolicy update) {
            return ofSettings(state.getLevel(), update.getLimits(), update.getRequiresApproval())
                    .orElseGet(() -> Decision.accept(ThrottlingPolicyUpdated.newBuilder()
                            .setName(state.getName())
                            .setLevel(state.getLevel())
                            .setDescription(update.getDescription())
                            .setLimits(update.getLimits())
                            .setRequiresApproval(update.getRequiresApproval())
                            .build()));
        }
        if (payload instanceof DeleteThrottlingPolicy) {
            return Decision.accept(new ThrottlingPolicyDeleted(state.getName(), state.getLevel()));
        }
        return Rejections.notACommandFor("throttling policy", payload);
    }

    @Override
    public ThrottlingPolicyView evolve(ThrottlingPolicyView state, EventEnvelope event) {
        Object payload = event.getPayload();
        ThrottlingPolicyView.Builder next = state == null ? ThrottlingPolicyView.newBuilder() : ThrottlingPolicyView.newBuilder(state);
        next.setPolicyId(event.getAggregateId())
                .setOrganization(event.getOrganization())
                .setVersion(event.getAggregateVersion())
                .setUpdatedAt(event.getOccurredAt());
        if (payload instanceof ThrottlingPolicyDefined defined) {
            next.setName(defined.getName()).setLevel(defined.getLevel()).setDescription(defined.getDescription())
                    .setLimits(defined.getLimits()).setRequiresApproval(defined.getRequiresApproval()).setDeleted(false);
        } else if (state == null) {
            throw new IllegalStateException(payload.getClass().getSimpleName()
                    + " before ThrottlingPolicyDefined for policy " + event.getAggregateId());
        } else if (payload instanceof ThrottlingPolicyUpdated updated) {
            next.setDescription(updated.getDescription()).setLimits(updated.getLimits())
                    .setRequiresApproval(updated.getRequiresApproval());
        } else if (payload instanceof ThrottlingPolicyDeleted) {
            next.setDeleted(true);
        } else {
            throw new IllegalArgumentException("not a throttling policy event: " + payload.getClass().getName());
        }
        return next.build();
    }

    @Override
    public boolean isDeleted(ThrottlingPolicyView state) {
        return state.getDeleted();
    }

    /** The aggregate id is {@code <organization>/<level>/<name>} and must agree with the command. */
    private static Optional<Decision> ofId(CommandEnvelope command, DefineThrottlingPolicy define) {
        String[] id = command.getAggregateId().split("/", -1);
        return firstOf(
                () -> invalidIf(id.length != 3 || !id[0].equals(command.getOrganization()), "/aggregateId",
                        "a policy id is <organization>/<level>/<name> within the command's organization"),
                () -> invalidIf(isBlank(define.getName()) || !define.getName().equals(id[2]), "/payload/name",
                        "name must not be blank and must match the policy id"),
                () -> invalidIf(define.getLevel() == null || define.getLevel() == PolicyLevel.UNSPECIFIED
                                || !define.getLevel().name().equals(id[1]), "/payload/level",
                        "level must be SUBSCRIPTION, APPLICATION or API and match the policy id"));
    }

    /**
     * A count quota needs a positive limit, a bandwidth quota positive bytes, both a positive window;
     * spike arrest comes as a positive burst limit with a positive burst window, or not at all.
     */
    private static Optional<Decision> ofSettings(PolicyLevel level, ThrottlingLimits limits, boolean requiresApproval) {
        if (limits == null) {
            return Optional.of(Rejections.invalid("/payload/limits", "limits are required"));
        }
        QuotaKind kind = limits.getQuotaKind();
        Long bytes = limits.getBandwidthBytes();
        Long burst = limits.getBurstLimit();
        Long burstUnit = limits.getBurstUnitMillis();
        return firstOf(
                () -> invalidIf(kind == null || kind == QuotaKind.UNSPECIFIED, "/payload/limits/quotaKind",
                        "quotaKind must be REQUEST_COUNT, MESSAGE_COUNT or BANDWIDTH"),
                () -> invalidIf(kind == QuotaKind.BANDWIDTH && (bytes == null || bytes <= 0),
                        "/payload/limits/bandwidthBytes", "a bandwidth quota needs positive bandwidthBytes"),
                () -> invalidIf(kind != QuotaKind.BANDWIDTH && limits.getLimit() <= 0,
                        "/payload/limits/limit", "limit must be positive"),
                () -> invalidIf(limits.getUnitMillis() <= 0, "/payload/limits/unitMillis", "unitMillis must be positive"),
                () -> invalidIf(burst != null && burst <= 0, "/payload/limits/burstLimit", "burstLimit must be positive"),
                () -> invalidIf((burst == null) != (burstUnit == null) || (burstUnit != null && burstUnit <= 0),
                        "/payload/limits/burstUnitMillis", "burstLimit and a positive burstUnitMillis go together"),
                () -> invalidIf(requiresApproval && level != PolicyLevel.SUBSCRIPTION, "/payload/requiresApproval",
                        "only subscription tiers can require approval"));
    }
}
