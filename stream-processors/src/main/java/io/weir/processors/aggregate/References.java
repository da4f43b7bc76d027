package io.weir.processors.aggregate;

import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.EnvironmentView;
import io.weir.schema.view.ThrottlingPolicyView;
import java.util.Optional;

/**
 * Lookups of other aggregates a decision refers to, seen from the command's organization: an
 * aggregate of another organization, or one marked deleted in a view that has not been tombstoned
 * yet, does not exist for the decision. Environments are platform-wide (gateways are shared by the
 * organizations), so they are not filtered by organization.
 */
final class References {

    private References() {
    }

    static Optional<ApiView> api(DecisionContext context, String organization, String apiId) {
        return context.api(apiId)
                .filter(api -> organization.equals(api.getOrganization()))
                .filter(api -> !api.getDeleted());
    }

    static Optional<ApplicationView> application(DecisionContext context, String organization, String applicationId) {
        return context.application(applicationId)
                .filter(application -> organization.equals(application.getOrganization()))
                .filter(application -> !application.getDeleted());
    }

    static Optional<ThrottlingPolicyView> policy(
            DecisionContext context, String organization, PolicyLevel level, String name) {
        return context.policy(organization, level, name).filter(policy -> !policy.getDeleted());
    }

    static Optional<EnvironmentView> environment(DecisionContext context, String name) {
        return context.environment(name).filter(environment -> !environment.getRemoved());
    }
}
