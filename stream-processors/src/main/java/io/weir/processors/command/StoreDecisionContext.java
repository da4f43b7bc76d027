package io.weir.processors.command;

import io.weir.processors.aggregate.DecisionContext;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.EnvironmentView;
import io.weir.schema.view.ThrottlingPolicyView;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Decision context backed by the global tables of the management views (eventually consistent, see
 * {@link DecisionContext}), with the command's record timestamp as the clock.
 */
final class StoreDecisionContext implements DecisionContext {

    static final String GLOBAL_APIS = "global-api-views";
    static final String GLOBAL_APPLICATIONS = "global-application-views";
    static final String GLOBAL_POLICIES = "global-policy-views";
    static final String GLOBAL_ENVIRONMENTS = "global-environment-views";

    private final KeyValueStore<String, ValueAndTimestamp<ApiView>> apis;
    private final KeyValueStore<String, ValueAndTimestamp<ApplicationView>> applications;
    private final KeyValueStore<String, ValueAndTimestamp<ThrottlingPolicyView>> policies;
    private final KeyValueStore<String, ValueAndTimestamp<EnvironmentView>> environments;
    private final int maxRevisions;
    private Instant now = Instant.EPOCH;

    StoreDecisionContext(ProcessorContext<?, ?> context, int maxRevisions) {
        this.apis = context.getStateStore(GLOBAL_APIS);
        this.applications = context.getStateStore(GLOBAL_APPLICATIONS);
        this.policies = context.getStateStore(GLOBAL_POLICIES);
        this.environments = context.getStateStore(GLOBAL_ENVIRONMENTS);
        this.maxRevisions = maxRevisions;
    }

    StoreDecisionContext at(long timestamp) {
        this.now = Instant.ofEpochMilli(timestamp);
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
        return value(apis, apiId);
    }

    @Override
    public Optional<ApplicationView> application(String applicationId) {
        return value(applications, applicationId);
    }

    @Override
    public Optional<ThrottlingPolicyView> policy(String organization, PolicyLevel level, String name) {
        return value(policies, organization + "/" + level + "/" + name);
    }

    @Override
    public Optional<EnvironmentView> environment(String name) {
        return value(environments, name);
    }

    private static <V> Optional<V> value(KeyValueStore<String, ValueAndTimestamp<V>> store, String key) {
        if (key == null) {
            return Optional.empty();
        }
        ValueAndTimestamp<V> found = store.get(key);
        return found == null ? Optional.empty() : Optional.ofNullable(found.value());
    }
}
