package io.weir.controlplane.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An RFC 6749 §5.2 error of the token endpoint: {@code {"error": ..., "error_description": ...}}. */
final class OAuthError extends RuntimeException {

    private final int status;
    private final String error;

    private OAuthError(int status, String error, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
    }

    static OAuthError invalidRequest(String description) {
        return new OAuthError(400, "invalid_request", description);
    }

    static OAuthError invalidClient(String description) {
        return new OAuthError(401, "invalid_client", description);
    }

    static OAuthError invalidGrant(String description) {
        return new OAuthError(400, "invalid_grant", description);
    }

    static OAuthError unauthorizedClient(String description) {
        return new OAuthError(400, "unauthorized_client", description);
    }

    static OAuthError unsupportedGrantType(String description) {
        return new OAuthError(400, "unsupported_grant_type", description);
    }

    static OAuthError temporarilyUnavailable(String description) {
        return new OAuthError(503, "temporarily_unavailable", description);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(String error, @JsonProperty("error_description") String errorDescription) {
    }

    Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Body(error, getMessage()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache");
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"weir\"");
        }
        return response.build();
    }
}
