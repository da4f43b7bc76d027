package io.weir.schema.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.gateway.GatewayNodeState;
import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import java.time.Instant;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class InitialSharesTest {

    @Test
    void windowsAreAlignedToTheEpoch() {
        assertThat(InitialShares.windowStart(125_999, 60_000)).isEqualTo(120_000);
        assertThat(InitialShares.windowStart(120_000, 60_000)).isEqualTo(120_000);
        assertThat(InitialShares.windowStart(-1, 1_000)).isEqualTo(-1_000);
    }

    @Test
    void slicesByRankAddUpToTheTotal() {
        long total = InitialShares.total(10, 0.5);
        assertThat(total).isEqualTo(5);
        assertThat(InitialShares.share(total, 0, 2)).isEqualTo(3);
        assertThat(InitialShares.share(total, 1, 2)).isEqualTo(2);
        for (int nodes = 1; nodes <= 7; nodes++) {
            int n = nodes;
            assertThat(LongStream.range(0, n).map(rank -> InitialShares.share(1_001, (int) rank, n)).sum())
                    .as("%d nodes", n).isEqualTo(1_001);
        }
        assertThat(InitialShares.share(5, 2, 2)).as("a rank outside the membership").isZero();
    }

    @Test
    void totalIsFlooredAndClamped() {
        assertThat(InitialShares.total(7, 0.5)).isEqualTo(3);
        assertThat(InitialShares.total(7, 0)).isZero();
        assertThat(InitialShares.total(7, 1.5)).isEqualTo(7);
        assertThat(InitialShares.total(7, Double.NaN)).isZero();
    }

    @Test
    void bandwidthQuotasCountBytesOthersCalls() {
        assertThat(InitialShares.quota(limits(QuotaKind.REQUEST_COUNT, 100, null))).isEqualTo(100);
        assertThat(InitialShares.quota(limits(QuotaKind.BANDWIDTH, 0, 4096L))).isEqualTo(4096);
        assertThat(InitialShares.quota(limits(QuotaKind.BANDWIDTH, 0, null))).isZero();
    }

    @Test
    void aNodeIsLiveWhileReadyOrStartingAndItsHeartbeatIsFresh() {
        assertThat(InitialShares.isLive(node(GatewayNodeState.READY, 10_000), 15_000, 6_000)).isTrue();
        assertThat(InitialShares.isLive(node(GatewayNodeState.STARTING, 10_000), 16_000, 6_000)).isTrue();
        assertThat(InitialShares.isLive(node(GatewayNodeState.READY, 10_000), 16_001, 6_000)).isFalse();
        assertThat(InitialShares.isLive(node(GatewayNodeState.DRAINING, 10_000), 10_000, 6_000)).isFalse();
        assertThat(InitialShares.isLive(null, 10_000, 6_000)).isFalse();
    }

    static ThrottlingLimits limits(QuotaKind kind, long limit, Long bytes) {
        return ThrottlingLimits.newBuilder().setQuotaKind(kind).setLimit(limit).setUnitMillis(60_000)
                .setBandwidthBytes(bytes).build();
    }

    private static GatewayNodeStatus node(GatewayNodeState state, long heartbeatAt) {
        return GatewayNodeStatus.newBuilder().setEnvironment("production").setNodeId("n")
                .setStartedAt(Instant.EPOCH).setHeartbeatAt(Instant.ofEpochMilli(heartbeatAt)).setStatus(state).build();
    }
}
