package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.AggregateScenario.NOW;
import static io.weir.processors.aggregate.AggregateScenario.ORGANIZATION;

import io.weir.schema.api.ApiCreated;
import io.weir.schema.api.ApiDefinition;
import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.ApiVisibility;
import io.weir.schema.api.AuthConfig;
import io.weir.schema.api.BackendEndpoints;
import io.weir.schema.api.CorsConfig;
import io.weir.schema.api.CreateApi;
import io.weir.schema.api.DefinitionFormat;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.EnvironmentView;
import io.weir.schema.view.ThrottlingPolicyView;
import java.util.List;

/** Sample commands, events and views of the organization {@link AggregateScenario#ORGANIZATION}. */
final class Samples {

    static final String API_ID = "api-pets";
    static final String APPLICATION_ID = "app-mobile";

    private Samples() {
    }

    static ApiSettings settings(String... allowedTiers) {
        return ApiSettings.newBuilder()
                .setDescription("Pets of the store")
                .setDefinition(definition("{\"openapi\":\"3.0.3\"}"))
                .setEndpoints(BackendEndpoints.newBuilder().setProductionUrl("https://pets.internal").build())
                .setAllowedTiers(List.of(allowedTiers))
                .setVisibility(ApiVisibility.PUBLIC)
                .setCors(CorsConfig.newBuilder().build())
                .setAuth(AuthConfig.newBuilder().build())
                .build();
    }

    static ApiDefinition definition(String content) {
        return ApiDefinition.newBuilder().setFormat(DefinitionFormat.OPENAPI_3_0).setContent(content).build();
    }

    static CreateApi createApi() {
        return CreateApi.newBuilder()
                .setName("Pets").setContext("/pets").setVersion("1.0.0").setApiType(ApiType.HTTP)
                .setSettings(settings("Gold"))
                .build();
    }

    static ApiCreated apiCreated() {
        return apiCreated(settings("Gold"));
    }

    static ApiCreated apiCreated(ApiSettings settings) {
        return ApiCreated.newBuilder()
                .setName("Pets").setContext("/pets").setVersion("1.0.0").setApiType(ApiType.HTTP)
                .setSettings(settings)
                .build();
    }

    /** An API view as another aggregate sees it through the decision context. */
    static ApiView api(LifecycleStatus status, String... allowedTiers) {
        return ApiView.newBuilder()
                .setApiId(API_ID).setOrganization(ORGANIZATION).setVersion(4)
                .setName("Pets").setContext("/pets").setApiVersion("1.0.0").setApiType(ApiType.HTTP)
                .setSettings(settings(allowedTiers))
                .setLifecycleStatus(status)
                .setCreatedAt(NOW).setUpdatedAt(NOW)
                .build();
    }

    static ApplicationView application() {
        return ApplicationView.newBuilder()
                .setApplicationId(APPLICATION_ID).setOrganization(ORGANIZATION).setVersion(1)
                .setName("Mobile").setOwner("bob").setTier("Unlimited")
                .setCreatedAt(NOW).setUpdatedAt(NOW)
                .build();
    }

    static ThrottlingPolicyView policy(PolicyLevel level, String name) {
        return policy(level, name, false);
    }

    static ThrottlingPolicyView policy(PolicyLevel level, String name, boolean requiresApproval) {
        return ThrottlingPolicyView.newBuilder()
                .setPolicyId(ORGANIZATION + "/" + level + "/" + name)
                .setOrganization(ORGANIZATION).setVersion(1)
                .setName(name).setLevel(level)
                .setLimits(limits(1000, 60_000))
                .setRequiresApproval(requiresApproval)
                .setUpdatedAt(NOW)
                .build();
    }

    static ThrottlingLimits limits(long limit, long unitMillis) {
        return ThrottlingLimits.newBuilder()
                .setQuotaKind(QuotaKind.REQUEST_COUNT).setLimit(limit).setUnitMillis(unitMillis)
                .build();
    }

    static EnvironmentView environment(String name) {
        return EnvironmentView.newBuilder()
                .setName(name).setOrganization(ORGANIZATION).setVersion(1)
                .setDisplayName(name).setGatewayUrls(List.of("https://" + name + ".gw.example.com"))
                .setUpdatedAt(NOW)
                .build();
    }

    /** A well-formed hex SHA-256 made of one repeated digit. */
    static String sha256(char digit) {
        return String.valueOf(digit).repeat(64);
    }
}
