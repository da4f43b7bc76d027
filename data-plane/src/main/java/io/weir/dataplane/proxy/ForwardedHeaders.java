package io.weir.dataplane.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 section 7.6.1, and any the
 * Connection header names) stay on their own connection; the caller's credential never reaches the
 * backend; X-Forwarded-For/-Proto/-Host tell the backend who called.
 */
public final class ForwardedHeaders {

    private static final AsciiString[] HOP_BY_HOP = {HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, AsciiString.cached("proxy-connection"),
            HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
            HttpHeaderNames.HOST};
    // names written or looked up on every call, with their hash computed once
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");

    private ForwardedHeaders() {
    }

    /** Headers of the client's request as the backend gets them. */
    public static MultiMap toBackend(MultiMap client, String credentialHeader, boolean stripAuthorization,
                                     String clientAddress, String scheme, String clientHost) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        Set<String> named = connectionNamed(client.getAll(HttpHeaderNames.CONNECTION));
        client.forEach(h -> {
            String key = h.getKey();
            if (isHopByHop(key, named)
                    || (credentialHeader != null && key.equalsIgnoreCase(credentialHeader))
                    || (stripAuthorization && key.equalsIgnoreCase("authorization"))) {
                return;
            }
            out.add(key, h.getValue());
        });
        String prior = client.get(X_FORWARDED_FOR);
        out.set(X_FORWARDED_FOR, prior == null ? clientAddress : prior + ", " + clientAddress);
        out.set(X_FORWARDED_PROTO, scheme);
        if (clientHost != null) {
            out.set(X_FORWARDED_HOST, clientHost);
        }
        return out;
    }

    /** Copies the backend's response headers to the client's response, hop-by-hop ones left out. */
    public static void toClient(MultiMap backend, MultiMap response) {
        if (backend instanceof HttpHeaders netty) { // Vert.x's own header map is a Netty one
            toClient(netty, response);
            return;
        }
        Set<String> named = connectionNamed(backend.getAll(HttpHeaderNames.CONNECTION));
        backend.forEach(h -> {
            if (!isHopByHop(h.getKey(), named)) {
                response.add(h.getKey(), h.getValue());
            }
        });
    }

    /**
     * The same from the headers Netty decoded, as they are: no adaptor, no copy of a name or value
     * into another string (this runs for every proxied answer).
     */
    public static void toClient(HttpHeaders backend, MultiMap response) {
        Set<String> named = connectionNamed(backend.getAll(HttpHeaderNames.CONNECTION));
        Iterator<Map.Entry<CharSequence, CharSequence>> headers = backend.iteratorCharSequence();
        while (headers.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = headers.next();
            if (!isHopByHop(header.getKey(), named)) {
                response.add(header.getKey(), header.getValue());
            }
        }
    }

    private static boolean isHopByHop(CharSequence name, Set<String> connectionNamed) {
        for (AsciiString hop : HOP_BY_HOP) {
            if (hop.contentEqualsIgnoreCase(name)) { // unequal lengths answer at once: no allocation per header
                return true;
            }
        }
        return !connectionNamed.isEmpty() && connectionNamed.contains(name.toString().toLowerCase(Locale.ROOT));
    }

    /**
     * The header names the Connection header fields list (RFC 9110 section 7.6.1; a message may carry
     * several), lowercase; the usual {@code keep-alive} / {@code close} tokens name nothing beyond the
     * fixed hop-by-hop set.
     */
    static Set<String> connectionNamed(List<String> connectionFields) {
        Set<String> named = Set.of();
        for (String connection : connectionFields) {
            if (connection.equalsIgnoreCase("keep-alive") || connection.equalsIgnoreCase("close")) {
                continue;
            }
            if (named.isEmpty()) {
                named = new HashSet<>();
            }
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
        }
        return named;
    }
}
