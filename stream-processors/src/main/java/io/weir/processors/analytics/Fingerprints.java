package io.weir.processors.analytics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The invocation ids a partition has counted, for dropping repeated deliveries: 128-bit
 * fingerprints (the UUID itself, else the first 16 bytes of the id's SHA-256) in buckets of one
 * minute of event time, dropped once the bucket is older than the retention behind stream time.
 * A repeated delivery is the same record — same id, same timestamp — so it is looked up in the
 * bucket of its own timestamp. Memory: about 40 bytes per id kept.
 */
final class Fingerprints {

    static final long BUCKET_MILLIS = Duration.ofMinutes(1).toMillis();

    private final TreeMap<Long, PairSet> buckets = new TreeMap<>();
    private final Map<Long, List<long[]>> fresh = new LinkedHashMap<>();

    /** True when the id was not seen yet (and is now); false for a repeated delivery. */
    boolean add(String invocationId, long timestamp) {
        long[] print = fingerprint(invocationId);
        long bucket = bucketOf(timestamp);
        if (!buckets.computeIfAbsent(bucket, b -> new PairSet()).add(print[0], print[1])) {
            return false;
        }
        fresh.computeIfAbsent(bucket, b -> new ArrayList<>()).add(print);
        return true;
    }

    /** Restores fingerprints that were checkpointed. */
    void load(long bucket, long[] pairs) {
        PairSet set = buckets.computeIfAbsent(bucket, b -> new PairSet());
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            set.add(pairs[i], pairs[i + 1]);
        }
    }

    /** The fingerprints added since the last call, by bucket, as hi/lo pairs. */
    Map<Long, long[]> drainFresh() {
        Map<Long, long[]> drained = new LinkedHashMap<>();
        fresh.forEach((bucket, prints) -> {
            long[] pairs = new long[prints.size() * 2];
            for (int i = 0; i < prints.size(); i++) {
                pairs[2 * i] = prints.get(i)[0];
                pairs[2 * i + 1] = prints.get(i)[1];
            }
            drained.put(bucket, pairs);
        });
        fresh.clear();
        return drained;
    }

    /** Forgets the buckets that ended {@code retention} or more before {@code streamTime}. */
    void expire(long streamTime, Duration retention) {
        long cutoff = streamTime - retention.toMillis();
        buckets.headMap(cutoff - BUCKET_MILLIS, true).clear();
        fresh.keySet().removeIf(bucket -> bucket + BUCKET_MILLIS <= cutoff);
    }

    /** Bucket starts at or below which checkpointed fingerprints may be deleted. */
    static long expiredBefore(long streamTime, Duration retention) {
        return streamTime - retention.toMillis() - BUCKET_MILLIS;
    }

    static long bucketOf(long timestamp) {
        return timestamp - Math.floorMod(timestamp, BUCKET_MILLIS);
    }

    int size() {
        return buckets.values().stream().mapToInt(PairSet::size).sum();
    }

    static long[] fingerprint(String id) {
        if (id.length() == 36) {
            try {
                UUID uuid = UUID.fromString(id);
                return new long[] {uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()};
            } catch (IllegalArgumentException e) {
                // not a UUID after all: hashed below
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (digest[i] & 0xff);
                lo = (lo << 8) | (digest[8 + i] & 0xff);
            }
            return new long[] {hi, lo};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** An open-addressing set of 128-bit values (linear probing, grows at half full). */
    private static final class PairSet {
        private long[] slots = new long[32];
        private boolean[] used = new boolean[16];
        private int size;

        boolean add(long hi, long lo) {
            if (size * 2 >= used.length) {
                grow();
            }
            int mask = used.length - 1;
            int i = (int) mix(hi ^ Long.rotateLeft(lo, 31)) & mask;
            while (used[i]) {
                if (slots[2 * i] == hi && slots[2 * i + 1] == lo) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            used[i] = true;
            slots[2 * i] = hi;
            slots[2 * i + 1] = lo;
            size++;
            return true;
        }

        int size() {
            return size;
        }

        private void grow() {
            long[] oldSlots = slots;
            boolean[] oldUsed = used;
            slots = new long[oldSlots.length * 2];
            used = new boolean[oldUsed.length * 2];
            size = 0;
            for (int i = 0; i < oldUsed.length; i++) {
                if (oldUsed[i]) {
                    add(oldSlots[2 * i], oldSlots[2 * i + 1]);
                }
            }
        }

        private static long mix(long value) {
            value ^= value >>> 33;
            value *= 0xff51afd7ed558ccdL;
            value ^= value >>> 33;
            return value;
        }
    }
}
