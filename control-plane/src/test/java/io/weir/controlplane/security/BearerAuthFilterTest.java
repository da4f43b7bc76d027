package io.weir.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.organization.Role;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerAuthFilterTest {

    private static final String ISSUER = "weir-control-plane";
    private static final Duration LIFETIME = Duration.ofHours(1);
    private static final Duration SKEW = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    @TempDir
    Path elsewhere;
    private final MutableClock clock = new MutableClock(Fixtures.T0);
    private SigningKeys keys;
    private TokenIssuer issuer;
    private CallerContext callerContext;
    private BearerAuthFilter filter;

    @BeforeEach
    void setUp() {
        keys = new SigningKeys(dir, Duration.ofDays(30), LIFETIME.plusHours(1), clock);
        issuer = new TokenIssuer(keys, ISSUER, LIFETIME, clock);
        callerContext = new CallerContext();
        filter = new BearerAuthFilter(new TokenVerifier(keys, ISSUER, SKEW, clock), callerContext);
    }

    @Test
    void aValidTokenBecomesTheCaller() {
        String token = issuer.forUser(Fixtures.user("pat", null, Role.PUBLISHER)).accessToken();

        assertThat(filter.authenticate("/api/v1/apis", "Bearer " + token)).isEmpty();

        assertThat(callerContext.current()).isEqualTo(new Caller("pat", "acme", Set.of(Role.PUBLISHER)));
    }

    @Test
    void noTokenIs401WithABearerChallenge() {
        Response response = filter.authenticate("/api/v1/apis", null).orElseThrow();

        assertUnauthorized(response, "a bearer token is required");
        assertThat(response.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer realm=\"weir\"");
        assertThat(unauthorized("Basic YWRtaW46YWRtaW4=")).isPresent();
    }

    @Test
    void garbageIs401() {
        for (String garbage : List.of("Bearer ", "Bearer not-a-jwt", "Bearer a.b.c", "Bearer " + "x".repeat(20_000))) {
            Response response = unauthorized(garbage).orElseThrow();
            assertUnauthorized(response, "");
            assertThat(response.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer realm=\"weir\", error=\"invalid_token\"");
        }
    }

    @Test
    void anExpiredTokenIs401ButSmallClockSkewIsForgiven() {
        String token = issuer.forUser(Fixtures.user("pat", null, Role.PUBLISHER)).accessToken();

        clock.advance(LIFETIME.plus(SKEW).minusSeconds(1));
        assertThat(filter.authenticate("/api/v1/apis", "Bearer " + token)).isEmpty();

        clock.advance(Duration.ofSeconds(2));
        assertUnauthorized(unauthorized("Bearer " + token).orElseThrow(), "expired");
    }

    @Test
    void aTokenSignedByAnotherKeyIs401() {
        SigningKeys foreign = new SigningKeys(elsewhere, Duration.ofDays(30), LIFETIME, clock);
        String token = new TokenIssuer(foreign, ISSUER, LIFETIME, clock).forUser(Fixtures.user("eve", null, Role.ADMIN)).accessToken();

        assertUnauthorized(unauthorized("Bearer " + token).orElseThrow(), "not signed by this platform");
    }

    @Test
    void aForeignKeyPosingAsOurKidIs401() throws Exception {
        SigningKeys foreign = new SigningKeys(elsewhere, Duration.ofDays(30), LIFETIME, clock);
        String token = sign(adminClaims(), foreign.active(), keys.active().kid(), AlgorithmIdentifiers.RSA_USING_SHA256);

        assertUnauthorized(unauthorized("Bearer " + token).orElseThrow(), "not signed by this platform");
    }

    @Test
    void anUnsignedTokenIs401() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(adminClaims().toJson());
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setKeyIdHeaderValue(keys.active().kid());

        assertThat(unauthorized("Bearer " + jws.getCompactSerialization())).isPresent();
    }

    @Test
    void aGatewayTokenDoesNotOpenTheManagementApi() {
        var client = Fixtures.client("client-1", "secret-1").build();
        String token = issuer.forClient(Fixtures.application("app-1", client), client).accessToken();

        assertUnauthorized(unauthorized("Bearer " + token).orElseThrow(), "not meant for the management API");
    }

    @Test
    void anotherIssuerIs401() {
        String token = new TokenIssuer(keys, "someone-else", LIFETIME, clock).forUser(Fixtures.user("pat", null)).accessToken();

        assertThat(unauthorized("Bearer " + token)).isPresent();
    }

    @Test
    void unknownRolesAreIgnored() throws Exception {
        JwtClaims claims = adminClaims();
        claims.setStringListClaim("roles", "SUBSCRIBER", "SUPERUSER", "UNSPECIFIED");
        String token = sign(claims, keys.active(), keys.active().kid(), AlgorithmIdentifiers.RSA_USING_SHA256);

        assertThat(filter.authenticate("/api/v1/apis", "bearer " + token)).isEmpty();

        assertThat(callerContext.current().roles()).containsExactly(Role.SUBSCRIBER);
    }

    @Test
    void onlyTheTokenEndpointAndJwksAreAnonymous() {
        assertThat(filter.authenticate("/oauth2/token", null)).isEmpty();
        assertThat(filter.authenticate("/oauth2/jwks", null)).isEmpty();
        assertThat(filter.authenticate("/oauth2/jwks/", null)).isEmpty();
        assertThat(filter.authenticate("/oauth2/tokens", null)).isPresent();
        assertThat(filter.authenticate("/oauth2/../api/v1/apis", null)).isPresent();
        assertThat(filter.authenticate("/api/v1/apis", null)).isPresent();
        assertThat(filter.authenticate("/anything-else", null)).isPresent();
    }

    private Optional<Response> unauthorized(String authorization) {
        return filter.authenticate("/api/v1/apis", authorization);
    }

    private static void assertUnauthorized(Response response, String detailContains) {
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat(response.getHeaderString("WWW-Authenticate")).startsWith("Bearer realm=\"weir\"");
        var problem = (com.fasterxml.jackson.databind.node.ObjectNode) response.getEntity();
        assertThat(problem.path("type").asText()).isEqualTo("https://weir.dev/problems/unauthorized");
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("detail").asText()).contains(detailContains);
    }

    private JwtClaims adminClaims() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject("eve");
        claims.setAudience("weir-management");
        claims.setStringClaim("org", "acme");
        claims.setStringListClaim("roles", "ADMIN");
        claims.setIssuedAt(NumericDate.fromMilliseconds(clock.millis()));
        claims.setExpirationTime(NumericDate.fromMilliseconds(clock.millis() + 60_000));
        return claims;
    }

    private static String sign(JwtClaims claims, SigningKeys.SigningKey key, String kid, String algorithm) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.privateKey());
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmHeaderValue(algorithm);
        return jws.getCompactSerialization();
    }
}
