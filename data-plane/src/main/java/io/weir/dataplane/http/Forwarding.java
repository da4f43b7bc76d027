package io.weir.dataplane.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authenticator.Presented;
import io.weir.dataplane.config.GatewayConfig;
import io.weir.dataplane.proxy.BackendProxy;
import io.weir.dataplane.proxy.BackendUrl;
import io.weir.dataplane.proxy.ForwardedHeaders;
import io.weir.schema.application.KeyType;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.invocation.InvocationCredentialKind;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a request leaves for its backend: which endpoint (production or sandbox, by the credential's
 * key type), which path and query (the API key parameter removed), which headers, which limits.
 */
public final class Forwarding {

    /** The backend chosen for a call, or why there is none. */
    public record Target(BackendUrl backend, GatewayProblem problem) {
    }

    private final long defaultMaxBodyBytes;
    private final long defaultTimeoutMillis;
    private final Map<String, BackendUrl> parsed = new ConcurrentHashMap<>();

    public Forwarding(GatewayConfig config) {
        this.defaultMaxBodyBytes = config.maxRequestBytes();
        this.defaultTimeoutMillis = config.defaultBackendTimeout().toMillis();
    }

    public Presented presented(GatewayApi api, HttpServerRequest request) {
        return presentedBy(api, request);
    }

    /** The API key (the API's header, or its query parameter if allowed) and Authorization header a request presents. */
    public static Presented presentedBy(GatewayApi api, HttpServerRequest request) {
        String apiKey = request.getHeader(api.getAuth().getApiKeyHeader());
        String queryParam = api.getAuth().getApiKeyQueryParam();
        if (apiKey == null && queryParam != null) {
            apiKey = request.getParam(queryParam);
        }
        return new Presented(apiKey == null || apiKey.isBlank() ? null : apiKey.trim(), request.getHeader("Authorization"));
    }

    public long maxBodyBytes(GatewayApi api) {
        return api.getMaxRequestBytes() == null ? defaultMaxBodyBytes : api.getMaxRequestBytes();
    }

    /** The API's backend timeout, or the node's default when it sets none. */
    public long timeoutMillis(GatewayApi api) {
        return api.getEndpoints().getTimeoutMillis() > 0 ? api.getEndpoints().getTimeoutMillis() : defaultTimeoutMillis;
    }

    /** 413 when the announced Content-Length is over the limit, 400 when it is not a number. */
    GatewayProblem contentLengthProblem(GatewayApi api, HttpServerRequest request) {
        String header = request.getHeader("Content-Length");
        if (header == null) {
            return null;
        }
        long length;
        try {
            length = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return new GatewayProblem(400, "content-length-invalid", "Invalid Content-Length",
                    "The Content-Length header is not a number.");
        }
        if (length < 0) {
            return new GatewayProblem(400, "content-length-invalid", "Invalid Content-Length",
                    "The Content-Length header is negative.");
        }
        long limit = maxBodyBytes(api);
        return length > limit ? new GatewayProblem(413, "body-too-large", "Request too large",
                "The request body is " + length + " bytes; this API accepts at most " + limit + ".") : null;
    }

    public Target target(GatewayApi api, GatewayCredential credential) {
        boolean sandbox = credential != null && credential.getKeyType() == KeyType.SANDBOX;
        String url = sandbox ? api.getEndpoints().getSandboxUrl() : api.getEndpoints().getProductionUrl();
        if (url == null) {
            return new Target(null, sandbox
                    ? new GatewayProblem(403, "sandbox-unavailable", "No sandbox endpoint",
                    "This API has no sandbox endpoint; use a production credential.")
                    : new GatewayProblem(502, "backend-missing", "No backend", "This API has no production endpoint."));
        }
        try {
            return new Target(parsed.computeIfAbsent(url, BackendUrl::parse), null);
        } catch (IllegalArgumentException e) {
            return new Target(null, new GatewayProblem(502, "backend-invalid", "Invalid backend",
                    "The API's endpoint is not an http(s) URL."));
        }
    }

    BackendProxy.Forward forward(GatewayApi api, BackendUrl backend, HttpServerRequest request, String remainder,
                                 Authentication caller, String correlationId) {
        String queryParam = api.getAuth().getApiKeyQueryParam();
        String query = withoutParam(request.query(), queryParam);
        HttpConnection connection = request.connection();
        // the connection's own address, scheme and Host header: Vert.x Web's request wrapper would work out
        // its forwarded-aware values (and an absolute URI) per request for the same answers
        String host = request.getHeader(HttpHeaderNames.HOST);
        var headers = ForwardedHeaders.toBackend(request.headers(), api.getAuth().getApiKeyHeader(),
                caller instanceof Authentication.Subscribed s && s.kind() == InvocationCredentialKind.OAUTH2_TOKEN,
                connection.remoteAddress() == null ? "unknown" : connection.remoteAddress().hostAddress(),
                ConnectionScheme.of(connection), host != null ? host : request.host());
        headers.set("X-Request-ID", correlationId);
        long timeout = timeoutMillis(api);
        return new BackendProxy.Forward(backend, query == null ? remainder : remainder + "?" + query, headers, timeout,
                maxBodyBytes(api), response -> Cors.decorate(api.getCors(), request, response));
    }

    public static String withoutParam(String query, String param) {
        if (query == null || query.isEmpty() || param == null) {
            return query == null || query.isEmpty() ? null : query;
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!name.equals(param)) {
                if (kept.length() > 0) {
                    kept.append('&');
                }
                kept.append(pair);
            }
        }
        return kept.length() == 0 ? null : kept.toString();
    }
}
