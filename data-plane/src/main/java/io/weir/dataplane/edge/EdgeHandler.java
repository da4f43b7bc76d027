package io.weir.dataplane.edge;

import io.vertx.core.http.HttpServerRequest;
import io.weir.dataplane.routing.RouteTable.Resolved;

/**
 * Serves the requests {@link EdgeEndpoint#of} gives to its endpoint. A bean implementing it is found
 * by {@link #endpoint()}; the HTTP pipeline has already checked the path, resolved the API, refused
 * blocked or retired APIs and answered CORS preflights. From there the handler owns the request:
 * authentication, subscription, throttling, its invocation records and its answer (problem+json for
 * every refusal). The request comes paused; a handler that sets the response's end handler replaces the
 * pipeline's (which records nothing for a request handed over). Runs on the event loop; must not block.
 */
public interface EdgeHandler {

    EdgeEndpoint endpoint();

    void handle(HttpServerRequest request, Resolved resolved);
}
