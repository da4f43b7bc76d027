package io.weir.dataplane.relay.websocket;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.weir.dataplane.edge.revalidation.Revocation;
import io.weir.dataplane.relay.ConnectionTraffic;
import io.weir.dataplane.relay.websocket.CloseCodes.Close;
import io.weir.schema.invocation.MessageDirection;
import org.jboss.logging.Logger;

/**
 * A relayed WebSocket from accept to close: frames both ways ({@link FrameRelay}), the first side
 * to close decides the other's close ({@link CloseCodes}), a broken limit closes the offending side
 * with 1009 (message too big) or the client with 1008 "throttled" (or 1008 with a refusal code when
 * its caller would now be refused), and the connection's records
 * are written when it ends. Both sockets and the batch timer live on one event loop.
 */
final class WebSocketSession implements FrameRelay.Session {

    private static final Logger LOG = Logger.getLogger(WebSocketSession.class);

    private final ServerWebSocket client;
    private final WebSocket backend;
    private final ConnectionTraffic traffic;
    private final FrameRelay inbound;
    private final FrameRelay outbound;
    private final Vertx vertx;
    private long timer = -1;
    private boolean ended;

    WebSocketSession(Vertx vertx, ServerWebSocket client, WebSocket backend, ConnectionTraffic traffic, long maxMessageBytes) {
        this.vertx = vertx;
        this.client = client;
        this.backend = backend;
        this.traffic = traffic;
        this.inbound = new FrameRelay(client, backend, MessageDirection.INBOUND, traffic, maxMessageBytes, this);
        this.outbound = new FrameRelay(backend, client, MessageDirection.OUTBOUND, traffic, maxMessageBytes, this);
    }

    void start(long batchIntervalMillis) {
        client.closeHandler(v -> closedBy(client));
        backend.closeHandler(v -> closedBy(backend));
        client.exceptionHandler(e -> LOG.debugf("client socket: %s", e.toString()));
        backend.exceptionHandler(e -> LOG.debugf("backend socket: %s", e.toString()));
        inbound.start();
        outbound.start();
        timer = vertx.setPeriodic(batchIntervalMillis, t -> traffic.tick(System.currentTimeMillis(), batchIntervalMillis));
        if (backend.isClosed()) {
            closedBy(backend); // it went away while the client's upgrade was being accepted
        }
    }

    /** One side closed (with a close frame or not): the other side is told, the connection recorded. */
    private void closedBy(WebSocketBase side) {
        if (ended) {
            return;
        }
        if (side == client) {
            Close close = CloseCodes.towardBackend(client.closeStatusCode(), client.closeReason());
            end(backend, close.code(), close.reason());
            short code = client.closeStatusCode() == null ? 1006 : client.closeStatusCode();
            traffic.closed(code, null, false);
        } else {
            Close close = CloseCodes.towardClient(backend.closeStatusCode(), backend.closeReason());
            end(client, close.code(), close.reason());
            traffic.closed(close.code(), CloseCodes.sendable(backend.closeStatusCode()) || isNoStatus(backend.closeStatusCode())
                    ? null : "backend-connection-lost", false);
        }
    }

    @Override
    public void tooBig(FrameRelay from) {
        boolean fromClient = from == inbound;
        end(from.from(), CloseCodes.MESSAGE_TOO_BIG, "message too big");
        end(fromClient ? backend : client, CloseCodes.GOING_AWAY, fromClient ? "client sent too big a message"
                : "backend sent too big a message");
        traffic.closed(fromClient ? CloseCodes.MESSAGE_TOO_BIG : CloseCodes.GOING_AWAY,
                fromClient ? "message-too-big" : "backend-message-too-big", false);
    }

    @Override
    public void throttled(FrameRelay from) {
        end(client, CloseCodes.POLICY_VIOLATION, "throttled");
        end(backend, CloseCodes.GOING_AWAY, "client throttled");
        traffic.closed(CloseCodes.POLICY_VIOLATION, "throttled", true);
    }

    /** Its caller would now be refused (revoked key, blocked subscription, API gone): 1008 with the code. */
    void revoke(Revocation revocation) {
        if (ended) {
            return;
        }
        end(client, CloseCodes.POLICY_VIOLATION, revocation.code());
        end(backend, CloseCodes.GOING_AWAY, "client no longer authorized");
        traffic.closed(CloseCodes.POLICY_VIOLATION, revocation.code(), false);
    }

    private void end(WebSocketBase side, short code, String reason) {
        if (!ended) {
            ended = true;
            inbound.stop();
            outbound.stop();
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }
        if (!side.isClosed()) {
            side.close(code, reason);
        }
    }

    private static boolean isNoStatus(Short code) {
        return code != null && code == 1005;
    }
}
