package io.weir.processors.gateway;

import io.weir.processors.ProcessorSerdes;
import io.weir.processors.testing.SelfDescribingAvroSerde;
import io.weir.schema.api.ApiDefinition;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiSnapshot;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.ApiVisibility;
import io.weir.schema.api.AuthConfig;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.BackendEndpoints;
import io.weir.schema.api.CorsConfig;
import io.weir.schema.api.DefinitionFormat;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.application.KeyType;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.subscription.SubscriptionStatus;
import io.weir.schema.view.ApiDeploymentView;
import io.weir.schema.view.ApiKeyView;
import io.weir.schema.view.ApiRevisionView;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.OAuthClientView;
import io.weir.schema.view.SubscriptionView;
import io.weir.schema.view.ThrottlingPolicyView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;

/** Management views as the projections publish them, for the gateway topology tests. */
final class GatewayFixtures {

    static final String ORG = "acme";
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final ProcessorSerdes SERDES = new ProcessorSerdes(type -> new SelfDescribingAvroSerde<>());

    private GatewayFixtures() {
    }

    static TopologyTestDriver driver(StreamsBuilder builder) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "gateway-state-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("gateway-state-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TopologyTestDriver(builder.build(), config);
    }

    static ApiSettings settings(String backend, String... tiers) {
        return ApiSettings.newBuilder()
                .setDefinition(new ApiDefinition(DefinitionFormat.NONE, "", "application/json"))
                .setEndpoints(BackendEndpoints.newBuilder().setProductionUrl(backend).setTimeoutMillis(5_000).build())
                .setResources(List.of(ApiResource.newBuilder().setMethod("GET").setPath("/pets/{id}")
                        .setAuthScheme(AuthScheme.API_KEY).build()))
                .setAllowedTiers(List.of(tiers))
                .setVisibility(ApiVisibility.PUBLIC)
                .setCors(CorsConfig.newBuilder().setEnabled(true).setAllowedOrigins(List.of("https://shop")).build())
                .setAuth(AuthConfig.newBuilder().setApiKeyQueryParam("key").build())
                .setApiThrottlingPolicy("Unlimited")
                .setMaxRequestBytes(1024L)
                .build();
    }

    /** An API with no revision and no deployment. */
    static ApiView api(String apiId) {
        return ApiView.newBuilder()
                .setApiId(apiId).setOrganization(ORG).setVersion(1)
                .setName("Pets").setContext("/pets").setApiVersion("1.0.0").setApiType(ApiType.HTTP)
                .setSettings(settings("http://working-copy", "Gold"))
                .setLifecycleStatus(LifecycleStatus.PUBLISHED)
                .setCreatedAt(T0).setUpdatedAt(T0)
                .build();
    }

    static ApiView withRevision(ApiView api, long revision, ApiSettings settings) {
        List<ApiRevisionView> revisions = new ArrayList<>(api.getRevisions());
        revisions.add(ApiRevisionView.newBuilder().setRevision(revision).setCreatedAt(T0)
                .setSnapshot(ApiSnapshot.newBuilder().setName(api.getName()).setContext(api.getContext())
                        .setVersion(api.getApiVersion()).setApiType(api.getApiType()).setSettings(settings).build())
                .build());
        return next(api).setRevisions(revisions).build();
    }

    /** The environment's deployment replaced, or added. */
    static ApiView deployed(ApiView api, String environment, long revision, Instant at) {
        List<ApiDeploymentView> deployments = new ArrayList<>(api.getDeployments());
        deployments.removeIf(d -> d.getEnvironment().equals(environment));
        deployments.add(ApiDeploymentView.newBuilder().setEnvironment(environment).setRevision(revision)
                .setDeployedAt(at).build());
        return next(api).setDeployments(deployments).build();
    }

    static ApiView undeployed(ApiView api, String environment) {
        List<ApiDeploymentView> deployments = new ArrayList<>(api.getDeployments());
        deployments.removeIf(d -> d.getEnvironment().equals(environment));
        return next(api).setDeployments(deployments).build();
    }

    static ApiView.Builder next(ApiView api) {
        return ApiView.newBuilder(api).setVersion(api.getVersion() + 1);
    }

    static ApplicationView application(String applicationId) {
        return ApplicationView.newBuilder()
                .setApplicationId(applicationId).setOrganization(ORG).setVersion(1)
                .setName("Mobile " + applicationId).setOwner("alice").setTier("50PerMin")
                .setCreatedAt(T0).setUpdatedAt(T0)
                .build();
    }

    static ApplicationView withKey(ApplicationView application, String keyId, String hash, String environment) {
        List<ApiKeyView> keys = new ArrayList<>(application.getApiKeys());
        keys.add(ApiKeyView.newBuilder().setKeyId(keyId).setPrefix("wk_" + keyId).setSecretHash(hash)
                .setKeyType(KeyType.PRODUCTION).setEnvironment(environment).setExpiresAt(T0.plusSeconds(86_400))
                .setIssuedAt(T0).build());
        return ApplicationView.newBuilder(application).setVersion(application.getVersion() + 1).setApiKeys(keys).build();
    }

    static ApplicationView keyRevoked(ApplicationView application, String keyId) {
        return ApplicationView.newBuilder(application).setVersion(application.getVersion() + 1)
                .setApiKeys(application.getApiKeys().stream().map(key -> key.getKeyId().equals(keyId)
                        ? ApiKeyView.newBuilder(key).setRevokedAt(T0.plusSeconds(60)).build() : key).toList())
                .build();
    }

    static ApplicationView withClient(ApplicationView application, String clientId) {
        List<OAuthClientView> clients = new ArrayList<>(application.getOauthClients());
        clients.add(OAuthClientView.newBuilder().setClientId(clientId).setSecretPrefix("cs_").setSecretHash("h")
                .setKeyType(KeyType.SANDBOX).setRegisteredAt(T0).build());
        return ApplicationView.newBuilder(application).setVersion(application.getVersion() + 1)
                .setOauthClients(clients).build();
    }

    static ApplicationView clientRevoked(ApplicationView application, String clientId) {
        return ApplicationView.newBuilder(application).setVersion(application.getVersion() + 1)
                .setOauthClients(application.getOauthClients().stream().map(client -> client.getClientId().equals(clientId)
                        ? OAuthClientView.newBuilder(client).setRevokedAt(T0.plusSeconds(60)).build() : client).toList())
                .build();
    }

    static SubscriptionView subscription(String subscriptionId, String applicationId, String apiId, String tier,
                                         SubscriptionStatus status) {
        return SubscriptionView.newBuilder()
                .setSubscriptionId(subscriptionId).setOrganization(ORG).setVersion(1)
                .setApplicationId(applicationId).setApiId(apiId).setTier(tier).setStatus(status)
                .setCreatedAt(T0).setUpdatedAt(T0)
                .build();
    }

    static ThrottlingPolicyView policy(PolicyLevel level, String name, long limit) {
        return ThrottlingPolicyView.newBuilder()
                .setPolicyId(ORG + "/" + level.name() + "/" + name).setOrganization(ORG).setVersion(1)
                .setName(name).setLevel(level)
                .setLimits(ThrottlingLimits.newBuilder().setQuotaKind(QuotaKind.REQUEST_COUNT).setLimit(limit)
                        .setUnitMillis(60_000).setBurstLimit(5L).setBurstUnitMillis(1_000L)
                        .setStopOnQuotaReach(true).build())
                .setRequiresApproval(false)
                .setUpdatedAt(T0)
                .build();
    }
}
