package io.weir.dataplane.websub.delivery;

import java.util.TreeSet;

/**
 * Which offset of one partition may be committed while its records finish out of order (each
 * subscription's lane runs on its own): the lowest offset not finished yet, or one past the last
 * record seen when all are finished. A node that dies after committing never skips an unfinished
 * delivery; one that dies before redelivers some finished ones (at-least-once, deduped by id).
 */
final class PartitionProgress {

    private final TreeSet<Long> pending = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    void track(long offset) {
        pending.add(offset);
        next = Math.max(next, offset + 1);
    }

    void done(long offset) {
        pending.remove(offset);
    }

    int pending() {
        return pending.size();
    }

    /** The offset to commit now, or -1 when it would not move the committed position. */
    long toCommit() {
        long candidate = pending.isEmpty() ? next : pending.first();
        return candidate > committed ? candidate : -1;
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }
}
