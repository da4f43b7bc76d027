package io.weir.dataplane.throttle;

import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's usage of one counter in one fixed window, with the membership the window started
 * with: a node that leaves mid-window keeps its slice until the next window, so the survivors never
 * take over a slice it may already have used.
 */
final class QuotaWindow {

    /** Marks a counter that was swept: whoever sees it looks the counter up again. */
    static final QuotaWindow RETIRED = new QuotaWindow(Long.MIN_VALUE, 0, Membership.ALONE, 0);

    final long start;
    final long unitMillis;
    final Membership membership;
    /** Calls, messages or bytes admitted here in this window. */
    final AtomicLong used;

    QuotaWindow(long start, long unitMillis, Membership membership, long used) {
        this.start = start;
        this.unitMillis = unitMillis;
        this.membership = membership;
        this.used = new AtomicLong(used);
    }

    long end() {
        return start + unitMillis;
    }

    /** Takes one call if fewer than {@code allowance} were taken; false otherwise. */
    boolean take(long allowance) {
        while (true) {
            long now = used.get();
            if (now >= allowance) {
                return false;
            }
            if (used.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }
}
