package io.weir.dataplane.relay.sse;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.edge.EdgeEndpoint;
import io.weir.dataplane.edge.EdgeHandler;
import io.weir.dataplane.http.Cors;
import io.weir.dataplane.http.GatewayProblem;
import io.weir.dataplane.invocation.InvocationRecorder;
import io.weir.dataplane.proxy.ForwardedHeaders;
import io.weir.dataplane.relay.ConnectionTraffic;
import io.weir.dataplane.relay.RelayCall;
import io.weir.dataplane.relay.RelayConfig;
import io.weir.dataplane.relay.RelayHandshake;
import io.weir.dataplane.relay.RelayMetrics;
import io.weir.dataplane.routing.RouteTable.Resolved;
import io.weir.dataplane.throttle.Throttling;
import io.weir.schema.common.Protocol;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * SSE APIs (a backend that answers {@code text/event-stream}): a GET admitted like a REST call
 * ({@link RelayHandshake}) opens the backend's stream; a backend that does not answer 2xx
 * {@code text/event-stream} within the API's timeout is a 502/504 problem; otherwise its head and
 * then its events go through as they arrive ({@link EventStream}).
 */
@ApplicationScoped
class SseRelay implements EdgeHandler {

    private final Vertx vertx;
    private final RelayHandshake handshake;
    private final BackendStreams streams;
    private final Throttling throttling;
    private final InvocationRecorder recorder;
    private final RelayMetrics metrics;
    private final RelayConfig config;
    private final NodeIdentity node;

    SseRelay(Vertx vertx, RelayHandshake handshake, BackendStreams streams, Throttling throttling, InvocationRecorder recorder,
             RelayMetrics metrics, RelayConfig config, NodeIdentity node) {
        this.vertx = vertx;
        this.handshake = handshake;
        this.streams = streams;
        this.throttling = throttling;
        this.recorder = recorder;
        this.metrics = metrics;
        this.config = config;
        this.node = node;
    }

    @Override
    public EdgeEndpoint endpoint() {
        return EdgeEndpoint.SSE;
    }

    @Override
    public void handle(HttpServerRequest request, Resolved resolved) {
        if (request.method() != HttpMethod.GET) {
            request.response().putHeader("Allow", "GET");
            handshake.refuse(request, resolved.api().api(), Protocol.SSE, null, null, request.getHeader("X-Request-ID"),
                    new GatewayProblem(405, "method-not-allowed", "Method not allowed",
                            "An SSE API is read with GET (Accept: text/event-stream)."), false);
            return;
        }
        RelayCall call = handshake.admit(request, resolved, Protocol.SSE);
        if (call == null) {
            return;
        }
        if (!request.isEnded()) {
            request.resume(); // no body to wait for; let the request end
        }
        long connecting = System.nanoTime();
        streams.open(call, request, resolved.remainder()).onComplete(opened -> {
            if (opened.failed()) {
                handshake.refuse(request, call, problem(opened.cause(), false), (System.nanoTime() - connecting) / 1000);
                return;
            }
            HttpClientRequest backend = opened.result();
            boolean[] timedOut = {false};
            long timer = vertx.setTimer(call.timeoutMillis(), t -> {
                timedOut[0] = true;
                backend.reset();
            });
            request.response().closeHandler(v -> backend.reset()); // gone before the backend answered
            backend.send().onComplete(answered -> {
                vertx.cancelTimer(timer);
                long backendMicros = (System.nanoTime() - connecting) / 1000;
                if (answered.failed()) {
                    handshake.refuse(request, call, problem(answered.cause(), timedOut[0]), backendMicros);
                } else if (!isEventStream(answered.result())) {
                    answered.result().exceptionHandler(ignored -> { }); // the reset below is ours
                    answered.result().request().reset();
                    handshake.refuse(request, call, new GatewayProblem(502, "backend-not-sse", "Bad gateway",
                            "The backend answered HTTP " + answered.result().statusCode() + " "
                            + answered.result().getHeader("Content-Type") + "; an SSE API's backend must answer 2xx "
                            + "text/event-stream."), backendMicros);
                } else {
                    stream(request, call, answered.result(), backendMicros);
                }
            });
        });
    }

    private void stream(HttpServerRequest request, RelayCall call, HttpClientResponse backend, long backendMicros) {
        HttpServerResponse client = request.response();
        if (client.closed()) {
            backend.exceptionHandler(ignored -> { });
            backend.request().reset();
            return;
        }
        client.setStatusCode(backend.statusCode());
        ForwardedHeaders.toClient(backend.headers(), client.headers());
        client.headers().remove("Content-Length");
        client.setChunked(true);
        Cors.decorate(call.api().getCors(), request, client);
        client.writeHead(); // the head at once: EventSource.onopen does not wait for the first event
        ConnectionTraffic traffic = new ConnectionTraffic(call, throttling, recorder, metrics, config,
                node.environment(), node.nodeId());
        traffic.opened(backend.statusCode(), backendMicros);
        EventStream stream = new EventStream(vertx, backend, client, traffic);
        stream.start(config.messageBatchInterval().toMillis());
        traffic.guarded(handshake.guard(call, stream::revoke));
    }

    private static boolean isEventStream(HttpClientResponse response) {
        String type = response.getHeader("Content-Type");
        return response.statusCode() / 100 == 2 && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    }

    private static GatewayProblem problem(Throwable error, boolean timedOut) {
        String name = (error.getClass().getSimpleName() + " " + error.getMessage()).toLowerCase(Locale.ROOT);
        if (timedOut || name.contains("timeout") || name.contains("timed out")) {
            return new GatewayProblem(504, "backend-timeout", "Gateway timeout", "The backend did not answer in time.");
        }
        if (error instanceof java.net.ConnectException || name.contains("connection refused")) {
            return new GatewayProblem(502, "backend-unreachable", "Bad gateway", "The backend could not be reached.");
        }
        return new GatewayProblem(502, "backend-failed", "Bad gateway", "The backend connection failed before it answered.");
    }
}
