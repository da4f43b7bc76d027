package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.Rejections.firstOf;
import static io.weir.processors.aggregate.Rejections.invalidIf;
import static io.weir.processors.aggregate.Rejections.isBlank;
import static io.weir.schema.command.RejectionReason.UNKNOWN_POLICY;

import io.weir.schema.application.ApplicationCreated;
import io.weir.schema.application.ApplicationDeleted;
import io.weir.schema.application.ApplicationUpdated;
import io.weir.schema.application.CreateApplication;
import io.weir.schema.application.DeleteApplication;
import io.weir.schema.application.IssueApiKey;
import io.weir.schema.application.RegisterOAuthClient;
import io.weir.schema.application.RevokeApiKey;
import io.weir.schema.application.RevokeOAuthClient;
import io.weir.schema.application.RotateOAuthClientSecret;
import io.weir.schema.application.UpdateApplication;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.view.ApplicationView;
import java.util.Optional;

/**
 * A consumer application with its throttling tier, API keys and OAuth clients. Credential rules
 * live in {@link ApplicationCredentials}, state changes in {@link ApplicationEvolution}.
 */
final class ApplicationAggregate implements Aggregate<ApplicationView> {

    @Override
    public AggregateType type() {
        return AggregateType.APPLICATION;
    }

    @Override
    public Class<ApplicationView> stateType() {
        return ApplicationView.class;
    }

    @Override
    public Decision decide(ApplicationView state, CommandEnvelope command, DecisionContext context) {
        Object payload = command.getPayload();
        String organization = command.getOrganization();
        if (payload instanceof CreateApplication create) {
            if (state != null && !state.getDeleted()) {
                return Rejections.alreadyExists("application " + command.getAggregateId() + " already exists");
            }
            return firstOf(
                    () -> invalidIf(isBlank(create.getOwner()), "/payload/owner", "owner must not be blank"),
                    () -> details(create.getName(), create.getTier(), organization, context))
                    .orElseGet(() -> Decision.accept(ApplicationCreated.newBuilder()
                            .setName(create.getName())
                            .setOwner(create.getOwner())
                            .setTier(create.getTier())
                            .setDescription(create.getDescription())
                            .setAttributes(create.getAttributes())
                            .build()));
        }
        if (state == null || state.getDeleted()) {
            return Rejections.notFound("application " + command.getAggregateId() + " does not exist");
        }
        if (payload instanceof UpdateApplication update) {
            if (!state.getName().equals(update.getName())) {
                // the name is unique per owner through a reservation taken at creation; a rename would
                // bypass it, so names are fixed (create a new application to use another name)
                return Rejections.invalid("/payload/name", "an application keeps the name it was created with ('"
                        + state.getName() + "')");
            }
            return details(update.getName(), update.getTier(), organization, context)
                    .orElseGet(() -> Decision.accept(ApplicationUpdated.newBuilder()
                            .setName(update.getName())
                            .setTier(update.getTier())
                            .setDescription(update.getDescription())
                            .setAttributes(update.getAttributes())
                            .build()));
        }
        if (payload instanceof DeleteApplication) {
            return Decision.accept(ApplicationDeleted.newBuilder()
                    .setName(state.getName())
                    .setOwner(state.getOwner())
                    .build());
        }
        if (payload instanceof IssueApiKey issue) {
            return ApplicationCredentials.issueKey(state, issue, context);
        }
        if (payload instanceof RevokeApiKey revoke) {
            return ApplicationCredentials.revokeKey(state, revoke);
        }
        if (payload instanceof RegisterOAuthClient register) {
            return ApplicationCredentials.registerClient(state, register);
        }
        if (payload instanceof RotateOAuthClientSecret rotate) {
            return ApplicationCredentials.rotateSecret(state, rotate, context);
        }
        if (payload instanceof RevokeOAuthClient revoke) {
            return ApplicationCredentials.revokeClient(state, revoke);
        }
        return Rejections.notACommandFor("application", payload);
    }

    @Override
    public ApplicationView evolve(ApplicationView state, EventEnvelope event) {
        return ApplicationEvolution.evolve(state, event);
    }

    @Override
    public boolean isDeleted(ApplicationView state) {
        return state.getDeleted();
    }

    /** Name and tier of a create or update; the tier is an APPLICATION-level policy of the organization. */
    private static Optional<Decision> details(String name, String tier, String organization, DecisionContext context) {
        return firstOf(
                () -> invalidIf(isBlank(name), "/payload/name", "name must not be blank"),
                () -> invalidIf(isBlank(tier), "/payload/tier", "tier must not be blank"),
                () -> References.policy(context, organization, PolicyLevel.APPLICATION, tier).isPresent()
                        ? Optional.empty()
                        : Optional.of(Decision.reject(UNKNOWN_POLICY, "tier '" + tier
                                + "' is not an application policy of organization " + organization, "/payload/tier")));
    }
}
