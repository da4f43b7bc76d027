package io.weir.processors.aggregate;

import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.EnvironmentView;
import io.weir.schema.view.ThrottlingPolicyView;
import java.time.Instant;
import java.util.Optional;

/**
 * What a decision may look at besides its own aggregate: the clock and other aggregates' views.
 *
 * <p>Cross-aggregate lookups read projections (global tables of the management views), so they are
 * eventually consistent: a view may lag the log by the projection's commit interval. That is safe
 * for the checks made with it — "the API is PUBLISHED", "the application exists", "the tier is
 * defined", "the environment exists" — because each is a precondition that a racing command could
 * also invalidate a millisecond after an exact check; the gateway projections re-check the current
 * state (a subscription to a since-retired API is never served), and nothing is corrupted by it.
 */
public interface DecisionContext {

    /** Processing time of the command (its record timestamp): deterministic under replay. */
    Instant now();

    /** Maximum number of revisions an API keeps (WSO2's default is 5). */
    int maxRevisions();

    Optional<ApiView> api(String apiId);

    Optional<ApplicationView> application(String applicationId);

    /** A throttling policy (tier) of an organization; aggregate id {@code <organization>/<level>/<name>}. */
    Optional<ThrottlingPolicyView> policy(String organization, PolicyLevel level, String name);

    Optional<EnvironmentView> environment(String name);
}
