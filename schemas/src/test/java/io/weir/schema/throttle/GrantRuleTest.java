package io.weir.schema.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrantRuleTest {

    private static final ThrottleKeys KEY = new ThrottleKeys("production", "acme/SUBSCRIPTION/Gold", "sub-1");
    private static final List<String> NODES = List.of("node-a", "node-b");
    private final GrantRule rule = new GrantRule(0.5, 0);
    private final GatewayPolicy tenPerMinute = policy(10, true);

    @Test
    void aNodeIsToppedUpWhenItIsAboutToRunOutOfItsShare() {
        // limit 10: initial shares 3 (node-a, rank 0) and 2 (node-b), pool 5
        GrantRule.Counted first = count(null, "node-b", 1_000);
        assertThat(first.urgent()).as("a new window").isTrue();
        assertThat(first.decision().getInitialShareTotal()).isEqualTo(5);
        assertThat(first.decision().getGrants()).as("one left of its share of 2").containsEntry("node-b", 2L);

        GrantRule.Counted second = count(first.decision(), "node-a", 2_000);
        assertThat(second.decision().getGrants()).as("two left of 3: not yet").doesNotContainKey("node-a");
        assertThat(second.urgent()).as("only counts changed").isFalse();
        assertThat(second.decision().getNodeCounts()).containsEntry("node-a", 1L).containsEntry("node-b", 1L);
        assertThat(second.decision().getCount()).isEqualTo(2);
    }

    @Test
    void grantsNeverExceedThePoolAndNeverShrink() {
        ThrottleDecision decision = null;
        long before = 0;
        for (int i = 0; i < 40; i++) {
            decision = count(decision, i % 3 == 0 ? "node-a" : "node-b", 1_000 + i).decision();
            long granted = decision.getGrants().values().stream().mapToLong(Long::longValue).sum();
            assertThat(granted).isLessThanOrEqualTo(5).isGreaterThanOrEqualTo(before);
            before = granted;
        }
        assertThat(before).as("busy nodes drain the whole pool").isEqualTo(5);
        assertThat(decision.getBlocked()).isTrue();
        assertThat(decision.getBlockedUntil().toEpochMilli()).isEqualTo(60_000);
    }

    @Test
    void aSingleBusyNodeGetsTheWholePool() {
        ThrottleDecision decision = null;
        for (int i = 0; i < 8; i++) {
            decision = count(decision, "node-a", 1_000 + i).decision();
        }
        assertThat(decision.getGrants()).containsOnlyKeys("node-a").containsEntry("node-a", 5L);
    }

    @Test
    void aSumOfCallsIsToppedUpAsOftenAsItsCallsCountedOneByOne() {
        ThrottleDecision oneByOne = null;
        for (int i = 0; i < 8; i++) {
            oneByOne = count(oneByOne, "node-a", 1_000 + i).decision();
        }

        ThrottleDecision summed = rule.count(null, KEY, tenPerMinute, "node-a", 8, 8, 1_007, NODES, 1_007)
                .orElseThrow().decision();

        assertThat(summed.getCount()).isEqualTo(oneByOne.getCount()).isEqualTo(8);
        assertThat(summed.getGrants()).isEqualTo(oneByOne.getGrants()).containsExactly(entry("node-a", 5L));
        assertThat(rule.count(null, KEY, tenPerMinute, "node-a", 8, 1, 1_007, NODES, 1_007).orElseThrow()
                .decision().getGrants()).as("one top-up for what counts as one call").containsExactly(entry("node-a", 2L));
    }

    @Test
    void aNewWindowStartsFromNothingAndALateChargeIsIgnored() {
        ThrottleDecision first = count(null, "node-a", 59_000).decision();
        GrantRule.Counted next = count(first, "node-a", 61_000);
        assertThat(next.urgent()).isTrue();
        assertThat(next.decision().getWindowStart().toEpochMilli()).isEqualTo(60_000);
        assertThat(next.decision().getCount()).isEqualTo(1);
        assertThat(rule.count(next.decision(), KEY, tenPerMinute, "node-a", 1, 59_999, NODES, 0)).isEmpty();
    }

    @Test
    void reportOnlyPoliciesNeverBlock() {
        ThrottleDecision decision = null;
        for (int i = 0; i < 12; i++) {
            decision = rule.count(decision, KEY, policy(10, false), "node-a", 1, 1_000 + i, NODES, 0)
                    .orElseThrow().decision();
        }
        assertThat(decision.getCount()).isEqualTo(12);
        assertThat(decision.getBlocked()).isFalse();
    }

    @Test
    void aFastNodeIsToppedUpARoundTripAhead() {
        GrantRule ahead = new GrantRule(0.5, 500);
        GatewayPolicy thousandPerSecond = GatewayPolicy.newBuilder().setName("Fast").setLevel(PolicyLevel.API)
                .setLimits(ThrottlingLimits.newBuilder().setQuotaKind(QuotaKind.REQUEST_COUNT).setLimit(1_000)
                        .setUnitMillis(1_000).build()).build();
        ThrottleDecision decision = null;
        // 100 calls in the first 100 ms: one per ms, so it will need ~500 in a 500 ms round trip
        for (int i = 0; i < 100; i++) {
            decision = ahead.count(decision, KEY, thousandPerSecond, "node-a", 1, 10_000 + i, NODES, 0)
                    .orElseThrow().decision();
        }
        assertThat(decision.getGrants().get("node-a")).as("share 250, used 100").isPositive();
    }

    @Test
    void aPolicyWithoutQuotaIsNotCounted() {
        GatewayPolicy none = policy(0, true);
        assertThat(rule.count(null, KEY, none, "node-a", 1, 1_000, NODES, 0)).isEmpty();
    }

    private GrantRule.Counted count(ThrottleDecision current, String node, long at) {
        return rule.count(current, KEY, tenPerMinute, node, 1, at, NODES, at).orElseThrow();
    }

    static GatewayPolicy policy(long limit, boolean stop) {
        return GatewayPolicy.newBuilder().setName("Gold").setLevel(PolicyLevel.SUBSCRIPTION)
                .setLimits(ThrottlingLimits.newBuilder().setQuotaKind(QuotaKind.REQUEST_COUNT).setLimit(limit)
                        .setUnitMillis(60_000).setStopOnQuotaReach(stop).build())
                .build();
    }
}
