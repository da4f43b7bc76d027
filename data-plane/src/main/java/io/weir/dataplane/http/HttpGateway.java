package io.weir.dataplane.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authentication.Refused;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.dataplane.auth.Authenticator;
import io.weir.dataplane.config.GatewayConfig;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.edge.EdgeEndpoint;
import io.weir.dataplane.edge.EdgeHandler;
import io.weir.dataplane.invocation.InvocationRecorder;
import io.weir.dataplane.proxy.BackendProxy;
import io.weir.dataplane.proxy.ProxyOutcome;
import io.weir.dataplane.proxy.RequestBodies;
import io.weir.dataplane.routing.RouteTable.Resolved;
import io.weir.dataplane.routing.RoutedApi;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.throttle.Throttling;
import io.weir.dataplane.throttle.Throttling.Admission;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.gateway.GatewayApi;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The HTTP protocol handler: resolve the API and resource, CORS, size limit, authentication and
 * subscription, throttling, then forward - each step able to answer with a problem. Every request,
 * refused or forwarded, ends in exactly one invocation record. Runs on the event loop; nothing in
 * it blocks.
 */
@Singleton
public class HttpGateway {

    private final GatewayState state;
    private final NodeIdentity node;
    private final Authenticator authenticator;
    private final Throttling throttling;
    private final BackendProxy proxy;
    private final InvocationRecorder recorder;
    private final GatewayMetrics metrics;
    private final Forwarding forwarding;
    private final RecentCharges recentCharges = new RecentCharges();
    private final Map<EdgeEndpoint, EdgeHandler> edgeHandlers = new EnumMap<>(EdgeEndpoint.class);

    HttpGateway(GatewayState state, NodeIdentity node, Authenticator authenticator, Throttling throttling, BackendProxy proxy,
                InvocationRecorder recorder, GatewayMetrics metrics, GatewayConfig config, Instance<EdgeHandler> handlers) {
        this.state = state;
        this.node = node;
        this.authenticator = authenticator;
        this.throttling = throttling;
        this.proxy = proxy;
        this.recorder = recorder;
        this.metrics = metrics;
        this.forwarding = new Forwarding(config);
        for (EdgeHandler handler : handlers) {
            edgeHandlers.put(handler.endpoint(), handler);
        }
    }

    /**
     * A request to the gateway, paused, from {@link GatewayListener}: every request but the node's own
     * {@code /q/} endpoints. Its invocation is recorded when the response ends or the connection closes
     * first (a handler it is handed over to records its own).
     */
    void handle(HttpServerRequest request) {
        String path = request.path();
        HttpServerResponse response = request.response();
        Exchange exchange = new Exchange(uuid(), request.getHeader("X-Request-ID"), request.method().name());
        response.endHandler(ended -> finish(exchange, request, response));

        String pathProblem = RequestPath.problem(path);
        if (pathProblem != null) {
            refuse(exchange, request, response, new GatewayProblem(400, "path-invalid", "Invalid request path", pathProblem));
            return;
        }
        if (!RequestUri.valid(request.uri())) {
            refuse(exchange, request, response, new GatewayProblem(400, "uri-invalid", "Invalid request URI",
                    "The request URI has a character a URI may not hold or a malformed percent-escape."));
            return;
        }
        Resolved resolved = state.routes().resolve(path);
        if (resolved == null) {
            refuse(exchange, request, response, new GatewayProblem(404, "api-not-found", "No such API",
                    "No API is deployed at this path in the " + state.environment() + " environment."));
            return;
        }
        GatewayApi api = resolved.api().api();
        exchange.api = api;
        if (api.getLifecycleStatus() == LifecycleStatus.BLOCKED || api.getLifecycleStatus() == LifecycleStatus.RETIRED) {
            refuse(exchange, request, response, new GatewayProblem(503, "api-unavailable", "API not available",
                    "The API is " + api.getLifecycleStatus().name().toLowerCase() + "."));
            return;
        }
        if (Cors.isPreflight(request)) {
            Cors.answerPreflight(api.getCors(), request, response);
            exchange.status = response.getStatusCode();
            return;
        }
        EdgeEndpoint endpoint = EdgeEndpoint.of(api, request, resolved.remainder());
        if (endpoint != EdgeEndpoint.PROXY) {
            EdgeHandler handler = edgeHandlers.get(endpoint);
            if (handler == null) {
                refuse(exchange, request, response, new GatewayProblem(501, "endpoint-unsupported", "Not served here",
                        "This gateway node does not serve " + endpoint.name().toLowerCase() + " requests."));
                return;
            }
            exchange.handedOver = true; // the handler records its own invocations (connections, messages)
            handler.handle(request, resolved);
            return;
        }
        RoutedApi.Match match = resolved.api().match(exchange.method, resolved.remainder());
        if (match instanceof RoutedApi.MethodNotAllowed notAllowed) {
            response.putHeader("Allow", String.join(", ", notAllowed.allowed()));
            refuse(exchange, request, response, new GatewayProblem(405, "method-not-allowed", "Method not allowed",
                    "The resource does not accept " + exchange.method + "."));
            return;
        }
        if (!(match instanceof RoutedApi.Found found)) {
            refuse(exchange, request, response, new GatewayProblem(404, "resource-not-found", "No such resource",
                    "The API has no resource matching " + exchange.method + " " + resolved.remainder() + "."));
            return;
        }
        exchange.route = found.route();
        GatewayProblem tooLarge = forwarding.contentLengthProblem(api, request);
        if (tooLarge != null) {
            refuse(exchange, request, response, tooLarge);
            return;
        }
        Authentication caller = authenticator.authenticate(api, found.route().authScheme(),
                forwarding.presented(api, request), exchange.startedMillis);
        exchange.caller = caller;
        if (caller instanceof Refused refused) {
            if (refused.status() == 401) {
                response.putHeader("WWW-Authenticate", "Bearer realm=\"weir\", apikey realm=\"weir\"");
            }
            refuse(exchange, request, response, new GatewayProblem(refused.status(), refused.code(),
                    refused.status() == 401 ? "Unauthorized" : "Forbidden", refused.detail()));
            return;
        }
        exchange.charges = recentCharges.of(state, api, found.route(), caller);
        if (!exchange.charges.isEmpty()) {
            Admission admission = throttling.admit(exchange.charges.charges(), exchange.startedMillis);
            if (!admission.admitted()) {
                exchange.throttled = true;
                response.putHeader("Retry-After", Long.toString(Math.max(1, (admission.retryAfterMillis() + 999) / 1000)));
                refuse(exchange, request, response, new GatewayProblem(429, "throttled-" + admission.reason().toLowerCase(),
                        "Too many requests", "The " + admission.refusedBy().policy().getLevel().name().toLowerCase()
                        + " throttling policy '" + admission.refusedBy().policy().getName() + "' allows no more calls now."));
                return;
            }
        }
        forward(exchange, request, response, api, caller, resolved.remainder());
    }

