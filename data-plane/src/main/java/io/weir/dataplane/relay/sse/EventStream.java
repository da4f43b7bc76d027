package io.weir.dataplane.relay.sse;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.weir.dataplane.edge.revalidation.Revocation;
import io.weir.dataplane.relay.ConnectionTraffic;
import io.weir.schema.invocation.MessageDirection;
import org.jboss.logging.Logger;

/**
 * One SSE stream from the backend's response head to its end. Every chunk is written to the client
 * as it arrives (nothing waits for an event to complete, so each chunk is flushed at once); the
 * events ending in it ({@link EventScanner}) are admitted on the throttle counters first. When an
 * event is over a limit, the client gets the chunk only up to the end of the last admitted event
 * and the stream ends (a browser's EventSource then reconnects, and its new request gets 429 while
 * the window lasts). Back-pressure: a full client write queue pauses the backend's response. The
 * close codes recorded follow the WebSocket ones: 1000 backend ended, 1001 client went away, 1008
 * throttled, 1014 backend failed mid-stream.
 */
final class EventStream {

    private static final Logger LOG = Logger.getLogger(EventStream.class);

    private final Vertx vertx;
    private final HttpClientResponse backend;
    private final HttpServerResponse client;
    private final ConnectionTraffic traffic;
    private final EventScanner scanner = new EventScanner();
    private long timer = -1;

    EventStream(Vertx vertx, HttpClientResponse backend, HttpServerResponse client, ConnectionTraffic traffic) {
        this.vertx = vertx;
        this.backend = backend;
        this.client = client;
        this.traffic = traffic;
    }

    void start(long batchIntervalMillis) {
        client.closeHandler(v -> {
            if (!traffic.isClosed()) {
                end(1001, null, false);
                backend.request().reset(); // the client went away: free the backend's stream
            }
        });
        backend.exceptionHandler(error -> {
            if (traffic.isClosed()) {
                return; // the reset the relay itself gave the backend's stream
            }
            LOG.debugf("backend stream failed: %s", error.toString());
            if (!client.ended() && !client.closed()) {
                client.reset(); // a truncated stream is not passed off as a normal end
            }
            end(1014, "backend-failed", false);
        });
        backend.endHandler(v -> {
            if (!client.ended() && !client.closed()) {
                client.end();
            }
            end(1000, null, false);
        });
        backend.handler(this::onChunk);
        timer = vertx.setPeriodic(batchIntervalMillis, t -> traffic.tick(System.currentTimeMillis(), batchIntervalMillis));
    }

    private void onChunk(Buffer chunk) {
        if (traffic.isClosed()) {
            return;
        }
        long now = System.currentTimeMillis();
        int written = 0;
        for (int end : scanner.eventEnds(chunk)) {
            if (!traffic.message(MessageDirection.OUTBOUND, 0, now)) {
                write(written == 0 ? null : chunk.slice(0, written), now);
                end(1008, "throttled", true);
                client.end();
                backend.request().reset();
                return;
            }
            written = end;
        }
        write(chunk, now);
    }

    /**
     * Its caller would now be refused: an {@code error} event with the code (after a blank line, so
     * it never joins an event the backend left half-written), then the end; recorded as 1008.
     */
    void revoke(Revocation revocation) {
        if (traffic.isClosed()) {
            return;
        }
        end(1008, revocation.code(), false);
        if (!client.ended() && !client.closed()) {
            client.end("\nevent: error\ndata: " + new JsonObject().put("code", revocation.code())
                    .put("message", revocation.message()).encode() + "\n\n");
        }
        backend.request().reset();
    }

    private void write(Buffer buffer, long now) {
        if (buffer == null || buffer.length() == 0 || client.closed()) {
            return;
        }
        traffic.bytes(MessageDirection.OUTBOUND, buffer.length(), now);
        client.write(buffer);
        if (client.writeQueueFull()) {
            backend.pause();
            client.drainHandler(drained -> backend.resume());
        }
    }

    private void end(int code, String errorCode, boolean throttled) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        traffic.closed(code, errorCode, throttled);
    }
}
