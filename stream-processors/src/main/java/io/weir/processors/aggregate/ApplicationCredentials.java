package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.Rejections.firstOf;
import static io.weir.processors.aggregate.Rejections.invalidIf;
import static io.weir.processors.aggregate.Rejections.isBlank;
import static io.weir.schema.command.RejectionReason.ALREADY_EXISTS;
import static io.weir.schema.command.RejectionReason.KEY_REVOKED;
import static io.weir.schema.command.RejectionReason.UNKNOWN_ENVIRONMENT;

import io.weir.schema.application.ApiKeyIssued;
import io.weir.schema.application.ApiKeyRevoked;
import io.weir.schema.application.IssueApiKey;
import io.weir.schema.application.KeyType;
import io.weir.schema.application.OAuthClientRegistered;
import io.weir.schema.application.OAuthClientRevoked;
import io.weir.schema.application.OAuthClientSecretRotated;
import io.weir.schema.application.OAuthGrantType;
import io.weir.schema.application.RegisterOAuthClient;
import io.weir.schema.application.RevokeApiKey;
import io.weir.schema.application.RevokeOAuthClient;
import io.weir.schema.application.RotateOAuthClientSecret;
import io.weir.schema.view.ApiKeyView;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.OAuthClientView;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API keys and OAuth clients of an application. Only hashes and short prefixes ever reach the log,
 * and no message repeats a hash. Like WSO2, an application has at most one live OAuth client per
 * key type (PRODUCTION, SANDBOX); a rotated secret may stay valid for a grace period.
 */
final class ApplicationCredentials {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern PREFIX = Pattern.compile("\\S{4,12}");

    private ApplicationCredentials() {
    }

    static Decision issueKey(ApplicationView state, IssueApiKey issue, DecisionContext context) {
        return firstOf(
                () -> invalidIf(isBlank(issue.getKeyId()), "/payload/keyId", "keyId must not be blank"),
                () -> key(state, issue.getKeyId()).map(existing -> Decision.reject(ALREADY_EXISTS,
                        "the application already has a key " + issue.getKeyId(), "/payload/keyId")),
                () -> secret(issue.getSecretHash(), "/payload/secretHash", issue.getPrefix(), "/payload/prefix"),
                () -> invalidIf(state.getApiKeys().stream().anyMatch(key -> key.getSecretHash().equalsIgnoreCase(issue.getSecretHash())),
                        "/payload/secretHash", "the key hash is already in use"),
                () -> keyType(issue.getKeyType()),
                () -> issue.getEnvironment() == null || References.environment(context, issue.getEnvironment()).isPresent()
                        ? Optional.empty()
                        : Optional.of(Decision.reject(UNKNOWN_ENVIRONMENT,
                                "environment '" + issue.getEnvironment() + "' does not exist", "/payload/environment")),
                () -> notInThePast(issue.getExpiresAt(), context, "/payload/expiresAt"))
                .orElseGet(() -> Decision.accept(ApiKeyIssued.newBuilder()
                        .setKeyId(issue.getKeyId())
                        .setSecretHash(issue.getSecretHash())
                        .setPrefix(issue.getPrefix())
                        .setKeyType(issue.getKeyType())
                        .setEnvironment(issue.getEnvironment())
                        .setExpiresAt(issue.getExpiresAt())
                        .build()));
    }

    static Decision revokeKey(ApplicationView state, RevokeApiKey revoke) {
        Optional<ApiKeyView> key = key(state, revoke.getKeyId());
        if (key.isEmpty()) {
            return Rejections.notFound("the application has no key " + revoke.getKeyId(), "/payload/keyId");
        }
        if (key.get().getRevokedAt() != null) {
            return Decision.reject(KEY_REVOKED, "key " + revoke.getKeyId() + " is already revoked", "/payload/keyId");
        }
        return Decision.accept(ApiKeyRevoked.newBuilder()
                .setKeyId(revoke.getKeyId())
                .setSecretHash(key.get().getSecretHash())
                .build());
    }

