package io.weir.dataplane.websub.delivery;

import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
 * before retry n (after attempt n failed) wait a uniform random time in
 * [0, min(max, initial * 2^(n-1))]. Full jitter spreads a crowd of failing deliveries instead of
 * retrying them in lock-step against a callback that is coming back.
 */
public record Backoff(long initialMillis, long maxMillis) {

    /** @param random given a bound b, a uniform value in [0, b] */
    public long delayMillis(int failedAttempt, LongUnaryOperator random) {
        return random.applyAsLong(capMillis(failedAttempt));
    }

    long capMillis(int failedAttempt) {
        long cap = initialMillis;
        for (int i = 1; i < failedAttempt && cap < maxMillis; i++) {
            cap *= 2;
        }
        return Math.min(cap, maxMillis);
    }
}
