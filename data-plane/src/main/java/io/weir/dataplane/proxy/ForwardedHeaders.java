package io.weir.dataplane.proxy;

import io.vertx.core.MultiMap;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 section 7.6.1, and any the
 * Connection header names) stay on their own connection; the caller's credential never reaches the
 * backend; X-Forwarded-For/-Proto/-Host tell the backend who called.
 */
public final class ForwardedHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host");

    private ForwardedHeaders() {
    }

    /** Headers of the client's request as the backend gets them. */
    public static MultiMap toBackend(MultiMap client, String credentialHeader, boolean stripAuthorization,
                                     String clientAddress, String scheme, String clientHost) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        Set<String> named = connectionNamed(client);
        client.forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || named.contains(name)
                    || (credentialHeader != null && name.equalsIgnoreCase(credentialHeader))
                    || (stripAuthorization && name.equals("authorization"))) {
                return;
            }
            out.add(h.getKey(), h.getValue());
        });
        String prior = client.get("X-Forwarded-For");
        out.set("X-Forwarded-For", prior == null ? clientAddress : prior + ", " + clientAddress);
        out.set("X-Forwarded-Proto", scheme);
        if (clientHost != null) {
            out.set("X-Forwarded-Host", clientHost);
        }
        return out;
    }

    /** Copies the backend's response headers to the client's response, hop-by-hop ones left out. */
    public static void toClient(MultiMap backend, MultiMap response) {
        Set<String> named = connectionNamed(backend);
        backend.forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !named.contains(name)) {
                response.add(h.getKey(), h.getValue());
            }
        });
    }

    private static Set<String> connectionNamed(MultiMap headers) {
        String connection = headers.get("Connection");
        if (connection == null) {
            return Set.of();
        }
        return new HashSet<>(Arrays.asList(connection.toLowerCase(Locale.ROOT).split("\\s*,\\s*")));
    }
}
