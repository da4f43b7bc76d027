package io.weir.dataplane.throttle;

import io.weir.dataplane.throttle.Throttling.Admission;
import io.weir.dataplane.throttle.Throttling.Charge;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.throttle.InitialShares;
import io.weir.schema.throttle.ThrottleDecision;
import io.weir.schema.throttle.ThrottleKeys;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Decides, on this node alone and without waiting, whether a call may pass its throttle counters.
 *
 * <p>Per counter and fixed window a node admits while its own usage is below its allowance: its
 * initial share (its slice, by rank among the live nodes, of {@code floor(limit * f)}) plus the grant
 * the throttling processor gave it in the latest decision of that window — and not at all once that
 * decision says blocked. Spike arrest is a local token bucket of {@code ceil(burstLimit / N)} per
 * burst unit. A call is counted on all its counters or on none: each counter is reserved with a
 * compare-and-set and the reservations are given back when a later counter refuses.
 *
 * <p>Called on the event loop: no locks, no I/O, one map lookup per counter.
 */
final class ThrottleLedger {

    private static final Logger LOG = Logger.getLogger(ThrottleLedger.class);
    private static final String QUOTA = "QUOTA";
    private static final String BURST = "BURST";

    private final String nodeId;
    private final double initialShare;
    private final ConcurrentHashMap<ThrottleKeys, CounterState> counters = new ConcurrentHashMap<>();
    private volatile Membership membership = Membership.ALONE;
    private volatile boolean splitMismatchReported;

    ThrottleLedger(String nodeId, double initialShare) {
        this.nodeId = nodeId;
        this.initialShare = initialShare;
    }

    Admission admit(List<Charge> charges, long now) {
        int size = charges.size();
        QuotaWindow[] taken = size == 0 ? null : new QuotaWindow[size];
        for (int i = 0; i < size; i++) {
            Charge charge = charges.get(i);
            Admission refused = reserve(charge, now, taken, i);
            if (refused != null) {
                for (int j = i - 1; j >= 0; j--) {
                    giveBack(charges.get(j), taken[j]);
                }
                return refused;
            }
        }
        return Admission.ADMITTED;
    }

    /** Adds the bytes of an answered call to its BANDWIDTH counters (count quotas were charged on admission). */
    void settle(List<Charge> charges, long bytes, long now) {
        for (Charge charge : charges) {
            ThrottlingLimits limits = charge.policy().getLimits();
            if (bytes > 0 && InitialShares.isBandwidth(limits) && InitialShares.quota(limits) > 0) {
                QuotaWindow window = windowOf(charge.key(), now, limits.getUnitMillis());
                window.used.addAndGet(bytes);
            }
        }
    }

    /** Applies a decision of the throttling processor (from weir.throttle.decisions). */
    void apply(ThrottleKeys key, ThrottleDecision decision) {
        long grant = decision.getGrants().getOrDefault(nodeId, 0L);
        long counted = decision.getNodeCounts().getOrDefault(nodeId, 0L);
        long blockedUntil = decision.getBlockedUntil() == null
                ? decision.getWindowEnd().toEpochMilli() : decision.getBlockedUntil().toEpochMilli();
        NodeDecision next = new NodeDecision(decision.getWindowStart().toEpochMilli(),
                decision.getWindowEnd().toEpochMilli(), grant, decision.getBlocked(), blockedUntil,
                decision.getInitialShareTotal(), counted, decision.getDecidedAt().toEpochMilli());
        while (true) {
            CounterState state = counters.computeIfAbsent(key, k -> new CounterState());
            if (state.window.get() != QuotaWindow.RETIRED) {
                state.apply(next);
                return;
            }
            counters.remove(key, state);
        }
    }

    /** A counter's decision was removed (tombstone): its window is long over. */
    void forget(ThrottleKeys key) {
        CounterState state = counters.get(key);
        if (state != null) {
            state.decision = null;
        }
    }

    void membership(Membership current) {
        this.membership = current;
    }

    Membership membership() {
        return membership;
    }

    int counters() {
        return counters.size();
    }

    /** Drops counters whose windows, decisions and burst buckets no longer matter; returns how many. */
    int sweep(long now, long graceMillis) {
        int removed = 0;
        for (var entry : counters.entrySet()) {
            if (entry.getValue().retireIfIdle(now, graceMillis) && counters.remove(entry.getKey(), entry.getValue())) {
                removed++;
            }
        }
        return removed;
    }

