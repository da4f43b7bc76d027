package io.weir.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weir.schema.application.OAuthGrantType;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.UserView;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenGrantsTest {

    private static final PasswordHasher HASHER = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);
    private static final String PAT_HASH = HASHER.hash("pat-password");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Fixtures.T0);
    private final Map<String, UserView> users = new HashMap<>();
    private final Map<String, ApplicationView> applications = new LinkedHashMap<>();
    private boolean ready = true;
    private TokenGrants grants;

    @BeforeEach
    void setUp() {
        SigningKeys keys = new SigningKeys(dir, Duration.ofDays(30), Duration.ofHours(2), clock);
        TokenIssuer issuer = new TokenIssuer(keys, "weir-control-plane", Duration.ofHours(1), clock);
        UserDirectory userDirectory = new UserDirectory() {
            @Override
            public boolean ready() {
                return ready;
            }

            @Override
            public Optional<UserView> user(String username) {
                return Optional.ofNullable(users.get(username));
            }
        };
        ClientDirectory clientDirectory = new ClientDirectory() {
            @Override
            public boolean ready() {
                return ready;
            }

            @Override
            public Optional<RegisteredClient> client(String clientId) {
                return applications.values().stream().flatMap(app -> app.getOauthClients().stream()
                        .filter(c -> c.getClientId().equals(clientId)).map(c -> new RegisteredClient(app, c))).findFirst();
            }
        };
        grants = new TokenGrants(userDirectory, clientDirectory, HASHER, issuer, clock);
        users.put("pat", Fixtures.user("pat", PAT_HASH, Role.PUBLISHER));
        users.put("sso-user", Fixtures.user("sso-user", null, Role.SUBSCRIBER));
        applications.put("app-1", Fixtures.application("app-1", Fixtures.client("client-1", "secret-one").build()));
    }

    @Test
    void passwordGrantIssuesAManagementToken() throws Exception {
        TokenIssuer.IssuedToken token = grants.grant(form("grant_type", "password", "username", "pat", "password", "pat-password"), null);

        JwtClaims claims = claimsOf(token);
        assertThat(claims.getSubject()).isEqualTo("pat");
        assertThat(claims.getAudience()).containsExactly("weir-management");
        assertThat(claims.getStringListClaimValue("roles")).containsExactly("PUBLISHER");
        assertThat(token.expiresIn()).isEqualTo(3600);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserLookTheSame() {
        OAuthError wrong = refused(form("grant_type", "password", "username", "pat", "password", "nope"), null);
        OAuthError unknown = refused(form("grant_type", "password", "username", "nobody", "password", "nope"), null);
        OAuthError noPassword = refused(form("grant_type", "password", "username", "sso-user", "password", "x"), null);

        for (OAuthError e : List.of(wrong, unknown, noPassword)) {
            assertThat(e.error()).isEqualTo("invalid_grant");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("invalid username or password");
        }
    }

    @Test
    void clientCredentialsFromTheFormOrHttpBasic() throws Exception {
        JwtClaims fromForm = claimsOf(grants.grant(
                form("grant_type", "client_credentials", "client_id", "client-1", "client_secret", "secret-one"), null));
        JwtClaims fromBasic = claimsOf(grants.grant(form("grant_type", "client_credentials"), basic("client-1", "secret-one")));

        for (JwtClaims claims : List.of(fromForm, fromBasic)) {
            assertThat(claims.getSubject()).isEqualTo("client-1");
            assertThat(claims.getAudience()).containsExactly("weir-gateway");
            assertThat(claims.getStringClaimValue("application")).isEqualTo("app-1");
            assertThat(claims.getStringClaimValue("key_type")).isEqualTo("PRODUCTION");
        }
    }

    @Test
    void aWrongSecretOrUnknownClientIsInvalidClient() {
        OAuthError wrongSecret = refused(form("grant_type", "client_credentials"), basic("client-1", "secret-two"));
        OAuthError unknown = refused(form("grant_type", "client_credentials", "client_id", "who", "client_secret", "x"), null);
        OAuthError none = refused(form("grant_type", "client_credentials"), null);

        for (OAuthError e : List.of(wrongSecret, unknown, none)) {
            assertThat(e.error()).isEqualTo("invalid_client");
            assertThat(e.status()).isEqualTo(401);
        }
    }

    @Test
    void thePreviousSecretWorksOnlyDuringItsGracePeriod() {
        applications.put("app-1", Fixtures.application("app-1", Fixtures.client("client-1", "secret-new")
                .setPreviousSecretHash(SecretHashes.sha256Hex("secret-old"))
                .setPreviousSecretGraceUntil(Fixtures.T0.plus(Duration.ofHours(1)))
                .build()));

        assertThat(grants.grant(form("grant_type", "client_credentials"), basic("client-1", "secret-old"))).isNotNull();
        assertThat(grants.grant(form("grant_type", "client_credentials"), basic("client-1", "secret-new"))).isNotNull();

        clock.advance(Duration.ofHours(1));
        assertThat(refused(form("grant_type", "client_credentials"), basic("client-1", "secret-old")).error())
                .isEqualTo("invalid_client");
        assertThat(grants.grant(form("grant_type", "client_credentials"), basic("client-1", "secret-new"))).isNotNull();
    }

    @Test
    void aRevokedClientIsRefused() {
        applications.put("app-1", Fixtures.application("app-1",
                Fixtures.client("client-1", "secret-one").setRevokedAt(Fixtures.T0).build()));

        OAuthError e = refused(form("grant_type", "client_credentials"), basic("client-1", "secret-one"));

        assertThat(e.error()).isEqualTo("invalid_client");
        assertThat(e.getMessage()).contains("revoked");
    }

    @Test
    void aClientWithoutTheClientCredentialsGrantIsUnauthorized() {
        applications.put("app-1", Fixtures.application("app-1", Fixtures.client("client-1", "secret-one")
                .setGrantTypes(List.of(OAuthGrantType.AUTHORIZATION_CODE)).build()));

        assertThat(refused(form("grant_type", "client_credentials"), basic("client-1", "secret-one")).error())
                .isEqualTo("unauthorized_client");
    }

    @Test
    void malformedRequests() {
        assertThat(refused(form(), null).error()).isEqualTo("invalid_request");
        assertThat(refused(form("grant_type", "authorization_code"), null).error()).isEqualTo("unsupported_grant_type");
        assertThat(refused(form("grant_type", "password", "username", "pat"), null).error()).isEqualTo("invalid_request");
        assertThat(refused(Map.of("grant_type", List.of("password", "password")), null).error()).isEqualTo("invalid_request");
        assertThat(refused(form("grant_type", "client_credentials", "client_id", "client-1", "client_secret", "secret-one"),
                basic("client-1", "secret-one")).error()).isEqualTo("invalid_request");
        assertThat(refused(form("grant_type", "client_credentials"), "Basic %%%").error()).isEqualTo("invalid_client");
    }

    @Test
    void notReadyYetIsTemporarilyUnavailable() {
        ready = false;

        OAuthError e = refused(form("grant_type", "password", "username", "pat", "password", "pat-password"), null);

        assertThat(e.status()).isEqualTo(503);
        assertThat(e.error()).isEqualTo("temporarily_unavailable");
    }

    @Test
    void errorsLeaveAsRfc6749Json() {
        Response response = refused(form("grant_type", "client_credentials"), basic("client-1", "bad")).toResponse();

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getMediaType().toString()).isEqualTo("application/json");
        assertThat(response.getHeaderString("WWW-Authenticate")).isEqualTo("Basic realm=\"weir\"");
        assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getEntity()).isEqualTo(new OAuthError.Body("invalid_client", "invalid client credentials"));
    }

    private OAuthError refused(Map<String, List<String>> form, String authorization) {
        return (OAuthError) catchThrowable(() -> grants.grant(form, authorization));
    }

    private static Map<String, List<String>> form(String... pairs) {
        Map<String, List<String>> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], List.of(pairs[i + 1]));
        }
        return form;
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private JwtClaims claimsOf(TokenIssuer.IssuedToken token) throws Exception {
        return new JwtConsumerBuilder().setSkipSignatureVerification().setSkipDefaultAudienceValidation()
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .build().processToClaims(token.accessToken());
    }
}
