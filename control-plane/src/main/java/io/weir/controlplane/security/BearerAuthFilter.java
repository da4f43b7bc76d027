package io.weir.controlplane.security;

import io.weir.controlplane.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every REST request needs {@code Authorization: Bearer <jwt>} from our token endpoint (audience
 * {@value TokenIssuer#MANAGEMENT}), except the token endpoint and the JWKS themselves. The check is
 * deny-by-default and runs before resource matching, so an unknown path answers 401, not 404, to
 * an anonymous caller. {@code /q/*} (health, metrics) is not served by REST and never reaches it.
 * A refusal is a 401 problem ({@code .../problems/unauthorized}) with {@code WWW-Authenticate: Bearer}.
 */
public class BearerAuthFilter {

    private static final Set<String> ANONYMOUS = Set.of("/oauth2/token", "/oauth2/jwks");
    private static final String SCHEME = "Bearer ";
    private static final String CONSOLE = "/console";

    private final TokenVerifier verifier;
    private final CallerContext callerContext;

    BearerAuthFilter(TokenVerifier verifier, CallerContext callerContext) {
        this.verifier = verifier;
        this.callerContext = callerContext;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        return authenticate(request.getUriInfo().getPath(), request.getHeaderString(HttpHeaders.AUTHORIZATION));
    }

    /** Empty when the request may go on (its caller set when it needed one); the 401 response otherwise. */
    Optional<Response> authenticate(String path, String authorization) {
        if (isAnonymous(path)) {
            return Optional.empty();
        }
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.of(unauthorized("a bearer token is required", null));
        }
        try {
            callerContext.set(verifier.verify(authorization.substring(SCHEME.length()).trim()));
            return Optional.empty();
        } catch (TokenVerifier.InvalidTokenException e) {
            return Optional.of(unauthorized(e.getMessage(), "invalid_token"));
        }
    }

    private static boolean isAnonymous(String path) {
        String p = path == null ? "" : path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        // the web console's static files (its pages sign in through /oauth2/token and call the API with the token)
        return ANONYMOUS.contains(p) || p.equals(CONSOLE) || p.startsWith(CONSOLE + "/");
    }

    /** RFC 6750 §3: no error code when no token came, {@code invalid_token} for a bad one. */
    private static Response unauthorized(String detail, String error) {
        String challenge = "Bearer realm=\"weir\"" + (error == null ? "" : ", error=\"" + error + "\"");
        return Response.fromResponse(Problem.of(401, "unauthorized", "Unauthorized", detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }
}
