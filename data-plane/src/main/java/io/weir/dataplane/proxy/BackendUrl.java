package io.weir.dataplane.proxy;

import java.net.URI;

/** A backend base URL taken apart once: where to connect and the path prefix to put before the resource. */
public record BackendUrl(String host, int port, boolean ssl, String basePath) {

    /** Parses an http(s) base URL; throws IllegalArgumentException for anything else. */
    public static BackendUrl parse(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        boolean ssl = switch (scheme) {
            case "http", "ws" -> false;
            case "https", "wss" -> true;
            default -> throw new IllegalArgumentException("not an http(s) backend URL: " + url);
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("backend URL has no host: " + url);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new BackendUrl(uri.getHost(), port, ssl, path);
    }

    /** The Host header the backend expects (port left out when it is the scheme's default). */
    public String authority() {
        return (ssl && port == 443) || (!ssl && port == 80) ? host : host + ":" + port;
    }
}