    /** Reserves one call on a counter; returns the refusal, or null with {@code taken[i]} set if counted. */
    private Admission reserve(Charge charge, long now, QuotaWindow[] taken, int i) {
        ThrottlingLimits limits = charge.policy().getLimits();
        long capacity = burstCapacity(limits);
        long quota = InitialShares.quota(limits);
        while (true) {
            CounterState state = stateOf(charge.key());
            if (capacity > 0) {
                long wait = state.burst.take(now, capacity, limits.getBurstUnitMillis());
                if (wait > 0) {
                    return new Admission(false, wait, charge, BURST);
                }
            }
            if (quota <= 0) {
                return null;
            }
            QuotaWindow window = state.windowAt(now, limits.getUnitMillis(), membership);
            if (window == null) {
                continue; // swept meanwhile: start over on a fresh counter
            }
            Admission refused = quota(charge, limits, quota, window, state.decisionFor(window.start), now);
            if (refused != null && capacity > 0) {
                state.burst.giveBack(capacity, limits.getBurstUnitMillis());
            }
            if (refused == null && !InitialShares.isBandwidth(limits)) {
                taken[i] = window;
            }
            return refused;
        }
    }

    /** The quota check of one counter in its window; counts the call unless refused. */
    private Admission quota(Charge charge, ThrottlingLimits limits, long quota, QuotaWindow window,
                            NodeDecision decision, long now) {
        boolean bandwidth = InitialShares.isBandwidth(limits);
        if (!limits.getStopOnQuotaReach()) {
            if (!bandwidth) {
                window.used.incrementAndGet(); // report-only policy: counted, never refused
            }
            return null;
        }
        if (decision != null && decision.blocked()) {
            return new Admission(false, Math.max(1, decision.blockedUntil() - now), charge, QUOTA);
        }
        long allowance = allowance(quota, window.membership, decision);
        // bytes are known only after the call: a BANDWIDTH counter admits while below, settle() adds them
        boolean within = bandwidth ? window.used.get() < allowance : window.take(allowance);
        return within ? null : new Admission(false, Math.max(1, window.end() - now), charge, QUOTA);
    }

    private void giveBack(Charge charge, QuotaWindow window) {
        if (window != null) {
            window.used.decrementAndGet();
        }
        ThrottlingLimits limits = charge.policy().getLimits();
        long capacity = burstCapacity(limits);
        if (capacity > 0) {
            stateOf(charge.key()).burst.giveBack(capacity, limits.getBurstUnitMillis());
        }
    }

    /** This node's part of a spike arrest limit, {@code ceil(burstLimit / N)}; 0 if the policy has none. */
    private long burstCapacity(ThrottlingLimits limits) {
        Long burstLimit = limits.getBurstLimit();
        Long burstUnit = limits.getBurstUnitMillis();
        if (burstLimit == null || burstLimit <= 0 || burstUnit == null || burstUnit <= 0) {
            return 0;
        }
        return ceilDiv(burstLimit, membership.nodes());
    }

    /** Initial share of this node in the window's membership plus its grant; the processor's split wins. */
    private long allowance(long quota, Membership members, NodeDecision decision) {
        long total = InitialShares.total(quota, initialShare);
        if (decision != null && decision.initialShareTotal() != total) {
            reportSplitMismatch(total, decision.initialShareTotal());
            total = decision.initialShareTotal();
        }
        long share = InitialShares.share(total, members.rank(), members.nodes());
        return share + (decision == null ? 0 : decision.grant());
    }

    private QuotaWindow windowOf(ThrottleKeys key, long now, long unitMillis) {
        while (true) {
            QuotaWindow window = stateOf(key).windowAt(now, unitMillis, membership);
            if (window != null) {
                return window;
            }
        }
    }

    private CounterState stateOf(ThrottleKeys key) {
        while (true) {
            CounterState state = counters.get(key);
            if (state == null) {
                state = counters.computeIfAbsent(key, k -> new CounterState());
            }
            if (state.window.get() != QuotaWindow.RETIRED) {
                return state;
            }
            counters.remove(key, state);
        }
    }

    private void reportSplitMismatch(long mine, long processors) {
        if (!splitMismatchReported) {
            splitMismatchReported = true;
            LOG.warnf("the throttling processor splits %d where this node would split %d: "
                    + "weir.gateway.throttling.initial-share differs from the processor's; following the processor",
                    processors, mine);
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
