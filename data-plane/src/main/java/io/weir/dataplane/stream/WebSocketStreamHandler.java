package io.weir.dataplane.stream;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authenticator.Presented;
import io.weir.dataplane.edge.EdgeEndpoint;
import io.weir.dataplane.edge.EdgeHandler;
import io.weir.dataplane.http.GatewayProblem;
import io.weir.dataplane.routing.RouteTable.Resolved;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.common.Protocol;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.TopicBinding;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A WebSocket handshake on a STREAM API, at {@code /{context}/{version}} or at a channel's path
 * (which subscribes to that channel at once, from {@code ?from=} if given). The handshake is
 * authenticated before the upgrade - a refusal is an HTTP problem, never a socket - then the
 * connection speaks the JSON protocol of {@link WebSocketSession}.
 */
@ApplicationScoped
public class WebSocketStreamHandler implements EdgeHandler {

    private final StreamGate gate;
    private final StreamConnections connections;
    private final WebSocketSession.Services services;
    private final Vertx vertx;

    WebSocketStreamHandler(StreamGate gate, StreamConnections connections, TopicTails tails, CatchUpReaders readers,
                           ChannelPublisher publisher, StreamConfig config, io.weir.dataplane.config.GatewayConfig gateway,
                           Vertx vertx) {
        this.vertx = vertx;
        this.gate = gate;
        this.connections = connections;
        this.services = new WebSocketSession.Services(tails, readers, publisher, config, connections.metrics,
                gateway.maxRequestBytes());
    }

    @Override
    public EdgeEndpoint endpoint() {
        return EdgeEndpoint.STREAM_WEBSOCKET;
    }

    @Override
    public void handle(HttpServerRequest request, Resolved resolved) {
        GatewayApi api = resolved.api().api();
        String requested = ChannelRoute.normalize(resolved.remainder());
        ChannelRoute channel = requested.isEmpty() ? null : ChannelRoute.find(api, requested);
        if (!requested.isEmpty() && channel == null) {
            gate.refuse(api, new Authentication.Anonymous(), request, Protocol.WS, requested, new GatewayProblem(404,
                    "channel-not-found", "No such channel", "The API has no channel '" + requested + "'."));
            return;
        }
        StartPoint start;
        try {
            start = StartPoint.of(request.getParam("lastEventId"), request.getParam("from"));
        } catch (IllegalArgumentException e) {
            gate.refuse(api, new Authentication.Anonymous(), request, Protocol.WS, requested,
                    new GatewayProblem(400, "from-invalid", "Invalid stream position", e.getMessage()));
            return;
        }
        String resource = channel == null ? "/" : channel.channel();
        AuthScheme scheme = channel == null ? handshakeScheme(api) : channel.authScheme();
        Presented presented = StreamCredentials.of(api, request);
        Authentication caller = gate.authenticate(api, scheme, presented);
        if (gate.refusedCaller(api, caller, request, Protocol.WS, resource)) {
            return;
        }
        String correlationId = request.getHeader("X-Request-ID");
        request.toWebSocket().onSuccess(socket -> {
            StreamConnection connection = connections.open(api, caller, Protocol.WS, resource, correlationId);
            WebSocketSession session = new WebSocketSession(socket, api, connection, services, vertx);
            connection.guard(scheme, presented, session::revoke);
            session.start(channel, start);
        }).onFailure(error -> connections.refused(api, caller, Protocol.WS, resource, 400, "handshake-failed", correlationId));
    }

    /**
     * At the API's base path the handshake asks for what its channels ask for: nothing if every
     * channel is open, their one scheme if they agree, else an API key or a token.
     */
    private static AuthScheme handshakeScheme(GatewayApi api) {
        Set<AuthScheme> schemes = api.getTopicBindings().stream()
                .map(TopicBinding::getChannel)
                .map(c -> ChannelRoute.find(api, c).authScheme())
                .collect(Collectors.toSet());
        schemes.remove(AuthScheme.NONE);
        if (schemes.isEmpty()) {
            return api.getTopicBindings().isEmpty() ? AuthScheme.API_KEY_OR_OAUTH2 : AuthScheme.NONE;
        }
        return schemes.size() == 1 ? schemes.iterator().next() : AuthScheme.API_KEY_OR_OAUTH2;
    }
}
