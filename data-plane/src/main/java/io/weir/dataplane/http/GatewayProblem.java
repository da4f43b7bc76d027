package io.weir.dataplane.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * An RFC 9457 problem detail as the gateway answers it: {@code type} is stable per refusal
 * ({@code https://weir.dev/problems/gateway/<code>}), {@code code} repeats its last part for
 * scripts, and nothing from a stack trace ever reaches the client.
 */
public record GatewayProblem(int status, String code, String title, String detail) {

    public static final String TYPE_BASE = "https://weir.dev/problems/gateway/";
    static final String MEDIA_TYPE = "application/problem+json";

    public String toJson(String instance, String correlationId) {
        JsonObject json = new JsonObject()
                .put("type", TYPE_BASE + code)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("code", code);
        if (instance != null) {
            json.put("instance", instance);
        }
        if (correlationId != null) {
            json.put("correlationId", correlationId);
        }
        return json.encode();
    }

    /** Writes the problem unless the response has started (then the connection is reset). */
    public void send(HttpServerResponse response, String instance, String correlationId) {
        if (response.headWritten() || response.ended() || response.closed()) {
            if (!response.ended() && !response.closed()) {
                response.reset();
            }
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", MEDIA_TYPE)
                .putHeader("Cache-Control", "no-store")
                .end(toJson(instance, correlationId));
    }
}
