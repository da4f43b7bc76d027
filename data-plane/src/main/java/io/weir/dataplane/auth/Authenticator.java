package io.weir.dataplane.auth;

import io.weir.dataplane.auth.AccessTokens.Refusal;
import io.weir.dataplane.auth.AccessTokens.TokenCheck;
import io.weir.dataplane.auth.AccessTokens.VerifiedToken;
import io.weir.dataplane.auth.Authentication.Anonymous;
import io.weir.dataplane.auth.Authentication.Refused;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.dataplane.state.GatewayState;
import io.weir.schema.api.AuthConfig;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.application.KeyType;
import io.weir.schema.gateway.CredentialKeys;
import io.weir.schema.gateway.CredentialStatus;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewaySubscription;
import io.weir.schema.invocation.InvocationCredentialKind;
import jakarta.inject.Singleton;

/**
 * Establishes who calls an API resource: an API key (header or, if the API allows it, a query
 * parameter) looked up by its SHA-256 in weir.gateway.credentials, or an OAuth2 access token
 * validated locally and mapped to its client's credential; then the subscription check. Pure
 * lookups in memory: it never blocks.
 */
@Singleton
public class Authenticator {

    private static final String BEARER = "bearer ";
    private final GatewayState state;
    private final AccessTokens tokens;
    private final PresentedKeyHashes keyHashes = new PresentedKeyHashes();

    public Authenticator(GatewayState state, AccessTokens tokens) {
        this.state = state;
        this.tokens = tokens;
    }

    /** What the request presented, read by the protocol handler from headers and query. */
    public record Presented(String apiKey, String authorization) {
    }

    public Authentication authenticate(GatewayApi api, AuthScheme scheme, Presented presented, long nowMillis) {
        if (scheme == AuthScheme.NONE) {
            return new Anonymous();
        }
        boolean keyAllowed = scheme == AuthScheme.API_KEY || scheme == AuthScheme.API_KEY_OR_OAUTH2;
        boolean tokenAllowed = scheme == AuthScheme.OAUTH2 || scheme == AuthScheme.API_KEY_OR_OAUTH2;
        if (keyAllowed && presented.apiKey() != null) {
            return byApiKey(api, presented.apiKey(), nowMillis);
        }
        if (tokenAllowed && presented.authorization() != null) {
            return byToken(api, presented.authorization(), nowMillis);
        }
        return Refused.unauthenticated("credentials-missing", missing(api.getAuth(), keyAllowed, tokenAllowed),
                InvocationCredentialKind.NONE);
    }

    private Authentication byApiKey(GatewayApi api, String apiKey, long nowMillis) {
        GatewayCredential credential = state.credential(keyHashes.of(apiKey)).orElse(null);
        if (credential == null) {
            return Refused.unauthenticated("api-key-invalid", "The API key is not valid (unknown or revoked).",
                    InvocationCredentialKind.API_KEY);
        }
        return usable(api, credential, InvocationCredentialKind.API_KEY, nowMillis);
    }

    private Authentication byToken(GatewayApi api, String authorization, long nowMillis) {
        if (authorization.length() <= BEARER.length() || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Refused.unauthenticated("token-invalid", "The Authorization header must be 'Bearer <access token>'.",
                    InvocationCredentialKind.OAUTH2_TOKEN);
        }
        TokenCheck check = tokens.verify(authorization.substring(BEARER.length()).trim(), api.getAuth().getOauthAudiences(), nowMillis);
        if (check instanceof Refusal refusal) {
            return Refused.unauthenticated(refusal.code(), refusal.detail(), InvocationCredentialKind.OAUTH2_TOKEN);
        }
        VerifiedToken token = (VerifiedToken) check;
        GatewayCredential credential = state.credential(CredentialKeys.forOAuthClient(token.clientId())).orElse(null);
        if (credential == null) {
            return Refused.unauthenticated("token-client-unknown",
                    "The token's OAuth client is not registered (or was revoked).", InvocationCredentialKind.OAUTH2_TOKEN);
        }
        return usable(api, credential, InvocationCredentialKind.OAUTH2_TOKEN, nowMillis);
    }

    private Authentication usable(GatewayApi api, GatewayCredential credential, InvocationCredentialKind kind, long nowMillis) {
        if (credential.getStatus() != CredentialStatus.ACTIVE) {
            return Refused.unauthenticated("credential-" + credential.getStatus().name().toLowerCase(),
                    "The credential is " + credential.getStatus().name().toLowerCase() + ".", kind);
        }
        if (credential.getExpiresAt() != null && credential.getExpiresAt().toEpochMilli() <= nowMillis) {
            return Refused.unauthenticated("credential-expired", "The credential has expired.", kind);
        }
        if (credential.getEnvironment() != null && !credential.getEnvironment().equals(state.environment())) {
            return Refused.unauthenticated("credential-environment",
                    "The credential is restricted to the " + credential.getEnvironment() + " environment.", kind);
        }
        if (!credential.getOrganization().equals(api.getOrganization())) {
            return Refused.forbidden("not-subscribed", "The application is not subscribed to this API.", kind, credential);
        }
        GatewaySubscription subscription = subscriptionTo(credential, api.getApiId());
        if (subscription == null) {
            return Refused.forbidden("not-subscribed", "The application is not subscribed to this API.", kind, credential);
        }
        return switch (subscription.getStatus()) {
            case ACTIVE -> new Subscribed(kind, credential, subscription);
            case PRODUCTION_BLOCKED -> credential.getKeyType() == KeyType.SANDBOX
                    ? new Subscribed(kind, credential, subscription)
                    : Refused.forbidden("subscription-blocked", "The subscription is blocked for production use.", kind, credential);
            case PENDING -> Refused.forbidden("subscription-pending", "The subscription is waiting for approval.", kind, credential);
            default -> Refused.forbidden("subscription-blocked", "The subscription is blocked.", kind, credential);
        };
    }

    private static GatewaySubscription subscriptionTo(GatewayCredential credential, String apiId) {
        for (GatewaySubscription subscription : credential.getSubscriptions()) {
            if (subscription.getApiId().equals(apiId)) {
                return subscription;
            }
        }
        return null;
    }

    private static String missing(AuthConfig auth, boolean keyAllowed, boolean tokenAllowed) {
        StringBuilder how = new StringBuilder("This resource needs ");
        if (keyAllowed) {
            how.append("an API key in the '").append(auth.getApiKeyHeader()).append("' header");
            if (auth.getApiKeyQueryParam() != null) {
                how.append(" or the '").append(auth.getApiKeyQueryParam()).append("' query parameter");
            }
        }
        if (keyAllowed && tokenAllowed) {
            how.append(", or ");
        }
        if (tokenAllowed) {
            how.append("an OAuth2 access token ('Authorization: Bearer <token>')");
        }
        return how.append('.').toString();
    }
}
