package io.weir.dataplane.relay;

import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authenticator.Presented;
import io.weir.dataplane.proxy.BackendUrl;
import io.weir.dataplane.routing.ResourceRoute;
import io.weir.dataplane.throttle.Throttling.Charge;
import io.weir.schema.common.Protocol;
import io.weir.schema.gateway.GatewayApi;
import java.util.List;

/**
 * An admitted relay connection: who opened which channel of which API, the counters every message
 * is charged to, the backend it goes to and its limits.
 *
 * @param presented       the credential the client presented (open connections are re-checked with it)
 * @param connectionId    the id every record of the connection carries as its correlation id
 *                        (the caller's X-Request-ID when it sent one)
 * @param maxMessageBytes the largest WebSocket message relayed
 */
public record RelayCall(Protocol protocol, GatewayApi api, ResourceRoute route, Presented presented, Authentication caller,
                        List<Charge> charges, BackendUrl backend, long timeoutMillis, long maxMessageBytes,
                        String connectionId, long startedMillis, long startedNanos) {
}
