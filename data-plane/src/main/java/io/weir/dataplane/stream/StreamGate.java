package io.weir.dataplane.stream;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authentication.Refused;
import io.weir.dataplane.auth.Authenticator;
import io.weir.dataplane.auth.Authenticator.Presented;
import io.weir.dataplane.http.Cors;
import io.weir.dataplane.http.GatewayProblem;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.common.Protocol;
import io.weir.schema.gateway.GatewayApi;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The steps a stream request passes before it streams, shared by SSE and the WebSocket handshake:
 * authentication and subscription ({@link Authenticator}, credentials by {@link StreamCredentials}),
 * and refusals as problem+json (with CORS headers, and one invocation record) before anything is streamed.
 */
@ApplicationScoped
public class StreamGate {

    private final Authenticator authenticator;
    private final StreamConnections connections;

    StreamGate(Authenticator authenticator, StreamConnections connections) {
        this.authenticator = authenticator;
        this.connections = connections;
    }

    Authentication authenticate(GatewayApi api, AuthScheme scheme, Presented presented) {
        return authenticator.authenticate(api, scheme, presented, System.currentTimeMillis());
    }

    /** Refuses an unauthenticated or unsubscribed caller; false if the caller may go on. */
    boolean refusedCaller(GatewayApi api, Authentication caller, HttpServerRequest request, Protocol protocol, String resource) {
        if (!(caller instanceof Refused refused)) {
            return false;
        }
        if (refused.status() == 401) {
            request.response().putHeader("WWW-Authenticate", "Bearer realm=\"weir\", apikey realm=\"weir\"");
        }
        refuse(api, caller, request, protocol, resource, new GatewayProblem(refused.status(), refused.code(),
                refused.status() == 401 ? "Unauthorized" : "Forbidden", refused.detail()));
        return true;
    }

    void refuse(GatewayApi api, Authentication caller, HttpServerRequest request, Protocol protocol, String resource,
                GatewayProblem problem) {
        HttpServerResponse response = request.response();
        if (!response.headWritten()) {
            Cors.decorate(api.getCors(), request, response);
            request.resume();
        }
        connections.refused(api, caller, protocol, resource, problem.status(), problem.code(), request.getHeader("X-Request-ID"));
        problem.send(response, request.path(), request.getHeader("X-Request-ID"));
    }
}
