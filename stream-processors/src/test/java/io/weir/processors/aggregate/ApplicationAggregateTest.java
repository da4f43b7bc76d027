package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.AggregateScenario.NOW;
import static io.weir.processors.aggregate.AggregateScenario.ORGANIZATION;
import static io.weir.processors.aggregate.AggregateScenario.at;
import static io.weir.processors.aggregate.AggregateScenario.scenario;
import static io.weir.processors.aggregate.Samples.APPLICATION_ID;
import static io.weir.processors.aggregate.Samples.sha256;
import static io.weir.schema.application.KeyType.PRODUCTION;
import static io.weir.schema.application.KeyType.SANDBOX;
import static io.weir.schema.command.RejectionReason.ALREADY_EXISTS;
import static io.weir.schema.command.RejectionReason.INVALID_COMMAND;
import static io.weir.schema.command.RejectionReason.KEY_REVOKED;
import static io.weir.schema.command.RejectionReason.NOT_FOUND;
import static io.weir.schema.command.RejectionReason.UNKNOWN_ENVIRONMENT;
import static io.weir.schema.command.RejectionReason.UNKNOWN_POLICY;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.application.ApiKeyIssued;
import io.weir.schema.application.ApiKeyRevoked;
import io.weir.schema.application.ApplicationCreated;
import io.weir.schema.application.ApplicationDeleted;
import io.weir.schema.application.ApplicationUpdated;
import io.weir.schema.application.CreateApplication;
import io.weir.schema.application.DeleteApplication;
import io.weir.schema.application.IssueApiKey;
import io.weir.schema.application.OAuthClientRegistered;
import io.weir.schema.application.OAuthClientRevoked;
import io.weir.schema.application.OAuthClientSecretRotated;
import io.weir.schema.application.OAuthGrantType;
import io.weir.schema.application.RegisterOAuthClient;
import io.weir.schema.application.RevokeApiKey;
import io.weir.schema.application.RevokeOAuthClient;
import io.weir.schema.application.RotateOAuthClientSecret;
import io.weir.schema.application.UpdateApplication;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.view.ApiKeyView;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.OAuthClientView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApplicationAggregateTest {

    private static final ApplicationCreated CREATED =
            new ApplicationCreated("Mobile", "bob", "Unlimited", "the mobile app", Map.of("team", "ios"));
    private static final ApiKeyIssued KEY_ISSUED =
            new ApiKeyIssued("key-1", sha256('a'), "wk_abcd", PRODUCTION, null, null);
    private static final OAuthClientRegistered CLIENT_REGISTERED = new OAuthClientRegistered(
            "client-1", sha256('c'), "cs_abcd", List.of(OAuthGrantType.CLIENT_CREDENTIALS), List.of(), PRODUCTION);

    private AggregateScenario<ApplicationView> application;

    @BeforeEach
    void organizationWithApplicationTiers() {
        application = scenario(new ApplicationAggregate(), APPLICATION_ID);
        application.context()
                .withPolicy(Samples.policy(PolicyLevel.APPLICATION, "Unlimited"))
                .withPolicy(Samples.policy(PolicyLevel.APPLICATION, "TenPerMin"))
                .withPolicy(Samples.policy(PolicyLevel.SUBSCRIPTION, "Gold"))
                .withEnvironment(Samples.environment("eu"));
    }

    @Test
    void createsAnApplication() {
        application.when(new CreateApplication("Mobile", "bob", "Unlimited", "the mobile app", Map.of("team", "ios")))
                .thenEvents(CREATED);
        application.when(new CreateApplication("Mobile", "bob", "Unlimited", null, Map.of())).thenRejected(ALREADY_EXISTS);
    }

    @Test
    void theTierIsAnApplicationPolicy() {
        application.when(new CreateApplication("Mobile", "bob", "Gold", null, Map.of()))
                .thenRejected(UNKNOWN_POLICY, "/payload/tier");
        application.when(new CreateApplication(" ", "bob", "Unlimited", null, Map.of()))
                .thenRejected(INVALID_COMMAND, "/payload/name");
    }

    @Test
    void updatesAndDeletes() {
        application.given(CREATED)
                .when(new UpdateApplication("Mobile", "TenPerMin", null, Map.of()))
                .thenEvents(new ApplicationUpdated("Mobile", "TenPerMin", null, Map.of()));
        application.when(new UpdateApplication("Mobile", "Platinum", null, Map.of()))
                .thenRejected(UNKNOWN_POLICY, "/payload/tier");
        application.when(new UpdateApplication("Mobile 2", "TenPerMin", null, Map.of()))
                .thenRejected(INVALID_COMMAND, "/payload/name");
        application.when(new DeleteApplication()).thenEvents(new ApplicationDeleted("Mobile", "bob"));

        assertThat(application.deleted()).isTrue();
        application.when(new IssueApiKey("key-1", sha256('a'), "wk_abcd", PRODUCTION, null, null)).thenRejected(NOT_FOUND);
    }

    @Test
    void issuesAnApiKey() {
        application.given(CREATED)
                .when(new IssueApiKey("key-1", sha256('a'), "wk_abcd", SANDBOX, "eu", NOW.plus(Duration.ofDays(30))))
                .thenEvents(new ApiKeyIssued("key-1", sha256('a'), "wk_abcd", SANDBOX, "eu", NOW.plus(Duration.ofDays(30))));
    }

    @Test
    void keyIdsAreUniqueWithinTheApplication() {
        application.given(CREATED, KEY_ISSUED)
                .when(new IssueApiKey("key-1", sha256('b'), "wk_bcde", PRODUCTION, null, null))
                .thenRejected(ALREADY_EXISTS, "/payload/keyId");
    }

    @Test
    void aKeyExpiresInTheFuture() {
        application.given(CREATED)
                .when(new IssueApiKey("key-1", sha256('a'), "wk_abcd", PRODUCTION, null, NOW.minusSeconds(1)))
                .thenRejected(INVALID_COMMAND, "/payload/expiresAt");
    }

    @Test
    void aKeyIsAHexSha256WithAShortPrefixAndNeitherIsEchoed() {
        String notAHash = "secret-key-in-clear";

        Decision.Rejected rejected = application.given(CREATED)
                .when(new IssueApiKey("key-1", notAHash, "wk_abcd", PRODUCTION, null, null))
                .thenRejected(INVALID_COMMAND, "/payload/secretHash");
        assertThat(rejected.message()).doesNotContain(notAHash);

        application.when(new IssueApiKey("key-1", sha256('a'), "wk", PRODUCTION, null, null))
                .thenRejected(INVALID_COMMAND, "/payload/prefix");
        application.when(new IssueApiKey("key-1", sha256('a'), "wk_abcdefghijk", PRODUCTION, null, null))
                .thenRejected(INVALID_COMMAND, "/payload/prefix");
    }

    @Test
    void aKeyIsRestrictedToAKnownEnvironment() {
        application.given(CREATED)
                .when(new IssueApiKey("key-1", sha256('a'), "wk_abcd", PRODUCTION, "mars", null))
                .thenRejected(UNKNOWN_ENVIRONMENT, "/payload/environment");
    }

    @Test
    void revokesAKeyOnce() {
        application.given(CREATED, KEY_ISSUED)
                .when(new RevokeApiKey("key-1"))
                .thenEvents(new ApiKeyRevoked("key-1", sha256('a')));
        application.when(new RevokeApiKey("key-1")).thenRejected(KEY_REVOKED, "/payload/keyId");
        application.when(new RevokeApiKey("key-9")).thenRejected(NOT_FOUND, "/payload/keyId");
    }

    @Test
    void registersOneOAuthClientPerKeyType() {
        application.given(CREATED)
                .when(new RegisterOAuthClient("client-1", sha256('c'), "cs_abcd", List.of(OAuthGrantType.CLIENT_CREDENTIALS),
                        List.of(), PRODUCTION))
                .thenEvents(CLIENT_REGISTERED);
        application.when(new RegisterOAuthClient("client-2", sha256('d'), "cs_bcde", List.of(), List.of(), PRODUCTION))
                .thenRejected(ALREADY_EXISTS, "/payload/keyType");
        application.when(new RegisterOAuthClient("client-2", sha256('d'), "cs_bcde", List.of(), List.of(), SANDBOX))
                .thenEvents(new OAuthClientRegistered("client-2", sha256('d'), "cs_bcde", List.of(), List.of(), SANDBOX));
    }

    @Test
    void aRevokedClientFreesItsKeyType() {
        application.given(CREATED, CLIENT_REGISTERED, new OAuthClientRevoked("client-1"))
                .when(new RegisterOAuthClient("client-2", sha256('d'), "cs_bcde", List.of(), List.of(), PRODUCTION))
                .thenEvents(new OAuthClientRegistered("client-2", sha256('d'), "cs_bcde", List.of(), List.of(), PRODUCTION));
    }

    @Test
    void theAuthorizationCodeGrantNeedsARedirectUri() {
        application.given(CREATED)
                .when(new RegisterOAuthClient("client-1", sha256('c'), "cs_abcd",
                        List.of(OAuthGrantType.AUTHORIZATION_CODE), List.of(), PRODUCTION))
                .thenRejected(INVALID_COMMAND, "/payload/redirectUris");
    }

    @Test
    void rotationKeepsThePreviousSecretForTheGracePeriod() {
        application.given(CREATED, CLIENT_REGISTERED)
                .when(new RotateOAuthClientSecret("client-1", sha256('e'), "cs_efgh", NOW.plus(Duration.ofHours(1))))
                .thenEvents(new OAuthClientSecretRotated("client-1", sha256('e'), "cs_efgh", sha256('c'),
                        NOW.plus(Duration.ofHours(1))));

        OAuthClientView client = application.state().getOauthClients().get(0);
        assertThat(client.getSecretHash()).isEqualTo(sha256('e'));
        assertThat(client.getPreviousSecretHash()).isEqualTo(sha256('c'));
        assertThat(client.getPreviousSecretGraceUntil()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void rotationWithoutGraceRetiresThePreviousSecretAtOnce() {
        application.given(CREATED, CLIENT_REGISTERED)
                .when(new RotateOAuthClientSecret("client-1", sha256('e'), "cs_efgh", null))
                .thenEvents(new OAuthClientSecretRotated("client-1", sha256('e'), "cs_efgh", sha256('c'), null));

        assertThat(application.state().getOauthClients().get(0).getPreviousSecretHash()).isNull();
    }

    @Test
    void rotationRules() {
        application.given(CREATED, CLIENT_REGISTERED);

        application.when(new RotateOAuthClientSecret("client-1", sha256('e'), "cs_efgh", NOW.minusSeconds(1)))
                .thenRejected(INVALID_COMMAND, "/payload/previousSecretGraceUntil");
        application.when(new RotateOAuthClientSecret("client-1", sha256('c'), "cs_abcd", null))
                .thenRejected(INVALID_COMMAND, "/payload/newSecretHash");
        application.when(new RotateOAuthClientSecret("client-1", "abc", "cs_abcd", null))
                .thenRejected(INVALID_COMMAND, "/payload/newSecretHash");
        application.when(new RotateOAuthClientSecret("client-9", sha256('e'), "cs_efgh", null))
                .thenRejected(NOT_FOUND, "/payload/clientId");
    }

    @Test
    void revokesAClientOnce() {
        application.given(CREATED, CLIENT_REGISTERED)
                .when(new RevokeOAuthClient("client-1"))
                .thenEvents(new OAuthClientRevoked("client-1"));
        application.when(new RevokeOAuthClient("client-1")).thenRejected(KEY_REVOKED, "/payload/clientId");
        application.when(new RotateOAuthClientSecret("client-1", sha256('e'), "cs_efgh", null))
                .thenRejected(KEY_REVOKED, "/payload/clientId");
        application.when(new RevokeOAuthClient("client-9")).thenRejected(NOT_FOUND, "/payload/clientId");
    }

    @Test
    void foldingTheHistoryYieldsTheView() {
        application.given(CREATED, KEY_ISSUED, CLIENT_REGISTERED, new ApiKeyRevoked("key-1", sha256('a')));

        ApplicationView view = application.state();
        assertThat(view.getApplicationId()).isEqualTo(APPLICATION_ID);
        assertThat(view.getOrganization()).isEqualTo(ORGANIZATION);
        assertThat(view.getVersion()).isEqualTo(4);
        assertThat(view.getCreatedAt()).isEqualTo(at(1));
        assertThat(view.getUpdatedAt()).isEqualTo(at(4));
        assertThat(view.getAttributes()).containsEntry("team", "ios");
        assertThat(view.getApiKeys()).containsExactly(new ApiKeyView(
                "key-1", "wk_abcd", sha256('a'), PRODUCTION, null, null, at(2), at(4)));
        assertThat(view.getOauthClients()).extracting(OAuthClientView::getClientId, OAuthClientView::getRegisteredAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("client-1", at(3)));
    }
}
