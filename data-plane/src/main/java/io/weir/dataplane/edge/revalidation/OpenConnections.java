package io.weir.dataplane.edge.revalidation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.weir.dataplane.auth.AccessTokens;
import io.weir.dataplane.auth.AccessTokens.VerifiedToken;
import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.dataplane.auth.Authenticator.Presented;
import io.weir.dataplane.state.GatewayState;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.gateway.CredentialKeys;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.invocation.InvocationCredentialKind;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Set;

/**
 * The node's open event-driven connections (stream SSE and WebSocket, relayed WebSocket and SSE),
 * kept honest after their handshake: when weir.gateway.apis or .credentials changes, the connections
 * of that API or that credential - and only those - are re-checked on their own event loops by
 * {@link ConnectionCheck} (the handshake's rules), and those whose caller would now be refused are
 * ended with the refusal's code. A connection opened with an OAuth2 token also ends when the token
 * expires, and one whose credential has an expiry is re-checked at it. The re-check starts as soon as the node applies the change, so an open connection ends
 * within the same bound as a REST call is refused.
 */
@Singleton
public class OpenConnections {

    private static final String BEARER = "bearer ";

    private final GatewayState state;
    private final AccessTokens tokens;
    private final ConnectionCheck check;
    private final MeterRegistry meters;
    private final ConnectionIndex<GuardedConnection> index =
            new ConnectionIndex<>(GuardedConnection::apiId, GuardedConnection::credentialKey);

    OpenConnections(GatewayState state, ConnectionCheck check, AccessTokens tokens, MeterRegistry meters) {
        this.state = state;
        this.check = check;
        this.tokens = tokens;
        this.meters = meters;
        state.onApiChanged(apiId -> recheck(index.ofApi(apiId)));
        state.onCredentialChanged(key -> recheck(index.ofCredential(key)));
        Gauge.builder("weir.gateway.connections.guarded", index, ConnectionIndex::size)
                .description("Open event-driven connections re-checked on API and credential changes").register(meters);
    }

    /**
     * Registers a connection that has just opened; call on its event loop. {@code scheme} and
     * {@code presented} are what the handshake was authenticated with, {@code caller} its outcome.
     */
    public GuardedConnection guard(GatewayApi api, AuthScheme scheme, Presented presented, Authentication caller,
                                   ConnectionEnding ending) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("an open connection is guarded from its event loop");
        }
        String credentialKey = null;
        Long tokenExpiry = null;
        if (caller instanceof Subscribed subscribed) {
            if (subscribed.kind() == InvocationCredentialKind.OAUTH2_TOKEN) {
                VerifiedToken token = verified(api, presented);
                credentialKey = token == null ? null : CredentialKeys.forOAuthClient(token.clientId());
                tokenExpiry = token == null ? null : token.expiresAtMillis();
            } else {
                credentialKey = CredentialKeys.forApiKey(presented.apiKey());
            }
        }
        GuardedConnection connection = new GuardedConnection(this, api.getApiId(), scheme, presented, credentialKey,
                context, ending);
        index.add(connection);
        if (tokenExpiry != null) {
            connection.expireAt(tokenExpiry);
        }
        // a change applied between the handshake's check and this registration found no connection to re-check
        context.runOnContext(v -> recheck(connection));
        return connection;
    }

    private void recheck(Set<GuardedConnection> connections) {
        for (GuardedConnection connection : connections) {
            connection.context().runOnContext(v -> recheck(connection));
        }
    }

    private void recheck(GuardedConnection connection) {
        if (connection.released()) {
            return;
        }
        Revocation revocation = check.refusal(connection, System.currentTimeMillis());
        if (revocation != null) {
            connection.revoke(revocation);
        } else if (connection.credentialKey() != null) {
            // a credential that expires while the connection is open changes no gateway record: re-check at its expiry
            connection.recheckAt(state.credential(connection.credentialKey()).map(GatewayCredential::getExpiresAt)
                    .map(Instant::toEpochMilli).orElse(Long.MAX_VALUE), () -> recheck(connection));
        }
    }

    private VerifiedToken verified(GatewayApi api, Presented presented) {
        String authorization = presented.authorization();
        if (authorization == null || authorization.length() <= BEARER.length()) {
            return null;
        }
        var outcome = tokens.verify(authorization.substring(BEARER.length()).trim(), api.getAuth().getOauthAudiences(),
                System.currentTimeMillis());
        return outcome instanceof VerifiedToken token ? token : null;
    }

    void revoked(Revocation revocation) {
        meters.counter("weir.gateway.connections.revoked", "code", revocation.code()).increment();
    }

    void forget(GuardedConnection connection) {
        index.remove(connection);
    }
}
