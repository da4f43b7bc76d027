package io.weir.dataplane.edge;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.weir.schema.api.ApiType;
import io.weir.schema.gateway.GatewayApi;

/**
 * Which part of the edge serves a request to a resolved API. The one place that decides it, so the
 * REST proxy, the WebSocket relay, the SSE stream, the WebSub hub and the AsyncAPI endpoint never
 * argue about a path:
 * <ul>
 *   <li>HTTP APIs (and a type this node does not know yet): {@link #PROXY};</li>
 *   <li>any event-driven API: {@code GET /{context}/{version}/asyncapi} → {@link #ASYNCAPI};</li>
 *   <li>WEBSUB APIs: everything else → {@link #WEBSUB} (the hub at {@code /hub}, publishing on a topic);</li>
 *   <li>WS APIs (a WebSocket backend) → {@link #WEBSOCKET}; SSE APIs (an SSE backend) → {@link #SSE};</li>
 *   <li>STREAM APIs (Kafka-topic backed): {@code /hub} → {@link #WEBSUB}, a WebSocket upgrade →
 *       {@link #STREAM_WEBSOCKET}, anything else → {@link #STREAM_SSE}.</li>
 * </ul>
 */
public enum EdgeEndpoint {
    /** REST: the HTTP proxy. */
    PROXY,
    /** A WS API: the handshake authenticated, frames relayed to and from the backend's WebSocket. */
    WEBSOCKET,
    /** An SSE API: events streamed through from the backend as they arrive. */
    SSE,
    /** A STREAM API over WebSocket: subscribe to and publish on channels bound to Kafka topics. */
    STREAM_WEBSOCKET,
    /** A STREAM API over SSE: a channel's Kafka records as events, resumable by Last-Event-ID. */
    STREAM_SSE,
    /** A WEBSUB API or a STREAM API's hub: subscriptions, intent verification, publishing. */
    WEBSUB,
    /** The deployed AsyncAPI document of an event-driven API. */
    ASYNCAPI;

    /** The path, under an API's base path, of its WebSub hub. */
    public static final String HUB_PATH = "/hub";
    /** The path, under an API's base path, of its deployed AsyncAPI document. */
    public static final String ASYNCAPI_PATH = "/asyncapi";

    /**
     * @param remainder the request path below the API's {@code /{context}/{version}}, starting with
     *                  '/' (or empty)
     */
    public static EdgeEndpoint of(GatewayApi api, HttpServerRequest request, String remainder) {
        return of(api, request.method(), isUpgrade(request), remainder);
    }

    /** {@link #of(GatewayApi, HttpServerRequest, String)} from the request's method and whether it is a WebSocket handshake. */
    static EdgeEndpoint of(GatewayApi api, HttpMethod method, boolean upgrade, String remainder) {
        ApiType type = api.getApiType();
        if (type != ApiType.WS && type != ApiType.SSE && type != ApiType.WEBSUB && type != ApiType.STREAM) {
            return PROXY;
        }
        if (ASYNCAPI_PATH.equals(remainder) && method == HttpMethod.GET && !upgrade) {
            return ASYNCAPI;
        }
        return switch (type) {
            case WEBSUB -> WEBSUB;
            case WS -> WEBSOCKET;
            case SSE -> SSE;
            default -> HUB_PATH.equals(remainder) ? WEBSUB : upgrade ? STREAM_WEBSOCKET : STREAM_SSE;
        };
    }

    /** A WebSocket handshake (RFC 6455: Upgrade: websocket). */
    public static boolean isUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }
}
