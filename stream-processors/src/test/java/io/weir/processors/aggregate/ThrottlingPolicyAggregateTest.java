package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.AggregateScenario.ORGANIZATION;
import static io.weir.processors.aggregate.AggregateScenario.at;
import static io.weir.processors.aggregate.AggregateScenario.scenario;
import static io.weir.processors.aggregate.Samples.limits;
import static io.weir.schema.command.RejectionReason.ALREADY_EXISTS;
import static io.weir.schema.command.RejectionReason.INVALID_COMMAND;
import static io.weir.schema.command.RejectionReason.NOT_FOUND;
import static io.weir.schema.policy.PolicyLevel.API;
import static io.weir.schema.policy.PolicyLevel.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.policy.DefineThrottlingPolicy;
import io.weir.schema.policy.DeleteThrottlingPolicy;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.policy.ThrottlingPolicyDefined;
import io.weir.schema.policy.ThrottlingPolicyDeleted;
import io.weir.schema.policy.ThrottlingPolicyUpdated;
import io.weir.schema.policy.UpdateThrottlingPolicy;
import io.weir.schema.view.ThrottlingPolicyView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThrottlingPolicyAggregateTest {

    private static final String GOLD_ID = ORGANIZATION + "/SUBSCRIPTION/Gold";
    private static final ThrottlingPolicyDefined GOLD_DEFINED =
            new ThrottlingPolicyDefined("Gold", SUBSCRIPTION, "5000 a minute", limits(5000, 60_000), false);

    private AggregateScenario<ThrottlingPolicyView> policy;

    @BeforeEach
    void goldTier() {
        policy = scenario(new ThrottlingPolicyAggregate(), GOLD_ID);
    }

    @Test
    void definesAPolicy() {
        policy.when(new DefineThrottlingPolicy("Gold", SUBSCRIPTION, "5000 a minute", limits(5000, 60_000), false))
                .thenEvents(GOLD_DEFINED);
        policy.when(new DefineThrottlingPolicy("Gold", SUBSCRIPTION, null, limits(1, 1), false)).thenRejected(ALREADY_EXISTS);
    }

    @Test
    void nameAndLevelMatchTheId() {
        policy.when(new DefineThrottlingPolicy("Silver", SUBSCRIPTION, null, limits(1, 1000), false))
                .thenRejected(INVALID_COMMAND, "/payload/name");
        policy.when(new DefineThrottlingPolicy("Gold", API, null, limits(1, 1000), false))
                .thenRejected(INVALID_COMMAND, "/payload/level");
        scenario(new ThrottlingPolicyAggregate(), "globex/SUBSCRIPTION/Gold")
                .when(new DefineThrottlingPolicy("Gold", SUBSCRIPTION, null, limits(1, 1000), false))
                .thenRejected(INVALID_COMMAND, "/aggregateId");
    }

    @Test
    void limitsArePositive() {
        policy.when(define(limits(0, 60_000))).thenRejected(INVALID_COMMAND, "/payload/limits/limit");
        policy.when(define(limits(10, 0))).thenRejected(INVALID_COMMAND, "/payload/limits/unitMillis");
        policy.when(define(ThrottlingLimits.newBuilder(limits(10, 1000)).setBurstLimit(0L).setBurstUnitMillis(1000L).build()))
                .thenRejected(INVALID_COMMAND, "/payload/limits/burstLimit");
        policy.when(define(ThrottlingLimits.newBuilder(limits(10, 1000)).setBurstLimit(5L).build()))
                .thenRejected(INVALID_COMMAND, "/payload/limits/burstUnitMillis");
        policy.when(define(ThrottlingLimits.newBuilder(limits(0, 1000)).setQuotaKind(QuotaKind.BANDWIDTH).build()))
                .thenRejected(INVALID_COMMAND, "/payload/limits/bandwidthBytes");
    }

    @Test
    void aBurstComesWithItsWindow() {
        ThrottlingLimits withBurst = ThrottlingLimits.newBuilder(limits(10, 60_000)).setBurstLimit(2L).setBurstUnitMillis(1000L).build();

        policy.when(define(withBurst)).thenEvents(new ThrottlingPolicyDefined("Gold", SUBSCRIPTION, null, withBurst, false));
    }

    @Test
    void updatesKeepNameAndLevel() {
        policy.given(GOLD_DEFINED)
                .when(new UpdateThrottlingPolicy("now 6000", limits(6000, 60_000), true))
                .thenEvents(new ThrottlingPolicyUpdated("Gold", SUBSCRIPTION, "now 6000", limits(6000, 60_000), true));
        policy.when(new UpdateThrottlingPolicy(null, limits(-1, 60_000), false))
                .thenRejected(INVALID_COMMAND, "/payload/limits/limit");
    }

    @Test
    void onlySubscriptionTiersRequireApproval() {
        scenario(new ThrottlingPolicyAggregate(), ORGANIZATION + "/API/TenK")
                .when(new DefineThrottlingPolicy("TenK", API, null, limits(10_000, 60_000), true))
                .thenRejected(INVALID_COMMAND, "/payload/requiresApproval");
    }

    @Test
    void deletesAndRedefines() {
        policy.given(GOLD_DEFINED).when(new DeleteThrottlingPolicy()).thenEvents(new ThrottlingPolicyDeleted("Gold", SUBSCRIPTION));

        assertThat(policy.deleted()).isTrue();
        policy.when(new DeleteThrottlingPolicy()).thenRejected(NOT_FOUND);
        policy.when(define(limits(1, 1000))).thenEvents(new ThrottlingPolicyDefined("Gold", SUBSCRIPTION, null, limits(1, 1000), false));
        assertThat(policy.deleted()).isFalse();
    }

    @Test
    void foldingTheHistoryYieldsTheView() {
        policy.given(GOLD_DEFINED, new ThrottlingPolicyUpdated("Gold", SUBSCRIPTION, null, limits(6000, 60_000), true));

        assertThat(policy.state()).isEqualTo(new ThrottlingPolicyView(
                GOLD_ID, ORGANIZATION, 2L, "Gold", SUBSCRIPTION, null, limits(6000, 60_000), true, at(2), false));
    }

    private static DefineThrottlingPolicy define(ThrottlingLimits limits) {
        return new DefineThrottlingPolicy("Gold", SUBSCRIPTION, null, limits, false);
    }
}
