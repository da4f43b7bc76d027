package io.weir.dataplane.edge.revalidation;

/**
 * How a protocol ends one of its open connections when its caller would now be refused (WebSocket:
 * close 1008 with the code as reason; SSE: an {@code error} event, then the end of the response).
 * Called once, on the connection's own event loop.
 */
@FunctionalInterface
public interface ConnectionEnding {

    void end(Revocation revocation);
}
