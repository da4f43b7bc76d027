package io.weir.dataplane.edge.revalidation;

import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authentication.Refused;
import io.weir.dataplane.auth.Authenticator;
import io.weir.dataplane.routing.RoutedApi;
import io.weir.dataplane.state.GatewayState;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.gateway.GatewayApi;
import jakarta.inject.Singleton;

/**
 * Whether an open connection's caller would be refused now, by the handshake's own rules: the API
 * must still be deployed to this environment and not blocked or retired (as {@code HttpGateway}
 * checks), and {@link Authenticator} must still admit what the client presented to the API as it
 * is deployed now. Memory lookups only: it never blocks.
 */
@Singleton
class ConnectionCheck {

    private final GatewayState state;
    private final Authenticator authenticator;

    ConnectionCheck(GatewayState state, Authenticator authenticator) {
        this.state = state;
        this.authenticator = authenticator;
    }

    /** The refusal the connection ends with, or null when it may go on. */
    Revocation refusal(GuardedConnection connection, long nowMillis) {
        RoutedApi routed = state.routes().byApiId(connection.apiId());
        if (routed == null) {
            return Revocation.apiUnavailable("no longer deployed to this environment");
        }
        GatewayApi api = routed.api();
        if (api.getLifecycleStatus() == LifecycleStatus.BLOCKED || api.getLifecycleStatus() == LifecycleStatus.RETIRED) {
            return Revocation.apiUnavailable(api.getLifecycleStatus().name().toLowerCase());
        }
        Authentication caller = authenticator.authenticate(api, connection.scheme(), connection.presented(), nowMillis);
        return caller instanceof Refused refused ? Revocation.of(refused) : null;
    }
}
