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

    /**
     * Whose subscription and application tiers a call or message is charged to, when known without a
     * credential in hand (a webhook delivery knows it from the webhook subscription).
     *
     * @param subscriptionId       the application's subscription to the API (per-subscription counter)
     * @param subscriptionTier     that subscription's tier, or null
     * @param applicationId        the application (per-application counter)
     * @param applicationOrganization the application's organization (where its tier is defined)
     * @param applicationTier      the application's tier, or null
     */
    public record Subscriber(String subscriptionId, String subscriptionTier, String applicationId,
                             String applicationOrganization, String applicationTier) {
    }

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
        Subscriber subscriber = caller instanceof Subscribed s ? new Subscriber(s.subscription().getSubscriptionId(),
                s.subscription().getTier(), s.credential().getApplicationId(), s.credential().getOrganization(),
                s.credential().getApplicationTier()) : null;
        return of(state, api, resourcePolicy, resourceName, subscriber);
    }

    /** The same counters for a known subscriber ({@code null}: anonymous, only the API and resource counters). */
    public static List<Charge> of(GatewayState state, GatewayApi api, String resourcePolicy, String resourceName,
                                  Subscriber subscriber) {
        List<Charge> charges = new ArrayList<>(4);
        String environment = state.environment();
        if (subscriber != null) {
            add(charges, state, environment, api.getOrganization(), PolicyLevel.SUBSCRIPTION,
                    subscriber.subscriptionTier(), subscriber.subscriptionId());
            add(charges, state, environment, subscriber.applicationOrganization(), PolicyLevel.APPLICATION,
                    subscriber.applicationTier(), subscriber.applicationId());
        }
        add(charges, state, environment, api.getOrganization(), PolicyLevel.API, api.getApiThrottlingPolicy(), api.getApiId());
        add(charges, state, environment, api.getOrganization(), PolicyLevel.API, resourcePolicy,
                api.getApiId() + "|" + resourceName);
        return charges;
    }

    private static void add(List<Charge> charges, GatewayState state, String environment, String organization,
                            PolicyLevel level, String policyName, String subject) {
        if (policyName == null || policyName.isBlank() || subject == null) {
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
