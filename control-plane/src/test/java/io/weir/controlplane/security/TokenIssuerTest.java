package io.weir.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.application.KeyType;
import io.weir.schema.organization.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenIssuerTest {

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Fixtures.T0);

    @Test
    void aUserTokenCarriesTheManagementClaims() throws Exception {
        SigningKeys keys = new SigningKeys(dir, Duration.ofDays(30), Duration.ofHours(2), clock);
        TokenIssuer issuer = new TokenIssuer(keys, "https://weir.example", Duration.ofHours(1), clock);

        TokenIssuer.IssuedToken token = issuer.forUser(Fixtures.user("pat", null, Role.PUBLISHER, Role.SUBSCRIBER));

        assertThat(token.expiresIn()).isEqualTo(3600);
        JsonWebSignature jws = verifiedWith(keys, token.accessToken());
        assertThat(jws.getKeyIdHeaderValue()).isEqualTo(keys.active().kid());
        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("RS256");
        JwtClaims claims = JwtClaims.parse(jws.getPayload());
        assertThat(claims.getIssuer()).isEqualTo("https://weir.example");
        assertThat(claims.getSubject()).isEqualTo("pat");
        assertThat(claims.getAudience()).containsExactly("weir-management");
        assertThat(claims.getStringClaimValue("org")).isEqualTo("acme");
        assertThat(claims.getStringListClaimValue("roles")).containsExactly("PUBLISHER", "SUBSCRIBER");
        assertThat(claims.getIssuedAt().getValueInMillis()).isEqualTo(Fixtures.T0.toEpochMilli());
        assertThat(claims.getExpirationTime().getValueInMillis()).isEqualTo(Fixtures.T0.plusSeconds(3600).toEpochMilli());
        assertThat(claims.getJwtId()).isNotBlank();
        assertThat(claims.hasClaim("application")).isFalse();
    }

    @Test
    void aClientTokenCarriesTheGatewayClaims() throws Exception {
        SigningKeys keys = new SigningKeys(dir, Duration.ofDays(30), Duration.ofHours(2), clock);
        TokenIssuer issuer = new TokenIssuer(keys, "weir-control-plane", Duration.ofMinutes(15), clock);
        var client = Fixtures.client("client-1", "secret-1").setKeyType(KeyType.SANDBOX).build();

        TokenIssuer.IssuedToken token = issuer.forClient(Fixtures.application("app-7", client), client);

        JwtClaims claims = JwtClaims.parse(verifiedWith(keys, token.accessToken()).getPayload());
        assertThat(claims.getSubject()).isEqualTo("client-1");
        assertThat(claims.getAudience()).containsExactly("weir-gateway");
        assertThat(claims.getStringClaimValue("org")).isEqualTo("acme");
        assertThat(claims.getStringClaimValue("application")).isEqualTo("app-7");
        assertThat(claims.getStringClaimValue("key_type")).isEqualTo("SANDBOX");
        assertThat(claims.hasClaim("roles")).isFalse();
        assertThat(token.expiresIn()).isEqualTo(900);
    }

    @Test
    void everyTokenHasItsOwnJti() throws Exception {
        SigningKeys keys = new SigningKeys(dir, Duration.ofDays(30), Duration.ofHours(2), clock);
        TokenIssuer issuer = new TokenIssuer(keys, "weir-control-plane", Duration.ofHours(1), clock);
        var user = Fixtures.user("pat", null);

        String a = JwtClaims.parse(verifiedWith(keys, issuer.forUser(user).accessToken()).getPayload()).getJwtId();
        String b = JwtClaims.parse(verifiedWith(keys, issuer.forUser(user).accessToken()).getPayload()).getJwtId();

        assertThat(a).isNotEqualTo(b);
    }

    /** Verifies the way a gateway would: with the key the JWKS publishes under the token's kid. */
    private static JsonWebSignature verifiedWith(SigningKeys keys, String token) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        JsonWebKeySet jwks = new JsonWebKeySet(Jwks.of(keys.live()));
        jws.setKey(jwks.findJsonWebKey(jws.getKeyIdHeaderValue(), "RSA", "sig", "RS256").getKey());
        assertThat(jws.verifySignature()).isTrue();
        assertThat(List.of(jws.getHeader("typ"))).containsExactly("JWT");
        return jws;
    }
}
