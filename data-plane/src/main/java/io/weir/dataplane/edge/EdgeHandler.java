package io.weir.dataplane.edge;

import io.vertx.ext.web.RoutingContext;
import io.weir.dataplane.routing.RouteTable.Resolved;

/**
 * Serves the requests {@link EdgeEndpoint#of} gives to its endpoint. A bean implementing it is found
 * by {@link #endpoint()}; the HTTP pipeline has already checked the path, resolved the API, refused
 * blocked or retired APIs and answered CORS preflights. From there the handler owns the request:
 * authentication, subscription, throttling, its invocation records and its answer (problem+json for
 * every refusal). Runs on the event loop; must not block.
 */
public interface EdgeHandler {

    EdgeEndpoint endpoint();

    void handle(RoutingContext context, Resolved resolved);
}
