package io.weir.controlplane.security;

import io.weir.schema.application.KeyType;
import io.weir.schema.application.OAuthGrantType;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.OAuthClientView;
import io.weir.schema.view.UserView;
import java.time.Instant;
import java.util.List;

/** View records as the management projections would write them. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private Fixtures() {
    }

    static UserView user(String username, String passwordHash, Role... roles) {
        return UserView.newBuilder()
                .setUsername(username)
                .setOrganization("acme")
                .setVersion(1)
                .setDisplayName(username)
                .setPasswordHash(passwordHash)
                .setRoles(List.of(roles))
                .setUpdatedAt(T0)
                .build();
    }

    static OAuthClientView.Builder client(String clientId, String secret) {
        return OAuthClientView.newBuilder()
                .setClientId(clientId)
                .setSecretPrefix(secret.substring(0, 4))
                .setSecretHash(SecretHashes.sha256Hex(secret))
                .setGrantTypes(List.of(OAuthGrantType.CLIENT_CREDENTIALS))
                .setKeyType(KeyType.PRODUCTION)
                .setRegisteredAt(T0);
    }

    static ApplicationView application(String applicationId, OAuthClientView... clients) {
        return ApplicationView.newBuilder()
                .setApplicationId(applicationId)
                .setOrganization("acme")
                .setVersion(3)
                .setName("Weather app")
                .setOwner("sam")
                .setTier("10PerMin")
                .setOauthClients(List.of(clients))
                .setCreatedAt(T0)
                .setUpdatedAt(T0)
                .build();
    }
}
