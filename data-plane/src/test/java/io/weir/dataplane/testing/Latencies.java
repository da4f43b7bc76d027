package io.weir.dataplane.testing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Produce-to-client latencies of a load client in 1 ms buckets (up to a minute): the client reads
 * the record's {@code "timestamp":} (set by the producer) from each message it receives and counts
 * now minus that. Counts every message, so {@link #messages()} is also the delivery count.
 */
public final class Latencies {

    private static final String FIELD = "\"timestamp\":";
    private final AtomicLongArray millis = new AtomicLongArray(60_000);
    private final AtomicLong messages = new AtomicLong();

    /** Counts one message (a record envelope as JSON text); false if it carries no timestamp. */
    public boolean record(String envelope) {
        int at = envelope.indexOf(FIELD);
        if (at < 0) {
            return false;
        }
        int start = at + FIELD.length();
        int end = start;
        while (end < envelope.length() && Character.isDigit(envelope.charAt(end))) {
            end++;
        }
        long latency = System.currentTimeMillis() - Long.parseLong(envelope, start, end, 10);
        millis.incrementAndGet((int) Math.max(0, Math.min(millis.length() - 1, latency)));
        messages.incrementAndGet();
        return true;
    }

    public long messages() {
        return messages.get();
    }

    /** Forgets what was counted (after a warm-up). */
    public void reset() {
        for (int i = 0; i < millis.length(); i++) {
            millis.set(i, 0);
        }
        messages.set(0);
    }

    /** The latency in ms at or below which the fraction p of the messages arrived; -1 if none. */
    public long percentile(double p) {
        long total = 0;
        for (int i = 0; i < millis.length(); i++) {
            total += millis.get(i);
        }
        long target = (long) Math.ceil(total * p);
        long seen = 0;
        for (int i = 0; i < millis.length(); i++) {
            seen += millis.get(i);
            if (seen >= target && total > 0) {
                return i;
            }
        }
        return -1;
    }
}
