package io.weir.dataplane.proxy;

import java.net.URI;
import java.util.Objects;

/**
 * A backend base URL taken apart once: where to connect and the path prefix to put before the resource.
 * Its Host header and hash are worked out here too, once per URL rather than once per call.
 */
public final class BackendUrl {

    private final String host;
    private final int port;
    private final boolean ssl;
    private final String basePath;
    private final String authority;
    private final int hash;

    public BackendUrl(String host, int port, boolean ssl, String basePath) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.ssl = ssl;
        this.basePath = Objects.requireNonNull(basePath, "basePath");
        this.authority = (ssl && port == 443) || (!ssl && port == 80) ? host : host + ":" + port;
        this.hash = Objects.hash(host, port, ssl, basePath);
    }

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

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean ssl() {
        return ssl;
    }

    public String basePath() {
        return basePath;
    }

    /** The Host header the backend expects (port left out when it is the scheme's default). */
    public String authority() {
        return authority;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof BackendUrl url && hash == url.hash && port == url.port
                && ssl == url.ssl && host.equals(url.host) && basePath.equals(url.basePath);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return (ssl ? "https://" : "http://") + authority + basePath;
    }
}
