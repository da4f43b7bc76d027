package io.weir.controlplane.security;

import io.weir.schema.application.OAuthGrantType;
import io.weir.schema.view.OAuthClientView;
import io.weir.schema.view.UserView;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token endpoint's decisions (RFC 6749): {@code password} for management users, checked against
 * their PBKDF2 hash; {@code client_credentials} for applications' OAuth clients, checked against the
 * SHA-256 of the secret (or of the previous secret while its grace period runs). Failures are
 * {@link OAuthError}s that do not tell a wrong username from a wrong password.
 */
final class TokenGrants {

    private final UserDirectory users;
    private final ClientDirectory clients;
    private final PasswordHasher passwords;
    private final TokenIssuer issuer;
    private final Clock clock;

    TokenGrants(UserDirectory users, ClientDirectory clients, PasswordHasher passwords, TokenIssuer issuer, Clock clock) {
        this.users = users;
        this.clients = clients;
        this.passwords = passwords;
        this.issuer = issuer;
        this.clock = clock;
    }

    /**
     * @param form          the form parameters of the request
     * @param authorization the {@code Authorization} header, or null
     * @throws OAuthError when no token is issued
     */
    TokenIssuer.IssuedToken grant(Map<String, List<String>> form, String authorization) {
        String grantType = single(form, "grant_type").orElseThrow(() -> OAuthError.invalidRequest("grant_type is required"));
        return switch (grantType) {
            case "password" -> password(form);
            case "client_credentials" -> clientCredentials(form, authorization);
            default -> throw OAuthError.unsupportedGrantType("grant_type must be password or client_credentials");
        };
    }

    private TokenIssuer.IssuedToken password(Map<String, List<String>> form) {
        String username = single(form, "username").orElseThrow(() -> OAuthError.invalidRequest("username is required"));
        String password = single(form, "password").orElseThrow(() -> OAuthError.invalidRequest("password is required"));
        if (!users.ready()) {
            throw OAuthError.temporarilyUnavailable("the control plane is still reading its views; retry shortly");
        }
        Optional<UserView> user = users.user(username);
        String hash = user.map(UserView::getPasswordHash).orElse(null);
        boolean valid = hash == null ? passwords.verifyNothing(password) : passwords.verify(password, hash);
        if (!valid) {
            throw OAuthError.invalidGrant("invalid username or password");
        }
        return issuer.forUser(user.get());
    }

    private TokenIssuer.IssuedToken clientCredentials(Map<String, List<String>> form, String authorization) {
        ClientCredentials credentials = clientCredentialsOf(form, authorization);
        if (!clients.ready()) {
            throw OAuthError.temporarilyUnavailable("the control plane is still reading its views; retry shortly");
        }
        ClientDirectory.RegisteredClient registered = clients.client(credentials.id())
                .filter(found -> secretMatches(found.client(), credentials.secret()))
                .orElseThrow(() -> OAuthError.invalidClient("invalid client credentials"));
        OAuthClientView client = registered.client();
        if (client.getRevokedAt() != null) {
            throw OAuthError.invalidClient("this client has been revoked");
        }
        if (!client.getGrantTypes().isEmpty() && !client.getGrantTypes().contains(OAuthGrantType.CLIENT_CREDENTIALS)) {
            throw OAuthError.unauthorizedClient("this client may not use the client_credentials grant");
        }
        return issuer.forClient(registered.application(), client);
    }

    private boolean secretMatches(OAuthClientView client, String secret) {
        String hash = SecretHashes.sha256Hex(secret);
        Instant graceUntil = client.getPreviousSecretGraceUntil();
        boolean current = SecretHashes.constantTimeEquals(hash, client.getSecretHash());
        boolean previous = client.getPreviousSecretHash() != null && graceUntil != null
                && clock.instant().isBefore(graceUntil)
                && SecretHashes.constantTimeEquals(hash, client.getPreviousSecretHash());
        return current || previous;
    }

    /** RFC 6749 §2.3.1: HTTP Basic (form-urlencoded id and secret) or the form, never both. */
    private static ClientCredentials clientCredentialsOf(Map<String, List<String>> form, String authorization) {
        boolean inForm = form.containsKey("client_id") || form.containsKey("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (inForm) {
                throw OAuthError.invalidRequest("send client credentials either with HTTP Basic or in the form, not both");
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw OAuthError.invalidClient("malformed HTTP Basic credentials");
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw OAuthError.invalidClient("malformed HTTP Basic credentials");
            }
            try {
                return new ClientCredentials(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw OAuthError.invalidClient("malformed HTTP Basic credentials");
            }
        }
        String id = single(form, "client_id").orElseThrow(() -> OAuthError.invalidClient("client authentication is required"));
        String secret = single(form, "client_secret").orElseThrow(() -> OAuthError.invalidClient("client_secret is required"));
        return new ClientCredentials(id, secret);
    }

    private record ClientCredentials(String id, String secret) {
    }

    /** A parameter sent at most once (RFC 6749 §3.1), blank counting as absent. */
    private static Optional<String> single(Map<String, List<String>> form, String name) {
        List<String> values = form.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw OAuthError.invalidRequest(name + " must not be repeated");
        }
        return values.stream().filter(v -> v != null && !v.isBlank()).findFirst();
    }
}
