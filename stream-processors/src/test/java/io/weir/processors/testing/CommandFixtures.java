package io.weir.processors.testing;

import io.weir.schema.api.ApiDefinition;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.ApiVisibility;
import io.weir.schema.api.AuthConfig;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.BackendEndpoints;
import io.weir.schema.api.ChannelOperation;
import io.weir.schema.api.CorsConfig;
import io.weir.schema.api.CreateApi;
import io.weir.schema.api.DefinitionFormat;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.environment.DefineEnvironment;
import io.weir.schema.policy.DefineThrottlingPolicy;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Commands as a client would send them, for topology and integration tests. */
public final class CommandFixtures {

    public static final String ORG = "acme";

    private CommandFixtures() {
    }

    public static CommandEnvelope command(AggregateType type, String aggregateId, Object payload) {
        return command(type, aggregateId, payload, null);
    }

    public static CommandEnvelope command(AggregateType type, String aggregateId, Object payload, Long expectedVersion) {
        return CommandEnvelope.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setAggregateType(type)
                .setAggregateId(aggregateId)
                .setExpectedVersion(expectedVersion)
                .setIssuedAt(Instant.parse("2026-11-27T10:00:00Z"))
                .setActor("alice")
                .setOrganization(ORG)
                .setCorrelationId(UUID.randomUUID().toString())
                .setPayload(payload)
                .build();
    }

    public static CommandEnvelope defineEnvironment(String name) {
        return command(AggregateType.ENVIRONMENT, name, new DefineEnvironment(name, name, null, List.of()));
    }

    public static CommandEnvelope defineSubscriptionTier(String name) {
        ThrottlingLimits limits = ThrottlingLimits.newBuilder().setQuotaKind(QuotaKind.REQUEST_COUNT).setLimit(1000)
                .setUnitMillis(60_000).setStopOnQuotaReach(true).build();
        return command(AggregateType.THROTTLING_POLICY, ORG + "/SUBSCRIPTION/" + name,
                new DefineThrottlingPolicy(name, PolicyLevel.SUBSCRIPTION, null, limits, false));
    }

    public static CommandEnvelope createApi(String apiId, String context, String version, String... tiers) {
        ApiSettings settings = ApiSettings.newBuilder()
                .setDefinition(new ApiDefinition(DefinitionFormat.NONE, "", "application/json"))
                .setEndpoints(BackendEndpoints.newBuilder().setProductionUrl("http://backend:8080").build())
                .setResources(List.of())
                .setAllowedTiers(List.of(tiers))
                .setVisibility(ApiVisibility.PUBLIC)
                .setVisibleRoles(List.of())
                .setCors(CorsConfig.newBuilder().setEnabled(false).build())
                .setAuth(AuthConfig.newBuilder().build())
                .setTags(List.of())
                .build();
        return command(AggregateType.API, apiId, new CreateApi("Pets", context, version, ApiType.HTTP, settings), 0L);
    }

    /** A WebSub API whose channels (resources) are {@code topics}, subscribers authenticating with an API key. */
    public static CommandEnvelope createWebSubApi(String apiId, String context, String... topics) {
        CommandEnvelope envelope = createApi(apiId, context, "v1");
        CreateApi create = (CreateApi) envelope.getPayload();
        create.setApiType(ApiType.WEBSUB);
        create.getSettings().setResources(Arrays.stream(topics).map(topic -> ApiResource.newBuilder().setPath(topic)
                .setAuthScheme(AuthScheme.API_KEY).setOperations(List.of(ChannelOperation.SUBSCRIBE)).build()).toList());
        return envelope;
    }

    /** A command as a gateway node sends it: actor {@code gateway:<nodeId>}, in the organization given. */
    public static CommandEnvelope fromGateway(String nodeId, String organization, AggregateType type, String aggregateId,
                                              Object payload) {
        CommandEnvelope envelope = command(type, aggregateId, payload);
        envelope.setActor("gateway:" + nodeId);
        envelope.setOrganization(organization);
        return envelope;
    }
}
