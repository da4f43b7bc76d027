package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.AggregateScenario.NOW;
import static io.weir.processors.aggregate.AggregateScenario.ORGANIZATION;

import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.ChannelOperation;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.application.KeyType;
import io.weir.schema.view.ApiDeploymentView;
import io.weir.schema.view.ApiRevisionView;
import io.weir.schema.view.ApiView;
import io.weir.schema.webhook.RequestWebhookSubscription;
import io.weir.schema.webhook.VerifyWebhookSubscription;
import io.weir.schema.webhook.WebhookSubscriptionIds;
import io.weir.schema.webhook.WebhookSubscriptionRequested;
import io.weir.schema.webhook.WebhookSubscriptionVerified;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** A WebSub API deployed to "production" with the channel "orders", and requests to subscribe to it. */
final class WebhookSamples {

    static final String API_ID = "api-orders";
    static final String ENVIRONMENT = "production";
    static final String TOPIC = "orders";
    static final String CALLBACK = "https://subscriber.example.com/hooks/orders";
    static final String SUBSCRIPTION_ID = WebhookSubscriptionIds.of(ENVIRONMENT, API_ID, TOPIC, CALLBACK);
    static final int LEASE = 3600;

    private WebhookSamples() {
    }

    /** The API of {@code organization}, of {@code type}, revision 1 (channels "orders" and "refunds") deployed to production. */
    static ApiView api(String organization, ApiType type) {
        ApiSettings settings = Samples.settings("Gold");
        settings.setResources(List.of(channel("orders"), channel("refunds")));
        ApiRevisionView revision = ApiRevisionView.newBuilder().setRevision(1).setCreatedAt(NOW)
                .setSnapshot(ApiHistories.snapshot(settings)).build();
        revision.getSnapshot().setApiType(type);
        ApiSettings working = Samples.settings("Gold");
        working.setResources(List.of(channel("orders"), channel("refunds"), channel("drafts")));
        return ApiView.newBuilder(Samples.api(LifecycleStatus.PUBLISHED, "Gold"))
                .setApiId(API_ID).setOrganization(organization).setApiType(type)
                .setSettings(working)
                .setRevisions(List.of(revision))
                .setDeployments(List.of(new ApiDeploymentView(ENVIRONMENT, 1L, NOW)))
                .build();
    }

    static ApiView websubApi() {
        return api(ORGANIZATION, ApiType.WEBSUB);
    }

    private static ApiResource channel(String path) {
        return ApiResource.newBuilder().setPath(path).setAuthScheme(AuthScheme.API_KEY)
                .setOperations(List.of(ChannelOperation.SUBSCRIBE)).build();
    }

    static ByteBuffer secret(String name) {
        return ByteBuffer.wrap(("encrypted:" + name).getBytes(StandardCharsets.UTF_8));
    }

    static RequestWebhookSubscription request(String secret, int leaseSeconds) {
        return RequestWebhookSubscription.newBuilder()
                .setApiId(API_ID).setTopic(TOPIC).setCallbackUrl(CALLBACK)
                .setEncryptedSecret(secret(secret)).setKeyId("platform-1")
                .setLeaseSeconds(leaseSeconds).setApplicationId("app-1").setEnvironment(ENVIRONMENT)
                .setApiSubscriptionId("sub-1").setSubscriptionTier("Gold").setApplicationTier("Unlimited")
                .setKeyType(KeyType.PRODUCTION)
                .build();
    }

    static RequestWebhookSubscription request() {
        return request("s1", LEASE);
    }

    static WebhookSubscriptionRequested requested(String secret, int leaseSeconds) {
        RequestWebhookSubscription request = request(secret, leaseSeconds);
        return WebhookSubscriptionRequested.newBuilder()
                .setApiId(API_ID).setTopic(TOPIC).setCallbackUrl(CALLBACK)
                .setEncryptedSecret(request.getEncryptedSecret()).setKeyId(request.getKeyId())
                .setLeaseSeconds(leaseSeconds).setApplicationId(request.getApplicationId()).setEnvironment(ENVIRONMENT)
                .setApiSubscriptionId(request.getApiSubscriptionId()).setSubscriptionTier(request.getSubscriptionTier())
                .setApplicationTier(request.getApplicationTier()).setKeyType(request.getKeyType())
                .build();
    }

    static WebhookSubscriptionRequested requested() {
        return requested("s1", LEASE);
    }

    static VerifyWebhookSubscription verify(Instant at, long leaseSeconds) {
        return new VerifyWebhookSubscription(at, at.plusSeconds(leaseSeconds));
    }

    static WebhookSubscriptionVerified verified(Instant at, long leaseSeconds) {
        return new WebhookSubscriptionVerified(API_ID, TOPIC, at, at.plusSeconds(leaseSeconds));
    }
}
