package io.weir.dataplane.throttle;

import io.weir.schema.throttle.InitialShares;
import java.util.concurrent.atomic.AtomicReference;

/** Everything this node holds about one throttle counter: its current window, latest decision, burst bucket. */
final class CounterState {

    final AtomicReference<QuotaWindow> window = new AtomicReference<>();
    final BurstBucket burst = new BurstBucket();
    volatile NodeDecision decision;

    /**
     * The window containing {@code now}, opened with {@code membership} if it is new; null if the
     * counter was retired. A call stamped a little before a roll-over another thread already made
     * counts in the newer window (never in a closed one).
     */
    QuotaWindow windowAt(long now, long unitMillis, Membership membership) {
        long start = InitialShares.windowStart(now, unitMillis);
        while (true) {
            QuotaWindow current = window.get();
            if (current == QuotaWindow.RETIRED) {
                return null;
            }
            if (current != null && current.unitMillis == unitMillis && current.start >= start) {
                return current;
            }
            NodeDecision known = decision;
            long recovered = known != null && known.isFor(start) ? known.countedHere() : 0;
            QuotaWindow opened = new QuotaWindow(start, unitMillis, membership, recovered);
            if (window.compareAndSet(current, opened)) {
                return opened;
            }
        }
    }

    /** The decision of the window starting at {@code start}, or null. */
    NodeDecision decisionFor(long start) {
        NodeDecision known = decision;
        return known != null && known.isFor(start) ? known : null;
    }

    /**
     * Applies a decision. Within its window the node never counts less than the processor counted for
     * it: after a restart under the same node id it resumes from there instead of from zero.
     */
    void apply(NodeDecision next) {
        synchronized (this) {
            NodeDecision known = decision;
            decision = known == null ? next : known.merge(next);
        }
        QuotaWindow current = window.get();
        if (current != null && current != QuotaWindow.RETIRED && current.start == next.windowStart()) {
            current.used.accumulateAndGet(next.countedHere(), Math::max);
        }
    }

    /** Retires the counter if nothing in it matters any more at {@code now}; true if it did. */
    boolean retireIfIdle(long now, long graceMillis) {
        QuotaWindow current = window.get();
        NodeDecision known = decision;
        boolean windowOver = current == null || current.end() + graceMillis < now;
        boolean decisionOver = known == null || known.windowEnd() + graceMillis < now;
        return current != QuotaWindow.RETIRED && windowOver && decisionOver && burst.idle(now)
                && window.compareAndSet(current, QuotaWindow.RETIRED);
    }
}
