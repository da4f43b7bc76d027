package io.weir.dataplane.http;

import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.dataplane.routing.ResourceRoute;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.throttle.Throttling.Charge;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.throttle.ThrottleKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * The throttle counters one call is charged to, as WSO2 stacks them: the subscription's tier (per
 * subscription), the application's tier (per application, across its APIs), the API's policy (all
 * callers) and a resource's policy (all callers of that resource). A policy the gateway does not
 * know, or an unlimited one, charges nothing.
 */
public final class ThrottleCharges {

    private static final long UNLIMITED = Integer.MAX_VALUE;

    private ThrottleCharges() {
    }

    public static List<Charge> of(GatewayState state, GatewayApi api, ResourceRoute route, Authentication caller) {
        return of(state, api, route.resource().getThrottlingPolicy(), route.method() + " " + route.template(), caller);
    }

    /**
     * The same counters for an edge handler's request or message: {@code resourcePolicy} is the
     * channel's (or resource's) policy, {@code resourceName} names it in the resource counter.
     */
    public static List<Charge> of(GatewayState state, GatewayApi api, String resourcePolicy, String resourceName,
                                  Authentication caller) {
        List<Charge> charges = new ArrayList<>(4);
        String environment = state.environment();
        if (caller instanceof Subscribed subscribed) {
            add(charges, state, environment, api.getOrganization(), PolicyLevel.SUBSCRIPTION,
                    subscribed.subscription().getTier(), subscribed.subscription().getSubscriptionId());
            add(charges, state, environment, subscribed.credential().getOrganization(), PolicyLevel.APPLICATION,
                    subscribed.credential().getApplicationTier(), subscribed.credential().getApplicationId());
        }
        add(charges, state, environment, api.getOrganization(), PolicyLevel.API, api.getApiThrottlingPolicy(), api.getApiId());
        add(charges, state, environment, api.getOrganization(), PolicyLevel.API, resourcePolicy,
                api.getApiId() + "|" + resourceName);
        return charges;
    }

    private static void add(List<Charge> charges, GatewayState state, String environment, String organization,
                            PolicyLevel level, String policyName, String subject) {
        if (policyName == null || policyName.isBlank()) {
            return;
        }
        String policyId = ThrottleKeys.policyId(organization, level, policyName);
        GatewayPolicy policy = state.policy(policyId).orElse(null);
        if (policy == null || unlimited(policy)) {
            return;
        }
        charges.add(new Charge(new ThrottleKeys(environment, policyId, subject), policy));
    }

    private static boolean unlimited(GatewayPolicy policy) {
        return switch (policy.getLimits().getQuotaKind()) {
            case BANDWIDTH -> policy.getLimits().getBandwidthBytes() == null
                    || policy.getLimits().getBandwidthBytes() >= UNLIMITED;
            default -> policy.getLimits().getLimit() >= UNLIMITED && policy.getLimits().getBurstLimit() == null;
        };
    }
}
