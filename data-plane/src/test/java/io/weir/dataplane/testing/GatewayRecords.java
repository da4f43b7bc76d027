package io.weir.dataplane.testing;

import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.AuthConfig;
import io.weir.schema.api.BackendEndpoints;
import io.weir.schema.api.ChannelOperation;
import io.weir.schema.api.CorsConfig;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.application.KeyType;
import io.weir.schema.gateway.CredentialKind;
import io.weir.schema.gateway.CredentialStatus;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewaySubscription;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.gateway.TopicBinding;
import java.nio.ByteBuffer;
import io.weir.schema.subscription.SubscriptionStatus;
import java.time.Instant;
import java.util.List;

/** Gateway records as the projections write them, for tests of the edge node. */
public final class GatewayRecords {

    private GatewayRecords() {
    }

    public static GatewayApi api(String apiId, String context, String version, List<ApiResource> resources) {
        return GatewayApi.newBuilder()
                .setEnvironment("production").setApiId(apiId).setOrganization("acme").setName(apiId)
                .setContext(context).setVersion(version).setApiType(ApiType.HTTP).setRevision(1)
                .setLifecycleStatus(LifecycleStatus.PUBLISHED)
                .setEndpoints(BackendEndpoints.newBuilder().setProductionUrl("http://127.0.0.1:1").build())
                .setResources(resources)
                .setAuth(AuthConfig.newBuilder().build())
                .setCors(CorsConfig.newBuilder().build())
                .setDeployedAt(Instant.now())
                .build();
    }

    public static GatewayCredential credential(String applicationId, CredentialStatus status, GatewaySubscription... subscriptions) {
        return GatewayCredential.newBuilder()
                .setCredentialKind(CredentialKind.API_KEY).setApplicationId(applicationId).setApplicationName(applicationId)
                .setOrganization("acme").setApplicationTier("Unlimited").setKeyType(KeyType.PRODUCTION)
                .setStatus(status).setSubscriptions(List.of(subscriptions))
                .build();
    }

    public static GatewaySubscription subscription(String apiId, SubscriptionStatus status) {
        return GatewaySubscription.newBuilder().setSubscriptionId("sub-" + apiId).setApiId(apiId).setTier("Gold")
                .setStatus(status).build();
    }

    public static TopicBinding binding(String channel, String topic, ChannelOperation... operations) {
        return TopicBinding.newBuilder().setChannel(channel).setKafkaTopic(topic).setOperations(List.of(operations)).build();
    }

    /** A verified webhook subscription of app-1 (organization acme) as the projection writes it; secret sealed or null. */
    public static GatewayWebhookSubscription webhookSubscription(String id, String apiId, String topic, String callback,
                                                                 byte[] sealedSecret, String keyId, Instant verifiedAt, Instant leaseEnd) {
        return GatewayWebhookSubscription.newBuilder().setSubscriptionId(id)
                .setEnvironment("production").setApiId(apiId).setOrganization("acme").setTopic(topic).setCallbackUrl(callback)
                .setEncryptedSecret(sealedSecret == null ? null : ByteBuffer.wrap(sealedSecret))
                .setKeyId(sealedSecret == null ? null : keyId).setApplicationId("app-1")
                .setVerifiedAt(verifiedAt).setLeaseExpiresAt(leaseEnd).setVersion(2).build();
    }
}
