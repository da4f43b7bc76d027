package io.weir.dataplane.http;

import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The scheme a client connection speaks ({@code https} over TLS, else {@code http}) for
 * {@code X-Forwarded-Proto}. Vert.x answers {@code isSsl()} by searching the connection's pipeline for a TLS
 * handler every time it is asked; a connection's scheme does not change, so it is asked once per connection
 * and kept on its channel.
 */
final class ConnectionScheme {

    private static final AttributeKey<String> SCHEME = AttributeKey.valueOf("weir.connection-scheme");

    private ConnectionScheme() {
    }

    static String of(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base)) {
            return asked(connection);
        }
        Attribute<String> kept = base.channel().attr(SCHEME);
        String scheme = kept.get();
        if (scheme == null) {
            scheme = asked(connection);
            kept.set(scheme);
        }
        return scheme;
    }

    private static String asked(HttpConnection connection) {
        return connection.isSsl() ? "https" : "http";
    }
}
