package io.weir.schema.throttle;

import io.weir.schema.gateway.GatewayNodeState;
import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;

/**
 * The arithmetic gateways and the throttling processor must agree on without talking: which window a
 * moment falls in, what a policy's quota is, what a call is charged, which nodes are live, and how the
 * initial part of a quota is split among the live nodes of an environment.
 *
 * <p>A quota {@code L} per window is split in two: the initial share total {@code S = floor(L * f)},
 * divided among the {@code N} live nodes by rank of sorted node id (each node may admit its slice at
 * once, without waiting for anybody), and the pool {@code L - S}, which only the processor hands out,
 * as grants ({@link GrantRule}). The slices add up to exactly {@code S}, the grants to at most the
 * pool: so the nodes together never admit more than {@code L} — as long as they agree on {@code N}.
 */
public final class InitialShares {

    /** Part of a quota pre-split among the nodes when nothing else is configured. */
    public static final double DEFAULT_FRACTION = 0.5;

    private InitialShares() {
    }

    /** Start of the fixed window containing {@code timestamp}, aligned to the epoch. */
    public static long windowStart(long timestamp, long unitMillis) {
        return Math.floorDiv(timestamp, unitMillis) * unitMillis;
    }

    /**
     * The quota of a policy per window: bytes for BANDWIDTH, otherwise calls or messages; 0 when the
     * policy has no enforceable quota (no positive window or amount).
     */
    public static long quota(ThrottlingLimits limits) {
        if (limits == null || limits.getUnitMillis() <= 0) {
            return 0;
        }
        long quota = isBandwidth(limits) ? nullToZero(limits.getBandwidthBytes()) : limits.getLimit();
        return Math.max(0, quota);
    }

    public static boolean isBandwidth(ThrottlingLimits limits) {
        return limits.getQuotaKind() == QuotaKind.BANDWIDTH;
    }

    /** What an admitted invocation is charged on a counter of a policy with these limits. */
    public static long charge(Invocation invocation, ThrottlingLimits limits) {
        return isBandwidth(limits)
                ? Math.max(0, invocation.getRequestBytes()) + Math.max(0, invocation.getResponseBytes())
                : Math.max(0, invocation.getMessageCount());
    }

    /** {@code floor(quota * fraction)}, within {@code [0, quota]}. */
    public static long total(long quota, double fraction) {
        if (!(fraction > 0)) {
            return 0;
        }
        return Math.min(quota, Math.max(0, (long) Math.floor(quota * Math.min(1.0, fraction))));
    }

    /** The slice of {@code total} of the node at {@code rank} among {@code nodes}: they add up to total. */
    public static long share(long total, int rank, int nodes) {
        if (nodes <= 0 || rank < 0 || rank >= nodes) {
            return 0;
        }
        return total / nodes + (rank < total % nodes ? 1 : 0);
    }

    /** A node counts while it is READY or STARTING and its last heartbeat is at most {@code stalenessMillis} old. */
    public static boolean isLive(GatewayNodeStatus status, long now, long stalenessMillis) {
        return status != null
                && (status.getStatus() == GatewayNodeState.READY || status.getStatus() == GatewayNodeState.STARTING)
                && now - status.getHeartbeatAt().toEpochMilli() <= stalenessMillis;
    }

    private static long nullToZero(Long value) {
        return value == null ? 0 : value;
    }
}
