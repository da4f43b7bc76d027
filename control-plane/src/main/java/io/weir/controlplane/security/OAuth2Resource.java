package io.weir.controlplane.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * The anonymous OAuth 2.0 surface: the token endpoint (RFC 6749, form-encoded, grants
 * {@code password} and {@code client_credentials}) and the JWKS that verifiers fetch.
 */
@Path("/oauth2")
public class OAuth2Resource {

    private final TokenGrants grants;
    private final SigningKeys keys;

    OAuth2Resource(TokenGrants grants, SigningKeys keys) {
        this.grants = grants;
        this.keys = keys;
    }

    /** RFC 6749 §5.1 successful response. */
    record TokenResponse(@JsonProperty("access_token") String accessToken,
                         @JsonProperty("token_type") String tokenType,
                         @JsonProperty("expires_in") long expiresIn) {
    }

    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking // a password check is a deliberately slow hash
    public Response token(MultivaluedMap<String, String> form, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        try {
            TokenIssuer.IssuedToken token = grants.grant(form, authorization);
            return Response.ok(new TokenResponse(token.accessToken(), "Bearer", token.expiresIn()))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .header("Pragma", "no-cache")
                    .build();
        } catch (OAuthError e) {
            return e.toResponse();
        }
    }

    @GET
    @Path("/jwks")
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        return Response.ok(Jwks.of(keys.live())).header(HttpHeaders.CACHE_CONTROL, "public, max-age=60").build();
    }
}
