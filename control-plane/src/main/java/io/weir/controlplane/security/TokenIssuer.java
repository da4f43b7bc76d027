package io.weir.controlplane.security;

import io.weir.schema.organization.Role;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.OAuthClientView;
import io.weir.schema.view.UserView;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Signs access tokens (RS256 JWT, {@code kid} in the header) with the active key: for a management
 * user (audience {@value #MANAGEMENT}: org, roles) or for an application's OAuth client (audience
 * {@value #GATEWAY}: org, application, key_type).
 */
public final class TokenIssuer {

    /** Audience of tokens for the management REST API. */
    public static final String MANAGEMENT = "weir-management";
    /** Audience of tokens applications present to the gateway. */
    public static final String GATEWAY = "weir-gateway";

    private final SigningKeys keys;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;

    /** A signed token and its lifetime in seconds (the {@code expires_in} of the token response). */
    public record IssuedToken(String accessToken, long expiresIn) {
    }

    TokenIssuer(SigningKeys keys, String issuer, Duration lifetime, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public IssuedToken forUser(UserView user) {
        JwtClaims claims = claims(user.getUsername(), MANAGEMENT, user.getOrganization());
        claims.setStringListClaim("roles", user.getRoles().stream()
                .filter(role -> role != Role.UNSPECIFIED).map(Role::name).distinct().toList());
        return sign(claims);
    }

    public IssuedToken forClient(ApplicationView application, OAuthClientView client) {
        JwtClaims claims = claims(client.getClientId(), GATEWAY, application.getOrganization());
        claims.setStringClaim("application", application.getApplicationId());
        claims.setStringClaim("key_type", client.getKeyType().name());
        return sign(claims);
    }

    private JwtClaims claims(String subject, String audience, String organization) {
        long now = clock.millis();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setAudience(audience);
        claims.setStringClaim("org", organization);
        claims.setIssuedAt(NumericDate.fromMilliseconds(now));
        claims.setExpirationTime(NumericDate.fromMilliseconds(now + lifetime.toMillis()));
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    private IssuedToken sign(JwtClaims claims) {
        SigningKeys.SigningKey key = keys.active();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.privateKey());
        jws.setKeyIdHeaderValue(key.kid());
        jws.setHeader("typ", "JWT");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return new IssuedToken(jws.getCompactSerialization(), lifetime.toSeconds());
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign a token with key " + key.kid(), e);
        }
    }
}
