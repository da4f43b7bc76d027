package io.weir.dataplane.proxy;

import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 section 7.6.1, and any the
 * Connection header names) stay on their own connection; the caller's credential never reaches the
 * backend; X-Forwarded-For/-Proto/-Host tell the backend who called.
 */
public final class ForwardedHeaders {

    private static final String[] HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host"};

    private ForwardedHeaders() {
    }

    /** Headers of the client's request as the backend gets them. */
    public static MultiMap toBackend(MultiMap client, String credentialHeader, boolean stripAuthorization,
                                     String clientAddress, String scheme, String clientHost) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        Set<String> named = connectionNamed(client);
        client.forEach(h -> {
            String key = h.getKey();
            if (isHopByHop(key, named)
                    || (credentialHeader != null && key.equalsIgnoreCase(credentialHeader))
                    || (stripAuthorization && key.equalsIgnoreCase("authorization"))) {
                return;
            }
            out.add(key, h.getValue());
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
            if (!isHopByHop(h.getKey(), named)) {
                response.add(h.getKey(), h.getValue());
            }
        });
    }

    private static boolean isHopByHop(String name, Set<String> connectionNamed) {
        for (String hop : HOP_BY_HOP) {
            if (hop.equalsIgnoreCase(name)) { // unequal lengths answer at once: no allocation per header
                return true;
            }
        }
        return !connectionNamed.isEmpty() && connectionNamed.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The header names the Connection header lists (RFC 9110 section 7.6.1), lowercase; the usual
     * {@code keep-alive} / {@code close} tokens name nothing beyond the fixed hop-by-hop set.
     */
    static Set<String> connectionNamed(MultiMap headers) {
        String connection = headers.get("Connection");
        if (connection == null || connection.equalsIgnoreCase("keep-alive") || connection.equalsIgnoreCase("close")) {
            return Set.of();
        }
        Set<String> named = new HashSet<>();
        int start = 0;
        while (start <= connection.length()) {
            int comma = connection.indexOf(',', start);
            int end = comma < 0 ? connection.length() : comma;
            String token = connection.substring(start, end).trim();
            if (!token.isEmpty()) {
                named.add(token.toLowerCase(Locale.ROOT));
            }
            start = end + 1;
        }
        return named;
    }
}
