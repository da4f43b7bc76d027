package io.weir.dataplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.dataplane.auth.Authentication.Refused;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.dataplane.auth.Authenticator.Presented;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.testing.GatewayRecords;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.gateway.CredentialKeys;
import io.weir.schema.gateway.CredentialStatus;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.subscription.SubscriptionStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private final GatewayState state = new GatewayState("production");
    private final Authenticator authenticator = new Authenticator(state, null);
    private final GatewayApi api = GatewayRecords.api("api-1", "/pets", "1", List.of());
    private final long now = System.currentTimeMillis();

    private Authentication withKey(String key) {
        return authenticator.authenticate(api, AuthScheme.API_KEY, new Presented(key, null), now);
    }

    @Test
    void anActiveKeyWithAnActiveSubscriptionIsLetThrough() {
        state.onCredential(CredentialKeys.forApiKey("k1"), GatewayRecords.credential("app-1", CredentialStatus.ACTIVE,
                GatewayRecords.subscription("api-1", SubscriptionStatus.ACTIVE)));
        assertThat(withKey("k1")).isInstanceOfSatisfying(Subscribed.class,
                s -> assertThat(s.subscription().getSubscriptionId()).isEqualTo("sub-api-1"));
    }

    @Test
    void missingUnknownRevokedAndExpiredKeysAre401() {
        GatewayCredential expired = GatewayRecords.credential("app-1", CredentialStatus.ACTIVE,
                GatewayRecords.subscription("api-1", SubscriptionStatus.ACTIVE));
        expired.setExpiresAt(Instant.ofEpochMilli(now - 1));
        state.onCredential(CredentialKeys.forApiKey("expired"), expired);
        state.onCredential(CredentialKeys.forApiKey("revoked"), GatewayRecords.credential("app-1", CredentialStatus.REVOKED));

        assertThat(withKey(null)).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.code()).isEqualTo("credentials-missing"));
        assertThat(withKey("nope")).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.status()).isEqualTo(401));
        assertThat(withKey("revoked")).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.status()).isEqualTo(401));
        assertThat(withKey("expired")).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.code()).isEqualTo("credential-expired"));
        // a tombstone (key revoked and gone) is an unknown key
        state.onCredential(CredentialKeys.forApiKey("expired"), null);
        assertThat(withKey("expired")).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.code()).isEqualTo("api-key-invalid"));
    }

    @Test
    void blockedPendingOrMissingSubscriptionsAre403() {
        state.onCredential(CredentialKeys.forApiKey("blocked"), GatewayRecords.credential("app-1", CredentialStatus.ACTIVE,
                GatewayRecords.subscription("api-1", SubscriptionStatus.BLOCKED)));
        state.onCredential(CredentialKeys.forApiKey("pending"), GatewayRecords.credential("app-2", CredentialStatus.ACTIVE,
                GatewayRecords.subscription("api-1", SubscriptionStatus.PENDING)));
        state.onCredential(CredentialKeys.forApiKey("other"), GatewayRecords.credential("app-3", CredentialStatus.ACTIVE,
                GatewayRecords.subscription("api-2", SubscriptionStatus.ACTIVE)));

        assertThat(withKey("blocked")).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.code()).isEqualTo("subscription-blocked");
        });
        assertThat(withKey("pending")).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.code()).isEqualTo("subscription-pending"));
        assertThat(withKey("other")).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.code()).isEqualTo("not-subscribed"));
    }

    @Test
    void aKeyRestrictedToAnotherEnvironmentIsRefused() {
        GatewayCredential sandboxOnly = GatewayRecords.credential("app-1", CredentialStatus.ACTIVE,
                GatewayRecords.subscription("api-1", SubscriptionStatus.ACTIVE));
        sandboxOnly.setEnvironment("sandbox");
        state.onCredential(CredentialKeys.forApiKey("sb"), sandboxOnly);
        assertThat(withKey("sb")).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.code()).isEqualTo("credential-environment"));
    }

    @Test
    void aResourceWithoutAuthIsAnonymousAndOAuthOnlyIgnoresKeys() {
        assertThat(authenticator.authenticate(api, AuthScheme.NONE, new Presented(null, null), now))
                .isInstanceOf(Authentication.Anonymous.class);
        assertThat(authenticator.authenticate(api, AuthScheme.OAUTH2, new Presented("k1", null), now))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.code()).isEqualTo("credentials-missing"));
        assertThat(authenticator.authenticate(api, AuthScheme.OAUTH2, new Presented(null, "Basic abc"), now))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.code()).isEqualTo("token-invalid"));
    }
}
