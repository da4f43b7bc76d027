package io.weir.dataplane.relay;

import io.weir.dataplane.edge.revalidation.GuardedConnection;
import io.weir.dataplane.invocation.InvocationRecorder;
import io.weir.dataplane.throttle.Throttling;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.invocation.MessageDirection;

/**
 * What one relayed connection costs and reports: every message (WebSocket) or event (SSE), in
 * either direction, is admitted on the connection's throttle counters before it is relayed, summed
 * into MESSAGE records per direction ({@link MessageBatch}), and counted in the metrics; the
 * connection's opening and end are records of their own (CONNECTION_OPENED carries the handshake's
 * charge, CONNECTION_CLOSED the total bytes and the close code). Confined to the connection's event
 * loop.
 */
public final class ConnectionTraffic {

    private final RelayCall call;
    private final Throttling throttling;
    private final InvocationRecorder recorder;
    private final RelayMetrics metrics;
    private final String environment;
    private final String nodeId;
    private final MessageBatch inbound;
    private final MessageBatch outbound;
    private long bytesIn;
    private long bytesOut;
    private boolean closed;
    private GuardedConnection guard;

    public ConnectionTraffic(RelayCall call, Throttling throttling, InvocationRecorder recorder, RelayMetrics metrics,
                             RelayConfig config, String environment, String nodeId) {
        this.call = call;
        this.throttling = throttling;
        this.recorder = recorder;
        this.metrics = metrics;
        this.environment = environment;
        this.nodeId = nodeId;
        this.inbound = new MessageBatch(config.messageBatchSize());
        this.outbound = new MessageBatch(config.messageBatchSize());
    }

    /** Re-checked until it closes (see {@link RelayHandshake#guard}). */
    public void guarded(GuardedConnection guard) {
        if (closed) {
            guard.release();
        } else {
            this.guard = guard;
        }
    }

    /** The backend accepted and the client's connection is open. */
    public void opened(int status, long backendMicros) {
        Invocation invocation = record(InvocationKind.CONNECTION_OPENED, call.startedMillis());
        invocation.setStatusCode(status);
        invocation.setMessageCount(1); // the handshake, charged as one call when it was admitted
        invocation.setThrottleKeys(RelayRecords.keys(call));
        invocation.setBackendLatencyMicros(backendMicros);
        invocation.setGatewayLatencyMicros(Math.max(0, (System.nanoTime() - call.startedNanos()) / 1000 - backendMicros));
        recorder.record(invocation);
        metrics.opened(call.protocol());
    }

    /** Admits a new message of {@code size} bytes (its first frame); false = over a limit, do not relay it. */
    public boolean message(MessageDirection direction, long size, long nowMillis) {
        if (!call.charges().isEmpty() && !throttling.admit(call.charges(), nowMillis).admitted()) {
            return false;
        }
        settle(size, nowMillis);
        count(direction, size);
        batch(direction).message(nowMillis, size, b -> write(direction, b));
        metrics.relayed(call.protocol(), direction);
        return true;
    }

    /** The bytes of a message's later frames (continuations), already admitted with its first. */
    public void bytes(MessageDirection direction, long size, long nowMillis) {
        settle(size, nowMillis);
        count(direction, size);
        batch(direction).bytes(nowMillis, size, b -> write(direction, b));
    }

    /** Writes batches older than the batch interval (called by the connection's timer). */
    public void tick(long nowMillis, long intervalMillis) {
        inbound.flushOlderThan(nowMillis, intervalMillis, b -> write(MessageDirection.INBOUND, b));
        outbound.flushOlderThan(nowMillis, intervalMillis, b -> write(MessageDirection.OUTBOUND, b));
    }

    /**
     * The connection ended: pending batches and the CONNECTION_CLOSED record are written, once.
     *
     * @param code      the WebSocket close code the client got or sent (SSE: 1000 normal end)
     * @param errorCode why the gateway ended it, null when a peer closed it
     */
    public void closed(int code, String errorCode, boolean throttled) {
        if (closed) {
            return;
        }
        closed = true;
        if (guard != null) {
            guard.release();
        }
        inbound.flush(b -> write(MessageDirection.INBOUND, b));
        outbound.flush(b -> write(MessageDirection.OUTBOUND, b));
        Invocation invocation = record(InvocationKind.CONNECTION_CLOSED, System.currentTimeMillis());
        invocation.setStatusCode(code);
        invocation.setRequestBytes(bytesIn);
        invocation.setResponseBytes(bytesOut);
        invocation.setErrorCode(errorCode);
        invocation.setThrottled(throttled);
        invocation.setGatewayLatencyMicros((System.nanoTime() - call.startedNanos()) / 1000);
        recorder.record(invocation);
        metrics.closed(call.protocol(), code);
    }

    public boolean isClosed() {
        return closed;
    }

    private void settle(long size, long nowMillis) {
        if (!call.charges().isEmpty()) {
            throttling.settle(call.charges(), size, nowMillis); // BANDWIDTH counters; others were charged on admission
        }
    }

    private void count(MessageDirection direction, long size) {
        if (direction == MessageDirection.INBOUND) {
            bytesIn += size;
        } else {
            bytesOut += size;
        }
    }

    private MessageBatch batch(MessageDirection direction) {
        return direction == MessageDirection.INBOUND ? inbound : outbound;
    }

    private void write(MessageDirection direction, MessageBatch.Batch batch) {
        Invocation invocation = record(InvocationKind.MESSAGE, batch.firstMillis());
        invocation.setDirection(direction);
        invocation.setMessageCount(batch.messages());
        invocation.setStatusCode(200);
        if (direction == MessageDirection.INBOUND) {
            invocation.setRequestBytes(batch.bytes());
        } else {
            invocation.setResponseBytes(batch.bytes());
        }
        invocation.setThrottleKeys(RelayRecords.keys(call));
        recorder.record(invocation);
    }

    private Invocation record(InvocationKind kind, long timestampMillis) {
        return RelayRecords.of(kind, call, environment, nodeId, timestampMillis);
    }
}
