package io.weir.dataplane.throttle;

import io.weir.dataplane.throttle.Throttling.Charge;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.throttle.ThrottleDecision;
import io.weir.schema.throttle.ThrottleKeys;
import java.time.Instant;
import java.util.Map;

/** Policies, charges and decisions for the throttling tests. */
final class Policies {

    private Policies() {
    }

    static GatewayPolicy requests(long limit, long unitMillis) {
        return policy(PolicyLevel.SUBSCRIPTION, limits(QuotaKind.REQUEST_COUNT, limit, unitMillis).build());
    }

    static GatewayPolicy policy(PolicyLevel level, ThrottlingLimits limits) {
        return GatewayPolicy.newBuilder().setName("Tier").setLevel(level).setLimits(limits).build();
    }

    static ThrottlingLimits.Builder limits(QuotaKind kind, long limit, long unitMillis) {
        return ThrottlingLimits.newBuilder().setQuotaKind(kind).setLimit(limit).setUnitMillis(unitMillis);
    }

    static Charge charge(String subject, GatewayPolicy policy) {
        return new Charge(new ThrottleKeys("production",
                ThrottleKeys.policyId("acme", policy.getLevel(), policy.getName()), subject), policy);
    }

    static ThrottleDecision decision(Charge charge, long windowStart, long unitMillis, Map<String, Long> grants,
                                     Map<String, Long> counts, boolean blocked, long initialShareTotal) {
        long limit = charge.policy().getLimits().getLimit();
        return ThrottleDecision.newBuilder()
                .setThrottleKey(charge.key().key())
                .setLevel(charge.policy().getLevel())
                .setPolicyName(charge.policy().getName())
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowStart + unitMillis))
                .setCount(counts.values().stream().mapToLong(Long::longValue).sum())
                .setLimit(limit)
                .setBlocked(blocked)
                .setBlockedUntil(blocked ? Instant.ofEpochMilli(windowStart + unitMillis) : null)
                .setDecidedAt(Instant.ofEpochMilli(windowStart))
                .setNodeCounts(counts)
                .setGrants(grants)
                .setInitialShareTotal(initialShareTotal)
                .build();
    }
}
