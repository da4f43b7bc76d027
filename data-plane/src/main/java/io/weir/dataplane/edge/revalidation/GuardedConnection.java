package io.weir.dataplane.edge.revalidation;

import io.vertx.core.Context;
import io.weir.dataplane.auth.Authenticator.Presented;
import io.weir.schema.api.AuthScheme;

/**
 * One open connection as {@link OpenConnections} re-checks it: the API and the scheme it was
 * authenticated for, what the client presented (so it is re-authenticated by the same rules), the
 * credential key it is indexed by, and how it is ended. Its state is touched on its own event loop
 * only; the connection calls {@link #release()} when it ends for any other reason.
 */
public final class GuardedConnection {

    private final OpenConnections registry;
    private final String apiId;
    private final AuthScheme scheme;
    private final Presented presented;
    private final String credentialKey;
    private final Context context;
    private final ConnectionEnding ending;
    private long expiryTimer = -1;
    private long recheckTimer = -1;
    private long recheckAt = Long.MAX_VALUE;
    private boolean released;

    GuardedConnection(OpenConnections registry, String apiId, AuthScheme scheme, Presented presented,
                      String credentialKey, Context context, ConnectionEnding ending) {
        this.registry = registry;
        this.apiId = apiId;
        this.scheme = scheme;
        this.presented = presented;
        this.credentialKey = credentialKey;
        this.context = context;
        this.ending = ending;
    }

    String apiId() {
        return apiId;
    }

    AuthScheme scheme() {
        return scheme;
    }

    Presented presented() {
        return presented;
    }

    /** The weir.gateway.credentials key of its credential; null for an anonymous connection. */
    String credentialKey() {
        return credentialKey;
    }

    Context context() {
        return context;
    }

    boolean released() {
        return released;
    }

    /** Ends the connection at the token's expiry (called on its event loop, at registration). */
    void expireAt(long expiresAtMillis) {
        long delay = Math.max(1, expiresAtMillis - System.currentTimeMillis());
        expiryTimer = context.owner().setTimer(delay, t -> revoke(Revocation.tokenExpired()));
    }

    /**
     * Re-checks the connection at {@code atMillis} (its credential's expiry), instead of at an
     * earlier-armed time; {@link Long#MAX_VALUE}: never.
     */
    void recheckAt(long atMillis, Runnable recheck) {
        if (atMillis == recheckAt) {
            return;
        }
        if (recheckTimer >= 0) {
            context.owner().cancelTimer(recheckTimer);
            recheckTimer = -1;
        }
        recheckAt = atMillis;
        if (atMillis != Long.MAX_VALUE) {
            recheckTimer = context.owner().setTimer(Math.max(1, atMillis - System.currentTimeMillis()), t -> {
                recheckTimer = -1;
                recheckAt = Long.MAX_VALUE;
                recheck.run();
            });
        }
    }

    /** Ends the connection with the revocation, once. */
    void revoke(Revocation revocation) {
        if (released) {
            return;
        }
        release();
        registry.revoked(revocation);
        ending.end(revocation);
    }

    /** No longer re-checked (the connection ended); idempotent, on the connection's event loop. */
    public void release() {
        if (released) {
            return;
        }
        released = true;
        if (expiryTimer >= 0) {
            context.owner().cancelTimer(expiryTimer);
        }
        if (recheckTimer >= 0) {
            context.owner().cancelTimer(recheckTimer);
        }
        registry.forget(this);
    }
}
