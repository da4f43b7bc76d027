package io.weir.schema.webhook;

import io.weir.schema.gateway.CredentialKeys;

/**
 * The one definition of a WebSub subscription's id: the same environment, API, topic and callback
 * always name the same subscription (WebSub: a new subscribe request for it renews it), so every hub
 * node computes the aggregate id without a lookup. {@code wh-} + the first 32 hex digits of the
 * SHA-256 of the four, separated by a character none of them may contain.
 */
public final class WebhookSubscriptionIds {

    private static final String PREFIX = "wh-";

    private WebhookSubscriptionIds() {
    }

    public static String of(String environment, String apiId, String topic, String callbackUrl) {
        String identity = environment + '\n' + apiId + '\n' + topic + '\n' + callbackUrl;
        return PREFIX + CredentialKeys.sha256Hex(identity).substring(0, 32);
    }
}
