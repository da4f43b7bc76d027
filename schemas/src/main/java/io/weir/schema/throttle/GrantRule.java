package io.weir.schema.throttle;

import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.policy.ThrottlingLimits;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the throttling processor folds one admitted charge into the decision of its counter's window,
 * and when it hands a node a grant from the pool ({@link InitialShares} explains shares and pool).
 *
 * <p>The rule, per charge of node {@code n} with counted usage {@code u}: its allowance is its initial
 * share plus what it was granted so far; when the allowance left ({@code allowance - u}) is at most
 * what {@code n} is expected to use during one decision round trip ({@code leadTime} at its rate in
 * this window, at least 1), {@code n} gets {@code ceil(poolLeft / 4)} more (a charge that sums several
 * calls may do so once per call, as the calls counted one by one would have). So a node that uses its
 * allowance is topped up before it runs dry, an idle node takes nothing, two busy nodes drain the pool
 * in turns, and a single busy node ends up with all of it. Grants only grow within a window and never
 * add up to more than the pool: with the slices adding up to the initial share total, the nodes never
 * admit more than the quota. This lives next to {@link InitialShares} because the guarantee needs both
 * halves — the nodes' split and the processor's grants — to hold together.
 */
public final class GrantRule {

    private final double initialShare;
    private final long leadTimeMillis;

    /**
     * @param initialShare   fraction of a quota pre-split among the nodes (must equal the nodes' setting)
     * @param leadTimeMillis how early, in time at the node's rate, a node is topped up: about the
     *                       round trip invocation → processor → decision → node
     */
    public GrantRule(double initialShare, long leadTimeMillis) {
        this.initialShare = initialShare;
        this.leadTimeMillis = Math.max(0, leadTimeMillis);
    }

    /**
     * The decision after counting a charge.
     *
     * @param decision the counter's new state
     * @param urgent   whether nodes must hear it now: a new window, a new grant, or blocked changed
     *                 (a change of counts alone may be coalesced)
     */
    public record Counted(ThrottleDecision decision, boolean urgent) {
    }

    /**
     * Counts {@code amount}, the charge of one call admitted by {@code node} at {@code timestamp}, on
     * counter {@code key}.
     *
     * @param current   the counter's current decision, null if none
     * @param liveNodes sorted ids of the live nodes of the key's environment (the node itself is
     *                  counted whether listed or not)
     * @return empty when the policy has no quota or the charge belongs to a window older than current
     */
    public Optional<Counted> count(ThrottleDecision current, ThrottleKeys key, GatewayPolicy policy, String node,
                                   long amount, long timestamp, List<String> liveNodes, long decidedAt) {
        return count(current, key, policy, node, amount, 1, timestamp, liveNodes, decidedAt);
    }

    /**
     * Counts {@code amount}, the sum of the charges of {@code calls} calls admitted by {@code node} in
     * one window, the latest at {@code timestamp}, on counter {@code key}. The node may be topped up
     * once per call, as if the calls had been counted one by one: summing them must not slow down how
     * fast a busy node gets the pool.
     *
     * @param calls how many calls {@code amount} sums up (at least 1 is assumed)
     * @see #count(ThrottleDecision, ThrottleKeys, GatewayPolicy, String, long, long, List, long)
     */
    public Optional<Counted> count(ThrottleDecision current, ThrottleKeys key, GatewayPolicy policy, String node,
                                   long amount, long calls, long timestamp, List<String> liveNodes, long decidedAt) {
        ThrottlingLimits limits = policy.getLimits();
        long quota = InitialShares.quota(limits);
        if (quota <= 0) {
            return Optional.empty();
        }
        long start = InitialShares.windowStart(timestamp, limits.getUnitMillis());
        boolean fresh = current == null || current.getWindowStart().toEpochMilli() < start;
        if (!fresh && current.getWindowStart().toEpochMilli() > start) {
            return Optional.empty(); // a late charge of a closed window: nodes have moved on
        }
        Map<String, Long> counts = fresh ? new HashMap<>() : new HashMap<>(current.getNodeCounts());
        Map<String, Long> grants = fresh ? new HashMap<>() : new HashMap<>(current.getGrants());
        long used = counts.merge(node, amount, Long::sum);
        long count = (fresh ? 0 : current.getCount()) + amount;
        long total = InitialShares.total(quota, initialShare);
        boolean granted = grant(grants, node, used, InitialShares.share(total, rank(node, liveNodes),
                nodeCount(node, liveNodes)), quota - total, timestamp - start, Math.max(1, calls));
        boolean blocked = limits.getStopOnQuotaReach() && count >= quota;
        Instant end = Instant.ofEpochMilli(start + limits.getUnitMillis());
        ThrottleDecision next = ThrottleDecision.newBuilder()
                .setThrottleKey(key.key())
                .setLevel(policy.getLevel())
                .setPolicyName(policy.getName())
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(end)
                .setCount(count)
                .setLimit(quota)
                .setBlocked(blocked)
                .setBlockedUntil(blocked ? end : null)
                .setDecidedAt(Instant.ofEpochMilli(decidedAt))
                .setNodeCounts(counts)
                .setGrants(grants)
                .setInitialShareTotal(total)
                .build();
        return Optional.of(new Counted(next, fresh || granted || blocked != current.getBlocked()));
    }

    /**
     * Tops up {@code node} from what is left of the pool while it is about to run dry, at most
     * {@code steps} times; true if it did.
     */
    private boolean grant(Map<String, Long> grants, String node, long used, long share, long pool, long elapsed,
                          long steps) {
        long poolLeft = pool - grants.values().stream().mapToLong(Long::longValue).sum();
        long mine = grants.getOrDefault(node, 0L);
        // what the node will use during one round trip, at its rate so far in this window
        long expected = (long) Math.ceil((double) used * leadTimeMillis / (elapsed + 1));
        boolean granted = false;
        for (long step = 0; step < steps && poolLeft > 0 && share + mine - used <= Math.max(1, expected); step++) {
            long more = Math.min(poolLeft, ceilDiv(poolLeft, 4));
            mine += more;
            poolLeft -= more;
            granted = true;
        }
        if (granted) {
            grants.put(node, mine);
        }
        return granted;
    }

    /** Rank of a node among the sorted live nodes, itself included. */
    static int rank(String node, List<String> sortedLiveNodes) {
        int at = Collections.binarySearch(sortedLiveNodes, node);
        return at >= 0 ? at : -at - 1;
    }

    /** How many nodes share the initial part: the live ones, the node itself included. */
    static int nodeCount(String node, List<String> sortedLiveNodes) {
        return sortedLiveNodes.size() + (Collections.binarySearch(sortedLiveNodes, node) >= 0 ? 0 : 1);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
