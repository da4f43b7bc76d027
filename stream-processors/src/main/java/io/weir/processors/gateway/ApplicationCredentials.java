package io.weir.processors.gateway;

import io.weir.schema.gateway.CredentialKeys;
import io.weir.schema.gateway.CredentialKind;
import io.weir.schema.gateway.CredentialStatus;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewaySubscription;
import io.weir.schema.view.ApiKeyView;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.OAuthClientView;
import io.weir.schema.view.SubscriptionView;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The credentials a gateway accepts for one application: one record per live API key (keyed by the
 * lowercase hex SHA-256 the gateway computes from the presented key) and per live OAuth client
 * ({@code oauth:<clientId>}), each carrying the application and all its subscriptions. A pure
 * function of the application view and its subscriptions.
 *
 * <p>A revoked key or client is absent (its record becomes a tombstone), never a record marked
 * REVOKED: the gateway must not find it. Expiry is left to the gateway, which compares
 * {@code expiresAt} with its clock on every request: a projection that turned keys EXPIRED on a
 * timer would not rebuild from the log to the same result.
 */
final class ApplicationCredentials {

    private ApplicationCredentials() {
    }

    /** By weir.gateway.credentials key; empty for a deleted (or null) application. */
    static Map<String, GatewayCredential> of(ApplicationView application, Collection<SubscriptionView> subscriptions) {
        Map<String, GatewayCredential> credentials = new TreeMap<>();
        if (application == null || application.getDeleted()) {
            return credentials;
        }
        List<GatewaySubscription> subscribed = subscriptions.stream()
                .filter(subscription -> !subscription.getDeleted())
                .filter(subscription -> subscription.getApplicationId().equals(application.getApplicationId()))
                .sorted(Comparator.comparing(SubscriptionView::getSubscriptionId))
                .map(ApplicationCredentials::subscription)
                .toList();
        for (ApiKeyView key : application.getApiKeys()) {
            if (key.getRevokedAt() == null) {
                // lowercase, as CredentialKeys.forApiKey computes it from the key a caller presents
                credentials.put(key.getSecretHash().toLowerCase(Locale.ROOT), base(application, subscribed)
                        .setCredentialKind(CredentialKind.API_KEY)
                        .setKeyType(key.getKeyType())
                        .setEnvironment(key.getEnvironment())
                        .setExpiresAt(key.getExpiresAt())
                        .build());
            }
        }
        for (OAuthClientView client : application.getOauthClients()) {
            if (client.getRevokedAt() == null) {
                credentials.put(CredentialKeys.forOAuthClient(client.getClientId()), base(application, subscribed)
                        .setCredentialKind(CredentialKind.OAUTH_CLIENT)
                        .setKeyType(client.getKeyType())
                        .setEnvironment(null)
                        .setExpiresAt(null)
                        .build());
            }
        }
        return credentials;
    }

    private static GatewayCredential.Builder base(ApplicationView application, List<GatewaySubscription> subscribed) {
        return GatewayCredential.newBuilder()
                .setApplicationId(application.getApplicationId())
                .setApplicationName(application.getName())
                .setOrganization(application.getOrganization())
                .setApplicationTier(application.getTier())
                .setStatus(CredentialStatus.ACTIVE)
                .setSubscriptions(subscribed);
    }

    private static GatewaySubscription subscription(SubscriptionView view) {
        return GatewaySubscription.newBuilder()
                .setSubscriptionId(view.getSubscriptionId())
                .setApiId(view.getApiId())
                .setTier(view.getTier())
                .setStatus(view.getStatus())
                .build();
    }
}
