package io.weir.processors.aggregate;

import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.EnvironmentView;
import io.weir.schema.view.ThrottlingPolicyView;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A decision context over in-memory views and a fixed clock. */
final class FakeDecisionContext implements DecisionContext {

    private final Instant now;
    private final Map<String, ApiView> apis = new HashMap<>();
    private final Map<String, ApplicationView> applications = new HashMap<>();
    private final Map<String, ThrottlingPolicyView> policies = new HashMap<>();
    private final Map<String, EnvironmentView> environments = new HashMap<>();
    private int maxRevisions = 5;

    FakeDecisionContext(Instant now) {
        this.now = now;
    }

    FakeDecisionContext withApi(ApiView api) {
        apis.put(api.getApiId(), api);
        return this;
    }

    FakeDecisionContext withApplication(ApplicationView application) {
        applications.put(application.getApplicationId(), application);
        return this;
    }

    FakeDecisionContext withPolicy(ThrottlingPolicyView policy) {
        policies.put(policy.getOrganization() + "/" + policy.getLevel() + "/" + policy.getName(), policy);
        return this;
    }

    FakeDecisionContext withEnvironment(EnvironmentView environment) {
        environments.put(environment.getName(), environment);
        return this;
    }

    FakeDecisionContext withMaxRevisions(int maxRevisions) {
        this.maxRevisions = maxRevisions;
        return this;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public int maxRevisions() {
        return maxRevisions;
    }

    @Override
    public Optional<ApiView> api(String apiId) {
        return Optional.ofNullable(apis.get(apiId));
    }

    @Override
    public Optional<ApplicationView> application(String applicationId) {
        return Optional.ofNullable(applications.get(applicationId));
    }

    @Override
    public Optional<ThrottlingPolicyView> policy(String organization, PolicyLevel level, String name) {
        return Optional.ofNullable(policies.get(organization + "/" + level + "/" + name));
    }

    @Override
    public Optional<EnvironmentView> environment(String name) {
        return Optional.ofNullable(environments.get(name));
    }
}
