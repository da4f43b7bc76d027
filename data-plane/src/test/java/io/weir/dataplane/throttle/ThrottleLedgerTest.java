package io.weir.dataplane.throttle;

import static io.weir.dataplane.throttle.Policies.charge;
import static io.weir.dataplane.throttle.Policies.decision;
import static io.weir.dataplane.throttle.Policies.limits;
import static io.weir.dataplane.throttle.Policies.policy;
import static io.weir.dataplane.throttle.Policies.requests;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.dataplane.throttle.Throttling.Admission;
import io.weir.dataplane.throttle.Throttling.Charge;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThrottleLedgerTest {

    private static final long MINUTE = 60_000;
    private final Charge tenPerMinute = charge("sub-1", requests(10, MINUTE));

    @Test
    void eachNodeAdmitsItsSliceOfHalfTheLimitByRank() {
        // limit 10, initial share 0.5: 5 split among 2 nodes, 3 for rank 0 and 2 for rank 1
        assertThat(admittedOf(ledger("node-a", new Membership(2, 0)), tenPerMinute, 20, 1_000)).isEqualTo(3);
        assertThat(admittedOf(ledger("node-b", new Membership(2, 1)), tenPerMinute, 20, 1_000)).isEqualTo(2);
        assertThat(admittedOf(ledger("alone", Membership.ALONE), tenPerMinute, 20, 1_000)).isEqualTo(5);
    }

    @Test
    void aQuotaRefusalSaysWhichCounterAndToRetryAtTheWindowEnd() {
        ThrottleLedger ledger = ledger("node-b", new Membership(2, 1));
        admittedOf(ledger, tenPerMinute, 2, 1_000);

        Admission refused = ledger.admit(List.of(tenPerMinute), 15_000);

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.reason()).isEqualTo("QUOTA");
        assertThat(refused.refusedBy()).isEqualTo(tenPerMinute);
        assertThat(refused.retryAfterMillis()).isEqualTo(45_000);
    }

    @Test
    void aGrantOfTheCurrentWindowAddsToTheShareAndOneOfAnotherWindowDoesNot() {
        ThrottleLedger ledger = ledger("node-b", new Membership(2, 1));
        ledger.apply(tenPerMinute.key(), decision(tenPerMinute, -MINUTE, MINUTE, Map.of("node-b", 5L), Map.of(), false, 5));
        assertThat(admittedOf(ledger, tenPerMinute, 20, 1_000)).as("share only").isEqualTo(2);

        ledger.apply(tenPerMinute.key(), decision(tenPerMinute, 0, MINUTE, Map.of("node-b", 2L, "node-a", 3L),
                Map.of("node-b", 2L), false, 5));
        assertThat(admittedOf(ledger, tenPerMinute, 20, 2_000)).as("its grant of 2").isEqualTo(2);

        ledger.apply(tenPerMinute.key(), decision(tenPerMinute, 0, MINUTE, Map.of("node-b", 1L), Map.of(), false, 5));
        assertThat(admittedOf(ledger, tenPerMinute, 20, 3_000)).as("grants never shrink within a window").isZero();
    }

    @Test
    void aBlockedDecisionRefusesAtOnceUntilItsWindowEnds() {
        ThrottleLedger ledger = ledger("node-a", new Membership(2, 0));
        ledger.apply(tenPerMinute.key(), decision(tenPerMinute, 0, MINUTE, Map.of(), Map.of("node-b", 10L), true, 5));

        Admission refused = ledger.admit(List.of(tenPerMinute), 30_000);

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfterMillis()).isEqualTo(30_000);
        assertThat(ledger.admit(List.of(tenPerMinute), MINUTE).admitted()).as("next window").isTrue();
    }

    @Test
    void aNewWindowStartsFromNothing() {
        ThrottleLedger ledger = ledger("node-a", new Membership(2, 0));
        assertThat(admittedOf(ledger, tenPerMinute, 5, 59_000)).isEqualTo(3);
        assertThat(admittedOf(ledger, tenPerMinute, 5, 60_000)).isEqualTo(3);
    }

    @Test
    void aWindowKeepsTheMembershipItStartedWith() {
        ThrottleLedger ledger = ledger("node-b", new Membership(2, 1));
        assertThat(admittedOf(ledger, tenPerMinute, 1, 1_000)).isEqualTo(1);

        ledger.membership(Membership.ALONE); // node-a left mid-window: it may have used its slice

        assertThat(admittedOf(ledger, tenPerMinute, 10, 2_000)).as("still a slice of 2").isEqualTo(1);
        assertThat(admittedOf(ledger, tenPerMinute, 10, MINUTE)).as("alone from the next window").isEqualTo(5);
    }

    @Test
    void afterARestartTheNodeResumesFromWhatTheProcessorCountedForIt() {
        ThrottleLedger restarted = ledger("node-a", new Membership(2, 0));
        restarted.apply(tenPerMinute.key(), decision(tenPerMinute, 0, MINUTE, Map.of("node-a", 1L),
                Map.of("node-a", 3L), false, 5));

        assertThat(admittedOf(restarted, tenPerMinute, 10, 5_000)).as("share 3 + grant 1 - counted 3").isEqualTo(1);
    }

    @Test
    void theProcessorsSplitWinsOverTheNodesOwn() {
        ThrottleLedger ledger = ledger("node-a", new Membership(2, 0));
        ledger.apply(tenPerMinute.key(), decision(tenPerMinute, 0, MINUTE, Map.of(), Map.of(), false, 2));
        assertThat(admittedOf(ledger, tenPerMinute, 10, 1_000)).as("a slice of 2, not of 5").isEqualTo(1);
    }

    @Test
    void aCallIsCountedOnAllItsCountersOrOnNone() {
        Charge roomy = charge("app-1", requests(1_000, MINUTE));
        ThrottleLedger ledger = ledger("alone", Membership.ALONE);
        List<Charge> both = List.of(roomy, tenPerMinute);

        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            admitted += ledger.admit(both, 1_000).admitted() ? 1 : 0;
        }

        assertThat(admitted).isEqualTo(5);
        assertThat(admittedOf(ledger, roomy, 1_000, 1_000)).as("refused calls were given back").isEqualTo(500 - 5);
    }

    @Test
    void burstsAreArrestedPerNodeWithItsPartOfTheBurstLimit() {
        // 4 per second across 2 nodes: 2 per second here, one token every 500 ms
        Charge spiky = charge("api-1", policy(PolicyLevel.API, limits(QuotaKind.REQUEST_COUNT, 1_000, MINUTE)
                .setBurstLimit(4L).setBurstUnitMillis(1_000L).build()));
        ThrottleLedger ledger = ledger("node-a", new Membership(2, 0));

        assertThat(ledger.admit(List.of(spiky), 10_000).admitted()).isTrue();
        assertThat(ledger.admit(List.of(spiky), 10_000).admitted()).isTrue();
        Admission refused = ledger.admit(List.of(spiky), 10_000);

        assertThat(refused.reason()).isEqualTo("BURST");
        assertThat(refused.retryAfterMillis()).isEqualTo(500);
        assertThat(ledger.admit(List.of(spiky), 10_499).admitted()).isFalse();
        assertThat(ledger.admit(List.of(spiky), 10_500).admitted()).isTrue();
    }

    @Test
    void highBurstRatesAreNotRoundedDown() {
        // 20000 per millisecond across 2 nodes: 10000 per millisecond here, one token every 100 ns
        Charge flood = charge("api-1", policy(PolicyLevel.API, limits(QuotaKind.REQUEST_COUNT, 1_000_000_000, MINUTE)
                .setBurstLimit(20_000L).setBurstUnitMillis(1L).build()));
        ThrottleLedger ledger = ledger("node-a", new Membership(2, 0));

        assertThat(admittedOf(ledger, flood, 20_000, 10_000)).as("the whole bucket at once").isEqualTo(10_000);
        assertThat(admittedOf(ledger, flood, 20_000, 10_001)).as("refilled a millisecond later").isEqualTo(10_000);
    }

    @Test
    void aQuotaRefusalGivesTheBurstTokenBack() {
        Charge spiky = charge("api-1", policy(PolicyLevel.API, limits(QuotaKind.REQUEST_COUNT, 2, MINUTE)
                .setBurstLimit(2L).setBurstUnitMillis(1_000L).build()));
        ThrottleLedger ledger = ledger("alone", Membership.ALONE);
        assertThat(ledger.admit(List.of(spiky), 1_000).admitted()).isTrue();
        assertThat(ledger.admit(List.of(spiky), 1_000).reason()).as("quota of 1 (half of 2)").isEqualTo("QUOTA");
        ledger.apply(spiky.key(), decision(spiky, 0, MINUTE, Map.of("alone", 1L), Map.of(), false, 1));
        assertThat(ledger.admit(List.of(spiky), 1_000).admitted()).as("the second token is still there").isTrue();
    }

    @Test
    void bandwidthIsCheckedBeforeTheCallAndChargedAfterIt() {
        Charge bytes = charge("sub-1", policy(PolicyLevel.SUBSCRIPTION, limits(QuotaKind.BANDWIDTH, 0, MINUTE)
                .setBandwidthBytes(10_000L).build()));
        ThrottleLedger ledger = ledger("alone", Membership.ALONE);

        assertThat(ledger.admit(List.of(bytes), 1_000).admitted()).isTrue();
        ledger.settle(List.of(bytes), 4_000, 1_000);
        assertThat(ledger.admit(List.of(bytes), 1_000).admitted()).as("4000 of a 5000 share").isTrue();
        ledger.settle(List.of(bytes), 1_500, 1_000);

        assertThat(ledger.admit(List.of(bytes), 1_000).reason()).isEqualTo("QUOTA");
    }

    @Test
    void aReportOnlyPolicyNeverRefuses() {
        Charge soft = charge("sub-1", policy(PolicyLevel.SUBSCRIPTION, limits(QuotaKind.REQUEST_COUNT, 10, MINUTE)
                .setStopOnQuotaReach(false).build()));
        ThrottleLedger ledger = ledger("alone", Membership.ALONE);
        ledger.apply(soft.key(), decision(soft, 0, MINUTE, Map.of(), Map.of("alone", 10L), true, 5));

        assertThat(admittedOf(ledger, soft, 50, 1_000)).isEqualTo(50);
    }

    @Test
    void idleCountersAreSweptAndCountAgainFromTheProcessorsView() {
        ThrottleLedger ledger = ledger("alone", Membership.ALONE);
        admittedOf(ledger, tenPerMinute, 5, 1_000);

        assertThat(ledger.sweep(MINUTE + 10_000, 60_000)).as("within retention").isZero();
        assertThat(ledger.sweep(MINUTE + 60_001, 60_000)).isEqualTo(1);
        assertThat(ledger.counters()).isZero();
        assertThat(admittedOf(ledger, tenPerMinute, 10, 2 * MINUTE + 1)).isEqualTo(5);
    }

    @Test
    void concurrentCallersNeverTogetherExceedTheAllowance() throws InterruptedException {
        Charge fast = charge("api-1", requests(10_000, MINUTE));
        Charge other = charge("app-1", requests(1_000_000, MINUTE));
        ThrottleLedger ledger = ledger("alone", Membership.ALONE);
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < 5_000; i++) {
                    if (ledger.admit(List.of(other, fast), 1_000).admitted()) {
                        admitted.incrementAndGet();
                    }
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(admitted.get()).isEqualTo(5_000);
        assertThat(admittedOf(ledger, other, 1_000_000, 1_000)).as("exactly the admitted calls counted")
                .isEqualTo(500_000 - 5_000);
    }

    private static ThrottleLedger ledger(String nodeId, Membership membership) {
        ThrottleLedger ledger = new ThrottleLedger(nodeId, 0.5);
        ledger.membership(membership);
        return ledger;
    }

    private static int admittedOf(ThrottleLedger ledger, Charge charge, int calls, long at) {
        List<Boolean> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            answers.add(ledger.admit(List.of(charge), at).admitted());
        }
        return (int) answers.stream().filter(a -> a).count();
    }
}
