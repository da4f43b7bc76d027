package io.weir.dataplane.asyncapi;

import io.vertx.core.http.HttpServerRequest;
import io.weir.dataplane.edge.EdgeEndpoint;
import io.weir.dataplane.edge.EdgeHandler;
import io.weir.dataplane.http.Cors;
import io.weir.dataplane.routing.RouteTable.Resolved;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code GET /{context}/{version}/asyncapi} on any event-driven API: its {@link AsyncApiDocument},
 * generated from the deployment on every request. Served without credentials, like a published
 * definition in WSO2's developer portal: it describes how to connect, holds no data, and a client
 * needs it before it has a key. Not throttled and not recorded as an invocation.
 */
@ApplicationScoped
public class AsyncApiHandler implements EdgeHandler {

    @Override
    public EdgeEndpoint endpoint() {
        return EdgeEndpoint.ASYNCAPI;
    }

    @Override
    public void handle(HttpServerRequest request, Resolved resolved) {
        var response = request.response();
        request.resume();
        Cors.decorate(resolved.api().api().getCors(), request, response);
        response.setStatusCode(200)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache")
                .end(AsyncApiDocument.of(resolved.api().api(), PublicAddress.of(request)).encodePrettily());
    }
}
