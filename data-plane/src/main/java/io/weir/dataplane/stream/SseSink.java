package io.weir.dataplane.stream;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.weir.dataplane.edge.revalidation.Revocation;
import io.weir.dataplane.http.Cors;
import io.weir.dataplane.throttle.Throttling.Admission;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.invocation.MessageDirection;
import java.util.ArrayList;
import java.util.List;

/**
 * An SSE response as a stream sink: {@code id:} the cursor, {@code event:} the channel, {@code data:}
 * the record's JSON envelope; a {@code retry:} hint first and heartbeat comments while idle. A
 * throttled message ends the stream with an {@code error} event whose {@code retry:} is the
 * throttle's retry-after: the client reconnects with its Last-Event-ID and misses nothing.
 */
final class SseSink implements StreamSink {

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final StreamConfig config;
    private final StreamMetrics metrics;
    private final List<Runnable> drainWaiters = new ArrayList<>(2);
    private StreamConnection connection;
    private StreamSubscription subscription;
    private Vertx vertx;
    private long heartbeatTimer = -1;
    private long flushTimer = -1;
    private boolean finished;
    private StringBuilder batch;

    SseSink(HttpServerRequest request, StreamConfig config, StreamMetrics metrics) {
        this.request = request;
        this.response = request.response();
        this.config = config;
        this.metrics = metrics;
    }

    void open(GatewayApi api, StreamConnection connection, StreamSubscription subscription, Vertx vertx) {
        this.connection = connection;
        this.subscription = subscription;
        this.vertx = vertx;
        if (response.closed()) {
            finish(null);
            return;
        }
        Cors.decorate(api.getCors(), request, response);
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(v -> finish(null));
        response.drainHandler(v -> drained());
        response.write("retry: " + config.retry().toMillis() + "\n: stream open\n\n");
        heartbeatTimer = vertx.setPeriodic(config.heartbeatInterval().toMillis(), t -> {
            if (!response.writeQueueFull()) {
                response.write(": heartbeat\n\n");
            }
        });
        flushTimer = vertx.setPeriodic(config.messageRecordInterval().toMillis(), t -> connection.flush());
    }

    @Override
    public boolean send(ChannelRoute channel, StreamRecord record, String eventId) {
        if (finished) {
            return false;
        }
        Admission admission = connection.admit(channel, MessageDirection.OUTBOUND, record.bytes());
        if (admission != null && !admission.admitted()) {
            long retry = Math.max(1000, admission.retryAfterMillis());
            end("retry: " + retry + "\nevent: error\ndata: " + new JsonObject().put("code", "throttled-" + admission.reason().toLowerCase())
                    .put("message", "The " + admission.refusedBy().policy().getLevel().name().toLowerCase() + " throttling policy '"
                            + admission.refusedBy().policy().getName() + "' allows no more messages now; reconnect with your Last-Event-ID.")
                    .put("retryAfterMillis", retry).encode() + "\n\n", "throttled-" + admission.reason().toLowerCase());
            return false;
        }
        if (batch == null) {
            batch = new StringBuilder(512);
            vertx.getOrCreateContext().runOnContext(v -> flushBatch());
        }
        batch.append("id: ").append(eventId).append("\nevent: ").append(channel.channel().replace('\n', ' '))
                .append("\ndata: {").append(record.fields()).append("}\n\n");
        return true;
    }

    /**
     * Events sent in one event-loop task go out as one write after it: each write is a flush (a
     * system call), and a tail batch holds many records.
     */
    private void flushBatch() {
        StringBuilder events = batch;
        batch = null;
        if (events != null && !response.closed() && !response.ended()) {
            response.write(events.toString());
        }
    }

    @Override
    public boolean congested() {
        return response.writeQueueFull();
    }

    @Override
    public void whenDrained(Runnable drained) {
        drainWaiters.add(drained);
    }

    private void drained() {
        List<Runnable> waiting = List.copyOf(drainWaiters);
        drainWaiters.clear();
        waiting.forEach(Runnable::run);
    }

    @Override
    public void fail(ChannelRoute channel, String code, String reason) {
        if (finished) {
            return;
        }
        if ("slow-consumer".equals(code)) {
            metrics.slowConsumers.increment();
            finish(code);
            request.connection().close(); // its write queue is full: an error event would wait behind it
            return;
        }
        end("event: error\ndata: " + new JsonObject().put("code", code).put("message", reason).encode() + "\n\n", code);
    }

    /** Its caller would now be refused (revoked key, blocked subscription, API gone): an error event, then the end. */
    void revoke(Revocation revocation) {
        if (!finished) {
            end("event: error\ndata: " + new JsonObject().put("code", revocation.code()).put("message", revocation.message())
                    .encode() + "\n\n", revocation.code());
        }
    }

    private void end(String lastEvent, String code) {
        flushBatch();
        finish(code);
        if (!response.closed() && !response.ended()) {
            response.end(lastEvent);
        }
    }

    private void finish(String errorCode) {
        if (finished) {
            return;
        }
        finished = true;
        subscription.cancel();
        if (vertx != null) {
            vertx.cancelTimer(heartbeatTimer);
            vertx.cancelTimer(flushTimer);
        }
        connection.closed(200, errorCode);
    }
}
