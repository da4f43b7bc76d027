package io.weir.dataplane.throttle;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Spike arrest of one counter on this node: a token bucket of {@code capacity} calls refilled evenly
 * over {@code unitMillis}, kept as one number — the theoretical arrival time of the next call (the
 * generic cell rate algorithm) — so that taking a token is a single compare-and-set.
 */
final class BurstBucket {

    private final AtomicLong theoreticalArrivalNanos = new AtomicLong(Long.MIN_VALUE);

    /**
     * Takes one token at {@code nowMillis}.
     *
     * @return 0 if taken, otherwise the milliseconds until one is available again (at least 1)
     */
    long take(long nowMillis, long capacity, long unitMillis) {
        long interval = interval(capacity, unitMillis);
        long tolerance = unitMillis * 1_000_000 - interval;
        long now = nowMillis * 1_000_000;
        while (true) {
            long tat = theoreticalArrivalNanos.get();
            long base = Math.max(tat, now);
            if (base - tolerance > now) {
                return Math.max(1, (base - tolerance - now + 999_999) / 1_000_000);
            }
            if (theoreticalArrivalNanos.compareAndSet(tat, base + interval)) {
                return 0;
            }
        }
    }

    /** Gives back a token taken with the same settings (the call was refused by another counter). */
    void giveBack(long capacity, long unitMillis) {
        theoreticalArrivalNanos.addAndGet(-interval(capacity, unitMillis));
    }

    /** Whether the bucket is full again at {@code nowMillis} (nothing to remember). */
    boolean idle(long nowMillis) {
        return theoreticalArrivalNanos.get() <= nowMillis * 1_000_000;
    }

    private static long interval(long capacity, long unitMillis) {
        // nanoseconds: exact enough for up to a billion calls per second per node
        return Math.max(1, unitMillis * 1_000_000 / Math.max(1, capacity));
    }
}
