package io.weir.processors.aggregate;

import io.weir.schema.application.ApiKeyIssued;
import io.weir.schema.application.ApiKeyRevoked;
import io.weir.schema.application.ApplicationCreated;
import io.weir.schema.application.ApplicationDeleted;
import io.weir.schema.application.ApplicationUpdated;
import io.weir.schema.application.OAuthClientRegistered;
import io.weir.schema.application.OAuthClientRevoked;
import io.weir.schema.application.OAuthClientSecretRotated;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.view.ApiKeyView;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.OAuthClientView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** How each application event changes an {@link ApplicationView}. */
final class ApplicationEvolution {

    private ApplicationEvolution() {
    }

    static ApplicationView evolve(ApplicationView state, EventEnvelope event) {
        Object payload = event.getPayload();
        if (payload instanceof ApplicationCreated created) {
            return ApplicationView.newBuilder()
                    .setApplicationId(event.getAggregateId())
                    .setOrganization(event.getOrganization())
                    .setVersion(event.getAggregateVersion())
                    .setName(created.getName())
                    .setOwner(created.getOwner())
                    .setTier(created.getTier())
                    .setDescription(created.getDescription())
                    .setAttributes(created.getAttributes())
                    .setApiKeys(new ArrayList<>())
                    .setOauthClients(new ArrayList<>())
                    .setCreatedAt(event.getOccurredAt())
                    .setUpdatedAt(event.getOccurredAt())
                    .setDeleted(false)
                    .build();
        }
        if (state == null) {
            throw new IllegalStateException(payload.getClass().getSimpleName()
                    + " before ApplicationCreated for application " + event.getAggregateId());
        }
        ApplicationView.Builder next = ApplicationView.newBuilder(state)
                .setVersion(event.getAggregateVersion())
                .setUpdatedAt(event.getOccurredAt())
                .setOrganization(event.getOrganization());
        if (payload instanceof ApplicationUpdated updated) {
            next.setName(updated.getName())
                    .setTier(updated.getTier())
                    .setDescription(updated.getDescription())
                    .setAttributes(updated.getAttributes());
        } else if (payload instanceof ApplicationDeleted) {
            next.setDeleted(true);
        } else if (payload instanceof ApiKeyIssued issued) {
            List<ApiKeyView> keys = new ArrayList<>(state.getApiKeys());
            keys.add(ApiKeyView.newBuilder()
                    .setKeyId(issued.getKeyId())
                    .setPrefix(issued.getPrefix())
                    .setSecretHash(issued.getSecretHash())
                    .setKeyType(issued.getKeyType())
                    .setEnvironment(issued.getEnvironment())
                    .setExpiresAt(issued.getExpiresAt())
                    .setIssuedAt(event.getOccurredAt())
                    .build());
            next.setApiKeys(keys);
        } else if (payload instanceof ApiKeyRevoked revoked) {
            next.setApiKeys(state.getApiKeys().stream()
                    .map(key -> key.getKeyId().equals(revoked.getKeyId())
                            ? ApiKeyView.newBuilder(key).setRevokedAt(event.getOccurredAt()).build()
                            : key)
                    .toList());
        } else if (payload instanceof OAuthClientRegistered registered) {
            List<OAuthClientView> clients = new ArrayList<>(state.getOauthClients());
            clients.add(OAuthClientView.newBuilder()
                    .setClientId(registered.getClientId())
                    .setSecretPrefix(registered.getSecretPrefix())
                    .setSecretHash(registered.getSecretHash())
                    .setGrantTypes(registered.getGrantTypes())
                    .setRedirectUris(registered.getRedirectUris())
                    .setKeyType(registered.getKeyType())
                    .setRegisteredAt(event.getOccurredAt())
                    .build());
            next.setOauthClients(clients);
        } else if (payload instanceof OAuthClientSecretRotated rotated) {
            // the view keeps the previous hash only while a grace period runs
            boolean grace = rotated.getPreviousSecretGraceUntil() != null;
            next.setOauthClients(withClient(state, rotated.getClientId(), client -> OAuthClientView.newBuilder(client)
                    .setSecretHash(rotated.getNewSecretHash())
                    .setSecretPrefix(rotated.getNewSecretPrefix())
                    .setPreviousSecretHash(grace ? rotated.getPreviousSecretHash() : null)
                    .setPreviousSecretGraceUntil(rotated.getPreviousSecretGraceUntil())
                    .build()));
        } else if (payload instanceof OAuthClientRevoked revoked) {
            next.setOauthClients(withClient(state, revoked.getClientId(), client -> OAuthClientView.newBuilder(client)
                    .setRevokedAt(event.getOccurredAt())
                    .setPreviousSecretHash(null)
                    .setPreviousSecretGraceUntil(null)
                    .build()));
        } else {
            throw new IllegalArgumentException("not an application event: " + payload.getClass().getName());
        }
        return next.build();
    }

    private static List<OAuthClientView> withClient(
            ApplicationView state, String clientId, UnaryOperator<OAuthClientView> change) {
        return state.getOauthClients().stream()
                .map(client -> client.getClientId().equals(clientId) ? change.apply(client) : client)
                .toList();
    }
}