    static Decision registerClient(ApplicationView state, RegisterOAuthClient register) {
        return firstOf(
                () -> invalidIf(isBlank(register.getClientId()), "/payload/clientId", "clientId must not be blank"),
                () -> client(state, register.getClientId()).map(existing -> Decision.reject(ALREADY_EXISTS,
                        "the application already has OAuth client " + register.getClientId(), "/payload/clientId")),
                () -> keyType(register.getKeyType()),
                () -> state.getOauthClients().stream()
                        .filter(client -> client.getRevokedAt() == null && client.getKeyType() == register.getKeyType())
                        .findFirst()
                        .map(live -> Decision.reject(ALREADY_EXISTS, "the application already has a "
                                + register.getKeyType() + " OAuth client (" + live.getClientId() + "); revoke it first",
                                "/payload/keyType")),
                () -> secret(register.getSecretHash(), "/payload/secretHash",
                        register.getSecretPrefix(), "/payload/secretPrefix"),
                () -> invalidIf(register.getGrantTypes().contains(OAuthGrantType.UNSPECIFIED),
                        "/payload/grantTypes", "grantTypes must be known grant types"),
                () -> invalidIf(register.getGrantTypes().contains(OAuthGrantType.AUTHORIZATION_CODE)
                                && register.getRedirectUris().isEmpty(),
                        "/payload/redirectUris", "the authorization code grant needs a redirect URI"))
                .orElseGet(() -> Decision.accept(OAuthClientRegistered.newBuilder()
                        .setClientId(register.getClientId())
                        .setSecretHash(register.getSecretHash())
                        .setSecretPrefix(register.getSecretPrefix())
                        .setGrantTypes(register.getGrantTypes())
                        .setRedirectUris(register.getRedirectUris())
                        .setKeyType(register.getKeyType())
                        .build()));
    }

    /** The replaced hash always travels in the event, so projections can retire it once its grace ends. */
    static Decision rotateSecret(ApplicationView state, RotateOAuthClientSecret rotate, DecisionContext context) {
        Optional<Decision> notLive = liveClient(state, rotate.getClientId());
        if (notLive.isPresent()) {
            return notLive.get();
        }
        String currentHash = client(state, rotate.getClientId()).orElseThrow().getSecretHash();
        return firstOf(
                () -> secret(rotate.getNewSecretHash(), "/payload/newSecretHash",
                        rotate.getNewSecretPrefix(), "/payload/newSecretPrefix"),
                () -> invalidIf(currentHash.equalsIgnoreCase(rotate.getNewSecretHash()),
                        "/payload/newSecretHash", "the new secret must differ from the current one"),
                () -> notInThePast(rotate.getPreviousSecretGraceUntil(), context, "/payload/previousSecretGraceUntil"))
                .orElseGet(() -> Decision.accept(OAuthClientSecretRotated.newBuilder()
                        .setClientId(rotate.getClientId())
                        .setNewSecretHash(rotate.getNewSecretHash())
                        .setNewSecretPrefix(rotate.getNewSecretPrefix())
                        .setPreviousSecretHash(currentHash)
                        .setPreviousSecretGraceUntil(rotate.getPreviousSecretGraceUntil())
                        .build()));
    }

    static Decision revokeClient(ApplicationView state, RevokeOAuthClient revoke) {
        return liveClient(state, revoke.getClientId())
                .orElseGet(() -> Decision.accept(OAuthClientRevoked.newBuilder().setClientId(revoke.getClientId()).build()));
    }

    /** Empty when the client exists and is not revoked, else the rejection. */
    private static Optional<Decision> liveClient(ApplicationView state, String clientId) {
        Optional<OAuthClientView> client = client(state, clientId);
        if (client.isEmpty()) {
            return Optional.of(Rejections.notFound("the application has no OAuth client " + clientId, "/payload/clientId"));
        }
        return client.get().getRevokedAt() == null ? Optional.empty()
                : Optional.of(Decision.reject(KEY_REVOKED, "OAuth client " + clientId + " is revoked", "/payload/clientId"));
    }

    private static Optional<Decision> secret(String hash, String hashField, String prefix, String prefixField) {
        return firstOf(
                () -> invalidIf(hash == null || !SHA256_HEX.matcher(hash).matches(), hashField,
                        "the hash must be a hex SHA-256 (64 hex characters)"),
                () -> invalidIf(prefix == null || !PREFIX.matcher(prefix).matches(), prefixField,
                        "the prefix must be 4 to 12 characters without spaces"));
    }

    private static Optional<Decision> keyType(KeyType keyType) {
        return invalidIf(keyType != KeyType.PRODUCTION && keyType != KeyType.SANDBOX,
                "/payload/keyType", "keyType must be PRODUCTION or SANDBOX");
    }

    private static Optional<Decision> notInThePast(Instant instant, DecisionContext context, String field) {
        return invalidIf(instant != null && !instant.isAfter(context.now()), field, "must be in the future");
    }

    private static Optional<ApiKeyView> key(ApplicationView state, String keyId) {
        return state.getApiKeys().stream().filter(key -> key.getKeyId().equals(keyId)).findFirst();
    }

    private static Optional<OAuthClientView> client(ApplicationView state, String clientId) {
        return state.getOauthClients().stream().filter(client -> client.getClientId().equals(clientId)).findFirst();
    }
}
