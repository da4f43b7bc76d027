package io.weir.dataplane.stream;

import io.vertx.core.http.HttpServerRequest;
import io.weir.dataplane.auth.Authenticator.Presented;
import io.weir.schema.gateway.GatewayApi;

/**
 * What a stream client presented. Browsers cannot set headers on an EventSource or a WebSocket, so
 * besides the API's key header and {@code Authorization: Bearer}, a stream accepts the API key in the
 * API's query parameter - or {@code apiKey} when the API names none - and a token in
 * {@code access_token} (RFC 6750 §2.3).
 */
final class StreamCredentials {

    static final String DEFAULT_KEY_PARAM = "apiKey";
    static final String TOKEN_PARAM = "access_token";

    private StreamCredentials() {
    }

    static Presented of(GatewayApi api, HttpServerRequest request) {
        String apiKey = request.getHeader(api.getAuth().getApiKeyHeader());
        if (blank(apiKey)) {
            String param = api.getAuth().getApiKeyQueryParam();
            apiKey = request.getParam(param == null ? DEFAULT_KEY_PARAM : param);
        }
        String authorization = request.getHeader("Authorization");
        if (blank(authorization) && !blank(request.getParam(TOKEN_PARAM))) {
            authorization = "Bearer " + request.getParam(TOKEN_PARAM).trim();
        }
        return new Presented(blank(apiKey) ? null : apiKey.trim(), blank(authorization) ? null : authorization);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
