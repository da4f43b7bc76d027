package io.weir.dataplane.relay;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authentication.Refused;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.dataplane.auth.Authenticator;
import io.weir.dataplane.auth.Authenticator.Presented;
import io.weir.dataplane.edge.revalidation.ConnectionEnding;
import io.weir.dataplane.edge.revalidation.GuardedConnection;
import io.weir.dataplane.edge.revalidation.OpenConnections;
import io.weir.dataplane.config.GatewayConfig;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.http.Cors;
import io.weir.dataplane.http.Forwarding;
import io.weir.dataplane.http.GatewayProblem;
import io.weir.dataplane.http.ThrottleCharges;
import io.weir.dataplane.invocation.InvocationRecorder;
import io.weir.dataplane.routing.ResourceRoute;
import io.weir.dataplane.routing.RouteTable.Resolved;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.throttle.Throttling;
import io.weir.dataplane.throttle.Throttling.Admission;
import io.weir.dataplane.throttle.Throttling.Charge;
import io.weir.schema.common.Protocol;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The steps a WS or SSE connection passes before anything reaches its backend, the same as a REST
 * call's: the channel, the credential (API key in the API's header or query parameter, or a bearer
 * token) and subscription, the throttle counters (the handshake counts as one call) and the backend
 * for the credential's key type. A refusal is a problem+json answer with its invocation record
 * (kind REQUEST, the protocol of the API); nothing is upgraded or streamed.
 */
@ApplicationScoped
public class RelayHandshake {

    private final GatewayState state;
    private final NodeIdentity node;
    private final Authenticator authenticator;
    private final Throttling throttling;
    private final InvocationRecorder recorder;
    private final Forwarding forwarding;
    private final RelayConfig config;
    private final OpenConnections openConnections;
    private final Channels channels = new Channels();

    RelayHandshake(GatewayState state, NodeIdentity node, Authenticator authenticator, Throttling throttling,
                   InvocationRecorder recorder, GatewayConfig gateway, RelayConfig config, OpenConnections openConnections) {
        this.state = state;
        this.node = node;
        this.authenticator = authenticator;
        this.throttling = throttling;
        this.recorder = recorder;
        this.forwarding = new Forwarding(gateway);
        this.config = config;
        this.openConnections = openConnections;
    }

    /** The admitted connection, or null when the request was answered with a refusal. */
    public RelayCall admit(HttpServerRequest request, Resolved resolved, Protocol protocol) {
        long startedMillis = System.currentTimeMillis();
        long startedNanos = System.nanoTime();
        GatewayApi api = resolved.api().api();
        String connectionId = request.getHeader("X-Request-ID") != null ? request.getHeader("X-Request-ID")
                : UUID.randomUUID().toString();
        ResourceRoute route = channels.match(resolved.api(), resolved.remainder());
        if (route == null) {
            refuse(request, api, protocol, null, null, connectionId, new GatewayProblem(404, "resource-not-found",
                    "No such channel", "The API has no channel matching " + resolved.remainder() + "."), false);
            return null;
        }
        Presented presented = forwarding.presented(api, request);
        Authentication caller = authenticator.authenticate(api, route.authScheme(), presented, startedMillis);
        if (caller instanceof Refused refused) {
            if (refused.status() == 401) {
                request.response().putHeader("WWW-Authenticate", "Bearer realm=\"weir\", apikey realm=\"weir\"");
            }
            refuse(request, api, protocol, route.template(), caller, connectionId, new GatewayProblem(refused.status(),
                    refused.code(), refused.status() == 401 ? "Unauthorized" : "Forbidden", refused.detail()), false);
            return null;
        }
        Forwarding.Target target = forwarding.target(api, caller instanceof Subscribed s ? s.credential() : null);
        if (target.problem() != null) {
            refuse(request, api, protocol, route.template(), caller, connectionId, target.problem(), false);
            return null;
        }
        List<Charge> charges = ThrottleCharges.of(state, api, route, caller);
        if (!charges.isEmpty()) {
            Admission admission = throttling.admit(charges, startedMillis);
            if (!admission.admitted()) {
                request.response().putHeader("Retry-After", Long.toString(Math.max(1, (admission.retryAfterMillis() + 999) / 1000)));
                refuse(request, api, protocol, route.template(), caller, connectionId, new GatewayProblem(429,
                        "throttled-" + admission.reason().toLowerCase(), "Too many requests", "The "
                        + admission.refusedBy().policy().getLevel().name().toLowerCase() + " throttling policy '"
                        + admission.refusedBy().policy().getName() + "' allows no more connections now."), true);
                return null;
            }
        }
        long maxMessageBytes = api.getMaxRequestBytes() == null ? config.maxMessageBytes() : api.getMaxRequestBytes();
        return new RelayCall(protocol, api, route, presented, caller, charges, target.backend(), forwarding.timeoutMillis(api),
                maxMessageBytes, connectionId, startedMillis, startedNanos);
    }

    /**
     * Re-checks the open connection from now on (call on its event loop): it is ended through
     * {@code ending} when its caller would now be refused.
     */
    public GuardedConnection guard(RelayCall call, ConnectionEnding ending) {
        return openConnections.guard(call.api(), call.route().authScheme(), call.presented(), call.caller(), ending);
    }

    /** Answers a refused connection with its problem and writes its invocation record. */
    public void refuse(HttpServerRequest request, GatewayApi api, Protocol protocol, String resource, Authentication caller,
                       String correlationId, GatewayProblem problem, boolean throttled) {
        Invocation invocation = RelayRecords.of(InvocationKind.REQUEST, protocol, api, resource, caller, correlationId,
                node.environment(), node.nodeId(), System.currentTimeMillis());
        invocation.setStatusCode(problem.status());
        invocation.setErrorCode(problem.code());
        invocation.setThrottled(throttled);
        invocation.setMessageCount(1);
        recorder.record(invocation);
        HttpServerResponse response = request.response();
        if (!response.headWritten()) {
            Cors.decorate(api.getCors(), request, response);
            if (!request.isEnded()) {
                request.resume();
            }
        }
        problem.send(response, request.path(), correlationId);
    }

    /** A refusal after admission (the backend failed): the handshake's charge stays on the record. */
    public void refuse(HttpServerRequest request, RelayCall call, GatewayProblem problem, Long backendMicros) {
        Invocation invocation = RelayRecords.of(InvocationKind.REQUEST, call, node.environment(), node.nodeId(), call.startedMillis());
        invocation.setStatusCode(problem.status());
        invocation.setErrorCode(problem.code());
        invocation.setMessageCount(1);
        invocation.setBackendLatencyMicros(backendMicros);
        invocation.setThrottleKeys(RelayRecords.keys(call));
        recorder.record(invocation);
        HttpServerResponse response = request.response();
        if (!response.headWritten()) {
            Cors.decorate(call.api().getCors(), request, response);
            if (!request.isEnded()) {
                request.resume();
            }
        }
        problem.send(response, request.path(), call.connectionId());
    }
}
