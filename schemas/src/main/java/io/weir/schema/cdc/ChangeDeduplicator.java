package io.weir.schema.cdc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * Consumer-side dedupe of CDC changes. The connectors deliver at least once: after a crash
 * ({@code kill -9}) everything since the last offset commit is sent again, with the same source
 * position. A change is identified by its source position — {@link ChangeRecord#LSN} and
 * {@link ChangeRecord#TX_ID} — together with the topic, the row key and the operation, because the
 * position alone is not unique: every row of an initial snapshot carries the snapshot's position,
 * and an update of a primary key is a DELETE and an INSERT at one position.
 *
 * <p>Redelivered changes arrive within the window since the last offset commit (a second by
 * default), so a bounded memory of the most recent identities is enough: {@code capacity} should
 * exceed the changes a source produces between two offset commits. Changes without a position
 * (a connector that reports none) are always passed on. Not thread-safe: one per consumer thread.
 */
public final class ChangeDeduplicator {

    private final Map<Identity, Boolean> seen;

    public ChangeDeduplicator(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Identity, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time this change is seen, false for a redelivery of it. */
    public boolean firstDelivery(String topic, String key, GenericRecord change) {
        Objects.requireNonNull(change, "change");
        Long lsn = (Long) field(change, ChangeRecord.LSN);
        Long txId = (Long) field(change, ChangeRecord.TX_ID);
        if (lsn == null) {
            return true;
        }
        Object op = field(change, ChangeRecord.OP);
        return seen.put(new Identity(topic, key, lsn, txId, op == null ? null : op.toString()), Boolean.TRUE) == null;
    }

    private static Object field(GenericRecord change, String name) {
        return change.hasField(name) ? change.get(name) : null;
    }

    private record Identity(String topic, String key, long lsn, Long txId, String op) {
    }
}
