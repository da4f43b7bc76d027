package io.weir.dataplane.relay.websocket;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.dataplane.http.Forwarding;
import io.weir.dataplane.http.GatewayProblem;
import io.weir.dataplane.proxy.ForwardedHeaders;
import io.weir.dataplane.proxy.ProxyConfig;
import io.weir.dataplane.relay.RelayCall;
import io.weir.dataplane.relay.RelayConfig;
import io.weir.schema.invocation.InvocationCredentialKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.util.List;

/**
 * Opens the backend's side of a relayed WebSocket: the backend's base path + the channel path, the
 * client's query without the API key parameter, the client's headers without hop-by-hop ones, the
 * credential and the client's own handshake headers, plus X-Forwarded-* and X-Request-ID. One
 * client per event loop, so both sockets of a connection live on the same thread.
 */
@ApplicationScoped
class BackendSockets {

    /** Frames above this never arrive (Netty refuses them with 1009); the API's message limit is checked below it. */
    static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    private static final List<String> HANDSHAKE_HEADERS = List.of("Sec-WebSocket-Key", "Sec-WebSocket-Version",
            "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "Sec-WebSocket-Accept", "Content-Length");

    private final Vertx vertx;
    private final WebSocketClientOptions options;
    private final ThreadLocal<WebSocketClient> clients = new ThreadLocal<>();

    BackendSockets(Vertx vertx, ProxyConfig proxy, RelayConfig relay) {
        this.vertx = vertx;
        this.options = new WebSocketClientOptions().setMaxFrameSize(MAX_FRAME_BYTES).setMaxMessageSize(MAX_FRAME_BYTES)
                .setConnectTimeout((int) proxy.connectTimeout().toMillis()).setTcpNoDelay(true)
                .setMaxConnections(relay.maxBackendSockets()).setTryUsePerMessageCompression(false);
    }

    Future<WebSocket> connect(RelayCall call, HttpServerRequest request, String remainder) {
        String query = Forwarding.withoutParam(request.query(), call.api().getAuth().getApiKeyQueryParam());
        MultiMap headers = ForwardedHeaders.toBackend(request.headers(), call.api().getAuth().getApiKeyHeader(),
                call.caller() instanceof Subscribed s && s.kind() == InvocationCredentialKind.OAUTH2_TOKEN,
                request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress(),
                request.isSSL() ? "https" : "http", request.host());
        HANDSHAKE_HEADERS.forEach(headers::remove);
        headers.set("X-Request-ID", call.connectionId());
        WebSocketConnectOptions connect = new WebSocketConnectOptions()
                .setHost(call.backend().host()).setPort(call.backend().port()).setSsl(call.backend().ssl())
                .setURI(call.backend().basePath() + remainder + (query == null ? "" : "?" + query))
                .setHeaders(headers).setAllowOriginHeader(false)
                .setTimeout(call.timeoutMillis());
        connect.setConnectTimeout(Math.min(options.getConnectTimeout(), call.timeoutMillis()));
        return client().connect(connect);
    }

    /**
     * The answer to a client whose backend would not open; {@code timedOut} when the API's timeout
     * had passed (Vert.x then fails the handshake with a plain "connection closed").
     */
    static GatewayProblem problem(Throwable error, boolean timedOut) {
        if (timedOut) {
            return new GatewayProblem(504, "backend-timeout", "Gateway timeout", "The backend did not accept the WebSocket in time.");
        }
        if (error instanceof UpgradeRejectedException rejected) {
            return new GatewayProblem(502, "backend-refused", "Bad gateway",
                    "The backend refused the WebSocket handshake (HTTP " + rejected.getStatus() + ").");
        }
        String name = (error.getClass().getSimpleName() + " " + error.getMessage()).toLowerCase();
        if (name.contains("timeout") || name.contains("timed out")) {
            return new GatewayProblem(504, "backend-timeout", "Gateway timeout", "The backend did not accept the WebSocket in time.");
        }
        if (error instanceof ConnectException || name.contains("connection refused")) {
            return new GatewayProblem(502, "backend-unreachable", "Bad gateway", "The backend could not be reached.");
        }
        return new GatewayProblem(502, "backend-failed", "Bad gateway", "The backend's WebSocket handshake failed.");
    }

    private WebSocketClient client() {
        WebSocketClient client = clients.get();
        if (client == null) {
            client = vertx.createWebSocketClient(options);
            clients.set(client);
        }
        return client;
    }
}