    /**
     * A request Netty's decoder could not read (from {@link GatewayListener}): a request line longer than
     * {@code quarkus.http.limits.max-initial-line-length} (414), headers beyond {@code max-header-size} (431),
     * or bytes that are not HTTP/1.x (400). Answered with a problem and the connection closed — the decoder
     * cannot find the next request after a failed one — and recorded like any unresolved request.
     */
    void refuseUnreadable(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        Exchange exchange = new Exchange(uuid(), null, request.method() == null ? "-" : request.method().name());
        response.endHandler(ended -> finish(exchange, request, response));
        GatewayProblem problem = UnreadableRequests.problem(request.decoderResult().cause());
        exchange.refuse(problem.status(), problem.code());
        response.putHeader("Connection", "close");
        problem.send(response, null, null);
        response.close();
    }

    private void forward(Exchange exchange, HttpServerRequest request, HttpServerResponse response, GatewayApi api,
                         Authentication caller, String remainder) {
        Forwarding.Target target = forwarding.target(api, caller instanceof Subscribed s ? s.credential() : null);
        if (target.problem() != null) {
            refuse(exchange, request, response, target.problem());
            return;
        }
        BackendProxy.Forward forward = forwarding.forward(api, target.backend(), request, remainder, caller,
                exchange.correlationId == null ? exchange.invocationId : exchange.correlationId);
        proxy.forward(request, response, forward, outcome -> {
            if (outcome instanceof ProxyOutcome.Relayed relayed) {
                exchange.status = relayed.status();
                exchange.backendMicros = relayed.backendMicros();
            } else if (outcome instanceof ProxyOutcome.Failed failed) {
                exchange.backendMicros = failed.backendMicros();
                refuse(exchange, request, response, new GatewayProblem(failed.status(), failed.code(),
                        failed.status() == 413 ? "Request too large" : "Bad gateway", failed.detail()));
            }
        });
    }

    private static void refuse(Exchange exchange, HttpServerRequest request, HttpServerResponse response,
                               GatewayProblem problem) {
        exchange.refuse(problem.status(), problem.code());
        if (!response.headWritten()) {
            if (exchange.api != null) {
                Cors.decorate(exchange.api.getCors(), request, response);
            }
            if (RequestBodies.hasBody(request) && !request.isEnded()) {
                // an unread body would stall the connection: refuse it and close rather than drain it
                response.putHeader("Connection", "close");
            } else {
                request.resume(); // let the (empty) request finish so the connection stays usable
            }
        }
        problem.send(response, request.path(), exchange.correlationId);
    }

    private void finish(Exchange exchange, HttpServerRequest request, HttpServerResponse response) {
        if (exchange.handedOver) {
            return;
        }
        if (exchange.status == 0) {
            exchange.status = response.getStatusCode();
        }
        long requestBytes = request.bytesRead();
        long responseBytes = response.bytesWritten();
        metrics.answered(exchange.status, System.nanoTime() - exchange.startedNanos);
        if (!exchange.throttled && !exchange.charges.isEmpty()) {
            throttling.settle(exchange.charges.charges(), requestBytes + responseBytes, exchange.startedMillis);
        }
        recorder.record(exchange.toInvocation(node.environment(), node.nodeId(), requestBytes, responseBytes));
    }

    private static String uuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long least = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
