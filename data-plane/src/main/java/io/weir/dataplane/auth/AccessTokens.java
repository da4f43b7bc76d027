package io.weir.dataplane.auth;

import io.weir.dataplane.config.GatewayConfig;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Validates OAuth2 access tokens locally: RS256 signature against the control plane's JWKS,
 * issuer, expiry (with clock skew) and audience. A token verified once is remembered until it
 * expires, so a client reusing its token costs a map lookup, not an RSA verification.
 */
@Singleton
public class AccessTokens {

    /** The audience the control plane puts in tokens it issues to applications' OAuth clients. */
    public static final String GATEWAY_AUDIENCE = "weir-gateway";
    private static final int CACHE_LIMIT = 50_000;
    private static final int CLOCK_SKEW_SECONDS = 30;

    /** The outcome of checking a token. */
    public sealed interface TokenCheck permits VerifiedToken, Refusal {
    }

    /** A verified token: its client and audiences, valid until {@code expiresAtMillis}. */
    public record VerifiedToken(String clientId, List<String> audiences, long expiresAtMillis) implements TokenCheck {
    }

    /** Why a token was refused; {@code code} is the stable problem type suffix. */
    public record Refusal(String code, String detail) implements TokenCheck {
    }

    private final JwksKeys keys;
    private final String issuer;
    private final Map<String, VerifiedToken> verified = new ConcurrentHashMap<>();

    AccessTokens(JwksKeys keys, GatewayConfig config) {
        this.keys = keys;
        this.issuer = config.tokenIssuer();
    }

    /** The verified token, or a {@link Refusal}; audiences are checked against {@code accepted}. */
    public TokenCheck verify(String token, List<String> accepted, long nowMillis) {
        VerifiedToken known = verified.get(token);
        if (known == null) {
            TokenCheck outcome = verifySignature(token);
            if (outcome instanceof Refusal refusal) {
                return refusal;
            }
            known = (VerifiedToken) outcome;
            if (verified.size() >= CACHE_LIMIT) {
                verified.clear();
            }
            verified.put(token, known);
        }
        if (nowMillis > known.expiresAtMillis() + CLOCK_SKEW_SECONDS * 1000L) {
            verified.remove(token);
            return new Refusal("token-expired", "The access token has expired.");
        }
        List<String> wanted = accepted.isEmpty() ? List.of(GATEWAY_AUDIENCE) : accepted;
        if (known.audiences().stream().noneMatch(wanted::contains)) {
            return new Refusal("token-audience", "The access token is not meant for this API (audience " + known.audiences() + ").");
        }
        return known;
    }

    private TokenCheck verifySignature(String token) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.current().getJsonWebKeys()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer(issuer)
                .setRequireExpirationTime()
                .setRequireSubject()
                .setSkipDefaultAudienceValidation()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(token);
            return new VerifiedToken(claims.getSubject(), claims.getAudience(), claims.getExpirationTime().getValueInMillis());
        } catch (InvalidJwtException e) {
            if (e.getCause() instanceof UnresolvableKeyException) {
                keys.unknownKeyId();
                return new Refusal("token-signature", "The access token is not signed by a key this gateway trusts.");
            }
            if (e.hasExpired()) {
                return new Refusal("token-expired", "The access token has expired.");
            }
            if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.SIGNATURE_INVALID)) {
                return new Refusal("token-signature", "The access token's signature is not valid.");
            }
            return new Refusal("token-invalid", "The access token is not a valid JWT from this platform.");
        } catch (MalformedClaimException e) {
            return new Refusal("token-invalid", "The access token's claims are malformed.");
        }
    }
}
