package io.weir.dataplane.asyncapi;

import io.vertx.core.http.HttpServerRequest;

/**
 * This gateway as the client reached it: host and scheme from the first {@code X-Forwarded-Host} /
 * {@code X-Forwarded-Proto} (a proxy in front), else the request's {@code Host} and TLS.
 */
record PublicAddress(String host, boolean secure) {

    static PublicAddress of(HttpServerRequest request) {
        String host = first(request.getHeader("X-Forwarded-Host"));
        if (host == null) {
            host = request.getHeader("Host");
        }
        if (host == null) {
            host = request.authority() == null ? "localhost" : request.authority().toString();
        }
        String proto = first(request.getHeader("X-Forwarded-Proto"));
        return new PublicAddress(host, proto != null ? proto.equalsIgnoreCase("https") || proto.equalsIgnoreCase("wss")
                : request.isSSL());
    }

    private static String first(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }
}
