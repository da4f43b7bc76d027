package io.weir.dataplane.stream;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authenticator.Presented;
import io.weir.dataplane.edge.EdgeEndpoint;
import io.weir.dataplane.edge.EdgeHandler;
import io.weir.dataplane.http.GatewayProblem;
import io.weir.dataplane.routing.RouteTable.Resolved;
import io.weir.schema.api.ChannelOperation;
import io.weir.schema.common.Protocol;
import io.weir.schema.gateway.GatewayApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /{context}/{version}/{channel}} on a STREAM API: the channel's Kafka records as
 * Server-Sent Events, resumable exactly after {@code Last-Event-ID} (or {@code ?lastEventId=}),
 * replayable from {@code ?from=}, filtered by {@code ?key=} and {@code ?header.<name>=}. Everything
 * that can be wrong with the request is refused as problem+json before the stream starts.
 */
@ApplicationScoped
public class SseStreamHandler implements EdgeHandler {

    private final StreamGate gate;
    private final StreamConnections connections;
    private final TopicTails tails;
    private final CatchUpReaders readers;
    private final StreamConfig config;
    private final Vertx vertx;

    SseStreamHandler(StreamGate gate, StreamConnections connections, TopicTails tails, CatchUpReaders readers,
                     StreamConfig config, Vertx vertx) {
        this.vertx = vertx;
        this.gate = gate;
        this.connections = connections;
        this.tails = tails;
        this.readers = readers;
        this.config = config;
    }

    @Override
    public EdgeEndpoint endpoint() {
        return EdgeEndpoint.STREAM_SSE;
    }

    @Override
    public void handle(HttpServerRequest request, Resolved resolved) {
        GatewayApi api = resolved.api().api();
        String requested = ChannelRoute.normalize(resolved.remainder());
        Authentication anonymous = new Authentication.Anonymous();
        if (request.method() != HttpMethod.GET) {
            request.response().putHeader("Allow", "GET");
            gate.refuse(api, anonymous, request, Protocol.SSE, requested, new GatewayProblem(405, "method-not-allowed",
                    "Method not allowed", "A stream channel is read with GET (text/event-stream)."));
            return;
        }
        ChannelRoute channel = ChannelRoute.find(api, requested);
        if (channel == null) {
            gate.refuse(api, anonymous, request, Protocol.SSE, requested, new GatewayProblem(404, "channel-not-found",
                    "No such channel", "The API has no channel '" + requested + "'."));
            return;
        }
        if (!channel.allows(ChannelOperation.SUBSCRIBE)) {
            gate.refuse(api, anonymous, request, Protocol.SSE, requested, new GatewayProblem(400, "channel-not-subscribable",
                    "Channel not readable", "Clients may not subscribe to channel '" + requested + "'."));
            return;
        }
        StartPoint start;
        try {
            String lastEventId = request.getHeader("Last-Event-ID");
            start = StartPoint.of(lastEventId != null ? lastEventId : request.getParam("lastEventId"), request.getParam("from"));
        } catch (IllegalArgumentException e) {
            String code = e.getMessage().startsWith("Invalid Last-Event-ID") ? "last-event-id-invalid" : "from-invalid";
            gate.refuse(api, anonymous, request, Protocol.SSE, requested, new GatewayProblem(400, code, "Invalid stream position", e.getMessage()));
            return;
        }
        Presented presented = StreamCredentials.of(api, request);
        Authentication caller = gate.authenticate(api, channel.authScheme(), presented);
        if (gate.refusedCaller(api, caller, request, Protocol.SSE, channel.channel())) {
            return;
        }
        SseSink sink = new SseSink(request, config, connections.metrics);
        StreamSubscription subscription = new StreamSubscription(vertx.getOrCreateContext(), channel, start,
                filter(request), sink, tails, readers, config.queueCapacity());
        subscription.start(problem -> {
            if (problem != null) {
                gate.refuse(api, caller, request, Protocol.SSE, channel.channel(),
                        new GatewayProblem(503, "stream-unavailable", "Stream unavailable", problem));
                return;
            }
            StreamConnection connection = connections.open(api, caller, Protocol.SSE, channel.channel(),
                    request.getHeader("X-Request-ID"));
            connection.guard(channel.authScheme(), presented, sink::revoke);
            sink.open(api, connection, subscription, vertx);
        });
    }

    private static RecordFilter filter(HttpServerRequest request) {
        Map<String, String> headers = new HashMap<>();
        request.params().forEach(param -> {
            if (param.getKey().startsWith(RecordFilter.HEADER_PREFIX) && param.getKey().length() > RecordFilter.HEADER_PREFIX.length()) {
                headers.put(param.getKey().substring(RecordFilter.HEADER_PREFIX.length()), param.getValue());
            }
        });
        String key = request.getParam("key");
        return key == null && headers.isEmpty() ? RecordFilter.ALL : new RecordFilter(key, headers);
    }
}
