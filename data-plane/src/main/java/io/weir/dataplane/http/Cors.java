package io.weir.dataplane.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.weir.schema.api.CorsConfig;

/** CORS as each API configures it: preflight answers and the headers of actual responses. */
public final class Cors {

    private Cors() {
    }

    static boolean isPreflight(HttpServerRequest request) {
        return request.method() == HttpMethod.OPTIONS && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
    }

    /** Answers a preflight: 204 with the allowed methods and headers, or 403 for a foreign origin. */
    static void answerPreflight(CorsConfig cors, HttpServerRequest request, HttpServerResponse response) {
        String origin = request.getHeader("Origin");
        if (!cors.getEnabled() || !allowed(cors, origin)) {
            new GatewayProblem(403, "cors-origin", "Origin not allowed",
                    "Cross-origin requests from " + origin + " are not allowed by this API.")
                    .send(response, request.path(), null);
            return;
        }
        addOrigin(cors, origin, response);
        response.putHeader("Access-Control-Allow-Methods", cors.getAllowedMethods().isEmpty()
                ? "GET, POST, PUT, PATCH, DELETE, OPTIONS" : String.join(", ", cors.getAllowedMethods()));
        String requested = request.getHeader("Access-Control-Request-Headers");
        if (!cors.getAllowedHeaders().isEmpty()) {
            response.putHeader("Access-Control-Allow-Headers", String.join(", ", cors.getAllowedHeaders()));
        } else if (requested != null) {
            response.putHeader("Access-Control-Allow-Headers", requested);
        }
        if (cors.getMaxAgeSeconds() > 0) {
            response.putHeader("Access-Control-Max-Age", Integer.toString(cors.getMaxAgeSeconds()));
        }
        response.setStatusCode(204).end();
    }

    /** Adds the response headers of an actual cross-origin call the API allows. */
    public static void decorate(CorsConfig cors, HttpServerRequest request, HttpServerResponse response) {
        if (!cors.getEnabled()) {
            return; // most APIs: no header lookup per call
        }
        String origin = request.getHeader(HttpHeaderNames.ORIGIN);
        if (origin != null && allowed(cors, origin)) {
            addOrigin(cors, origin, response);
        }
    }

    private static void addOrigin(CorsConfig cors, String origin, HttpServerResponse response) {
        boolean any = cors.getAllowedOrigins().contains("*");
        response.putHeader("Access-Control-Allow-Origin", any && !cors.getAllowCredentials() ? "*" : origin);
        if (!any || cors.getAllowCredentials()) {
            response.putHeader("Vary", "Origin");
        }
        if (cors.getAllowCredentials()) {
            response.putHeader("Access-Control-Allow-Credentials", "true");
        }
    }

    private static boolean allowed(CorsConfig cors, String origin) {
        return cors.getAllowedOrigins().contains("*") || cors.getAllowedOrigins().contains(origin);
    }
}
