package io.weir.dataplane.relay.websocket;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.WebSocket;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.edge.EdgeEndpoint;
import io.weir.dataplane.edge.EdgeHandler;
import io.weir.dataplane.http.GatewayProblem;
import io.weir.dataplane.invocation.InvocationRecorder;
import io.weir.dataplane.relay.ConnectionTraffic;
import io.weir.dataplane.relay.RelayCall;
import io.weir.dataplane.relay.RelayConfig;
import io.weir.dataplane.relay.RelayHandshake;
import io.weir.dataplane.relay.RelayMetrics;
import io.weir.dataplane.routing.RouteTable.Resolved;
import io.weir.dataplane.throttle.Throttling;
import io.weir.schema.common.Protocol;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * WS APIs (a WebSocket backend): the handshake is admitted like a REST call ({@link RelayHandshake}),
 * then the backend's socket is opened, and only when the backend has accepted is the client's
 * upgrade accepted - a backend that refuses or cannot be reached is a 502/504 problem, never an
 * open socket that closes at once. A request that is not a WebSocket handshake gets 426.
 */
@ApplicationScoped
class WebSocketRelay implements EdgeHandler {

    private final Vertx vertx;
    private final RelayHandshake handshake;
    private final BackendSockets sockets;
    private final Throttling throttling;
    private final InvocationRecorder recorder;
    private final RelayMetrics metrics;
    private final RelayConfig config;
    private final NodeIdentity node;

    WebSocketRelay(Vertx vertx, RelayHandshake handshake, BackendSockets sockets, Throttling throttling,
                   InvocationRecorder recorder, RelayMetrics metrics, RelayConfig config, NodeIdentity node) {
        this.vertx = vertx;
        this.handshake = handshake;
        this.sockets = sockets;
        this.throttling = throttling;
        this.recorder = recorder;
        this.metrics = metrics;
        this.config = config;
        this.node = node;
    }

    @Override
    public EdgeEndpoint endpoint() {
        return EdgeEndpoint.WEBSOCKET;
    }

    @Override
    public void handle(HttpServerRequest request, Resolved resolved) {
        if (!EdgeEndpoint.isUpgrade(request)) {
            request.response().putHeader("Upgrade", "websocket").putHeader("Connection", "Upgrade");
            handshake.refuse(request, resolved.api().api(), Protocol.WS, null, null, request.getHeader("X-Request-ID"),
                    new GatewayProblem(426, "upgrade-required", "Upgrade required",
                            "This is a WebSocket API: open it with a WebSocket handshake (Upgrade: websocket)."), false);
            return;
        }
        RelayCall call = handshake.admit(request, resolved, Protocol.WS);
        if (call == null) {
            return;
        }
        if (!request.isEnded()) {
            request.pause(); // nothing is read until the upgrade, once the backend has accepted
        }
        long connecting = System.nanoTime();
        sockets.connect(call, request, resolved.remainder()).onComplete(connected -> {
            long backendMicros = (System.nanoTime() - connecting) / 1000;
            if (connected.failed()) {
                handshake.refuse(request, call, BackendSockets.problem(connected.cause(),
                        backendMicros >= call.timeoutMillis() * 1000), backendMicros);
                return;
            }
            accept(request, call, connected.result(), backendMicros);
        });
    }

    private void accept(HttpServerRequest request, RelayCall call, WebSocket backend, long backendMicros) {
        backend.pause(); // frames the backend sends before the client is upgraded wait in its queue
        request.toWebSocket().onComplete(upgraded -> {
            if (upgraded.failed()) {
                backend.close(CloseCodes.GOING_AWAY, "client handshake failed");
                handshake.refuse(request, call, new GatewayProblem(400, "handshake-invalid", "Bad handshake",
                        "The WebSocket handshake could not be completed: " + upgraded.cause().getMessage()), backendMicros);
                return;
            }
            ConnectionTraffic traffic = new ConnectionTraffic(call, throttling, recorder, metrics, config,
                    node.environment(), node.nodeId());
            traffic.opened(101, backendMicros);
            WebSocketSession session = new WebSocketSession(vertx, upgraded.result(), backend, traffic, call.maxMessageBytes());
            session.start(config.messageBatchInterval().toMillis());
            traffic.guarded(handshake.guard(call, session::revoke));
            backend.resume();
        });
    }
}
