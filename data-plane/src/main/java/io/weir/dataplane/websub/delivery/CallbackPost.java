package io.weir.dataplane.websub.delivery;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.weir.dataplane.routing.RoutedApi;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.websub.secret.SecretCipher;
import io.weir.dataplane.websub.secret.Signature;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.webhook.DeliveryOutcome;
import io.weir.schema.webhook.WebhookDispatch;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One delivery attempt: POST the content to the callback with its Content-Type, the signature
 * ({@code X-Hub-Signature-256}, when the subscriber gave a secret), the delivery id
 * ({@code X-Weir-Delivery-Id}, the same on every retry and redelivery, for the subscriber's dedupe)
 * and the WebSub {@code Link} header (rel=hub, rel=self). Any 2xx is delivered; no redirects.
 * One per event loop of the delivery: its signers (a MAC keyed once per subscription version, from
 * the secret decrypted once) are used on that loop only.
 */
final class CallbackPost {

    static final String DELIVERY_ID = "X-Weir-Delivery-Id";

    /** What one attempt gave: its outcome (DELIVERED, FAILED or TIMED_OUT), the status if any, the error if any. */
    record Attempt(DeliveryOutcome outcome, Integer status, String error) {
    }

    private final HttpClient client;
    private final long timeoutMillis;
    private final SecretCipher cipher;
    private final GatewayState state;
    private final String publicUrl;
    /** Signers by subscription id, with the subscription version they belong to (touched on one context only). */
    private final Map<String, Opened> signers = new HashMap<>();

    /** A subscription's signer, or null when it gave no secret. */
    private record Opened(long version, Signature.Signer signer) {
    }

    CallbackPost(HttpClient client, long timeoutMillis, SecretCipher cipher, GatewayState state, String publicUrl) {
        this.client = client;
        this.timeoutMillis = timeoutMillis;
        this.cipher = cipher;
        this.state = state;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    Future<Attempt> post(GatewayWebhookSubscription subscription, WebhookDispatch dispatch) {
        Signature.Signer signer;
        try {
            signer = signer(subscription);
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(new Attempt(DeliveryOutcome.FAILED, null, "the secret cannot be used: " + e.getMessage()));
        }
        String callback = subscription.getCallbackUrl();
        String links = links(subscription);
        byte[] body = bytes(dispatch.getPayload());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(callback)
                .setTimeout(timeoutMillis).setFollowRedirects(false)
                .putHeader("Content-Type", dispatch.getContentType())
                .putHeader(DELIVERY_ID, dispatch.getDeliveryId())
                .putHeader("Link", links);
        if (signer != null) {
            options.putHeader(Signature.HEADER, signer.sign(body));
        }
        return client.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .map(status -> status >= 200 && status <= 299 ? new Attempt(DeliveryOutcome.DELIVERED, status, null)
                        : new Attempt(DeliveryOutcome.FAILED, status, "the callback answered " + status))
                .recover(error -> Future.succeededFuture(timedOut(error)
                        ? new Attempt(DeliveryOutcome.TIMED_OUT, null, "no answer within " + timeoutMillis + " ms")
                        : new Attempt(DeliveryOutcome.FAILED, null, String.valueOf(error.getMessage()))));
    }

    private Signature.Signer signer(GatewayWebhookSubscription subscription) {
        Opened opened = signers.get(subscription.getSubscriptionId());
        if (opened == null || opened.version() != subscription.getVersion()) {
            opened = new Opened(subscription.getVersion(), subscription.getEncryptedSecret() == null ? null
                    : Signature.signer(cipher.decrypt(bytes(subscription.getEncryptedSecret()), subscription.getKeyId())));
            signers.put(subscription.getSubscriptionId(), opened);
        }
        return opened.signer();
    }

    /** WebSub §7: the hub's URL (rel=hub) and the topic's URL (rel=self). */
    private String links(GatewayWebhookSubscription subscription) {
        RoutedApi routed = state.routes().byApiId(subscription.getApiId());
        String base = routed == null ? publicUrl : publicUrl + routed.prefix();
        String topic = subscription.getTopic().startsWith("/") ? subscription.getTopic() : "/" + subscription.getTopic();
        return "<" + base + "/hub>; rel=\"hub\", <" + base + topic + ">; rel=\"self\"";
    }

    private static boolean timedOut(Throwable error) {
        return error instanceof TimeoutException
                || error instanceof io.netty.handler.timeout.TimeoutException
                || (error.getMessage() != null && error.getMessage().contains("timeout"));
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
