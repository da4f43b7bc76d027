package io.weir.controlplane.security;

import io.weir.schema.organization.Role;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Turns a management bearer token into a {@link Caller}: RS256 only, signed by one of our live keys
 * (by {@code kid}), our issuer, audience {@value TokenIssuer#MANAGEMENT}, not expired (within the
 * allowed clock skew), with subject and organization. Roles are the token's; unknown role names are
 * ignored, so an older control plane never grants a role it does not know.
 */
public final class TokenVerifier {

    /** Why a token was refused, in words safe to send back (never the token's content). */
    public static final class InvalidTokenException extends Exception {
        InvalidTokenException(String message) {
            super(message, null, false, false);
        }
    }

    private final SigningKeys keys;
    private final String issuer;
    private final Duration clockSkew;
    private final Clock clock;

    TokenVerifier(SigningKeys keys, String issuer, Duration clockSkew, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    public Caller verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank() || token.length() > 16_384) {
            throw new InvalidTokenException("the bearer token is missing or too long");
        }
        JwtClaims claims;
        try {
            claims = consumer().processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException(reason(e));
        }
        try {
            String organization = claims.getStringClaimValue("org");
            if (organization == null || organization.isBlank()) {
                throw new InvalidTokenException("the bearer token names no organization");
            }
            List<String> roleNames = claims.hasClaim("roles") ? claims.getStringListClaimValue("roles") : List.of();
            return new Caller(claims.getSubject(), organization, roles(roleNames));
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("the bearer token has a malformed claim");
        }
    }

    private JwtConsumer consumer() {
        return new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver((jws, nested) -> keys.verificationKey(jws.getKeyIdHeaderValue())
                        .orElseThrow(() -> new UnresolvableKeyException("no live signing key has this kid")))
                .setExpectedIssuer(issuer)
                .setExpectedAudience(TokenIssuer.MANAGEMENT)
                .setRequireSubject()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setAllowedClockSkewInSeconds((int) clockSkew.toSeconds())
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .build();
    }

    private static Set<Role> roles(List<String> names) {
        Set<String> known = Arrays.stream(Role.values()).filter(r -> r != Role.UNSPECIFIED).map(Role::name)
                .collect(Collectors.toSet());
        return Set.copyOf(names.stream().filter(known::contains).map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class))));
    }

    private static String reason(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "the bearer token has expired";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "the bearer token is not meant for the management API";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)
                || e.getCause() instanceof UnresolvableKeyException) {
            return "the bearer token is not signed by this platform";
        }
        return "the bearer token is not valid";
    }
}
