package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.AggregateScenario.ORGANIZATION;
import static io.weir.processors.aggregate.AggregateScenario.at;
import static io.weir.processors.aggregate.AggregateScenario.scenario;
import static io.weir.processors.aggregate.ApiHistories.deployed;
import static io.weir.processors.aggregate.ApiHistories.historyTo;
import static io.weir.processors.aggregate.ApiHistories.moved;
import static io.weir.processors.aggregate.ApiHistories.revisionCreated;
import static io.weir.processors.aggregate.ApiHistories.undeployed;
import static io.weir.processors.aggregate.Samples.API_ID;
import static io.weir.processors.aggregate.Samples.apiCreated;
import static io.weir.processors.aggregate.Samples.createApi;
import static io.weir.processors.aggregate.Samples.settings;
import static io.weir.schema.api.LifecycleStatus.CREATED;
import static io.weir.schema.api.LifecycleStatus.DEPRECATED;
import static io.weir.schema.api.LifecycleStatus.PUBLISHED;
import static io.weir.schema.api.LifecycleStatus.RETIRED;
import static io.weir.schema.command.RejectionReason.ALREADY_EXISTS;
import static io.weir.schema.command.RejectionReason.ILLEGAL_LIFECYCLE_TRANSITION;
import static io.weir.schema.command.RejectionReason.INVALID_COMMAND;
import static io.weir.schema.command.RejectionReason.NOT_FOUND;
import static io.weir.schema.command.RejectionReason.REVISION_DEPLOYED;
import static io.weir.schema.command.RejectionReason.UNKNOWN_POLICY;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.api.ApiDeleted;
import io.weir.schema.api.ApiLifecycleChanged;
import io.weir.schema.api.ApiRevisionCreated;
import io.weir.schema.api.ApiServiceDefinitionChanged;
import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiUpdated;
import io.weir.schema.api.BackendEndpoints;
import io.weir.schema.api.ChangeApiLifecycle;
import io.weir.schema.api.CreateApi;
import io.weir.schema.api.CreateApiRevision;
import io.weir.schema.api.DeleteApi;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.api.RefreshApiServiceDefinition;
import io.weir.schema.api.UpdateApi;
import io.weir.schema.application.DeleteApplication;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.view.ApiDeploymentView;
import io.weir.schema.view.ApiView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiAggregateTest {

    private AggregateScenario<ApiView> api;

    @BeforeEach
    void organizationWithTiersAndEnvironments() {
        api = scenario(new ApiAggregate(), API_ID);
        api.context()
                .withPolicy(Samples.policy(PolicyLevel.SUBSCRIPTION, "Gold"))
                .withPolicy(Samples.policy(PolicyLevel.SUBSCRIPTION, "Bronze"))
                .withPolicy(Samples.policy(PolicyLevel.API, "TenKPerMin"))
                .withEnvironment(Samples.environment("eu"))
                .withEnvironment(Samples.environment("us"));
    }

    @Test
    void createsAnApiInStatusCreated() {
        api.when(createApi()).thenEvents(apiCreated());

        assertThat(api.state().getLifecycleStatus()).isEqualTo(CREATED);
        assertThat(api.state().getNextRevision()).isEqualTo(1);
    }

    @Test
    void anApiIsCreatedOnlyOnce() {
        api.given(apiCreated()).when(createApi()).thenRejected(ALREADY_EXISTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pets", "/my pets", "/pets/../admin", "", "/q", "/q/health"})
    void aContextStartsWithASlashWithoutSpacesOrDotDotAndIsNotUnderQ(String context) {
        api.when(CreateApi.newBuilder(createApi()).setContext(context).build())
                .thenRejected(INVALID_COMMAND, "/payload/context");
    }

    @Test
    void nameAndVersionMustNotBeBlank() {
        api.when(CreateApi.newBuilder(createApi()).setName(" ").build()).thenRejected(INVALID_COMMAND, "/payload/name");
        api.when(CreateApi.newBuilder(createApi()).setVersion("").build()).thenRejected(INVALID_COMMAND, "/payload/version");
    }

    @Test
    void everyAllowedTierIsASubscriptionPolicyOfTheOrganization() {
        api.when(CreateApi.newBuilder(createApi()).setSettings(settings("Gold", "Platinum")).build())
                .thenRejected(UNKNOWN_POLICY, "/payload/settings/allowedTiers/1");
    }

    @Test
    void theApiThrottlingPolicyIsAnApiLevelPolicy() {
        ApiSettings subscriptionTierAsApiPolicy = ApiSettings.newBuilder(settings("Gold")).setApiThrottlingPolicy("Gold").build();
        ApiSettings apiPolicy = ApiSettings.newBuilder(settings("Gold")).setApiThrottlingPolicy("TenKPerMin").build();

        api.given(apiCreated())
                .when(new UpdateApi(subscriptionTierAsApiPolicy))
                .thenRejected(UNKNOWN_POLICY, "/payload/settings/apiThrottlingPolicy");
        api.when(new UpdateApi(apiPolicy)).thenEvents(new ApiUpdated(apiPolicy));
    }

    @Test
    void commandsOnAMissingOrDeletedApiAreNotFound() {
        api.when(new UpdateApi(settings())).thenRejected(NOT_FOUND);
        api.given(apiCreated(), ApiDeleted.newBuilder().setName("Pets").setContext("/pets").setVersion("1.0.0").build())
                .when(new CreateApiRevision(null))
                .thenRejected(NOT_FOUND);
    }

    @Test
    void updateReplacesTheWorkingCopy() {
        ApiSettings bronzeOnly = settings("Bronze");

        api.given(apiCreated()).when(new UpdateApi(bronzeOnly)).thenEvents(new ApiUpdated(bronzeOnly));

        assertThat(api.state().getSettings()).isEqualTo(bronzeOnly);
    }

    @Test
    void aRetiredApiCannotBeUpdated() {
        api.given(historyTo(RETIRED)).when(new UpdateApi(settings("Bronze"))).thenRejected(INVALID_COMMAND);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"CREATED,PUBLISHED", "PUBLISHED,DEPRECATED", "PUBLISHED,BLOCKED", "PUBLISHED,CREATED",
            "DEPRECATED,PUBLISHED", "BLOCKED,PUBLISHED", "BLOCKED,DEPRECATED"})
    void movesAlongTheLifecycle(LifecycleStatus from, LifecycleStatus to) {
        api.given(historyTo(from)).when(new ChangeApiLifecycle(to, "as planned")).thenEvents(
                ApiLifecycleChanged.newBuilder(moved(from, to)).setComment("as planned").build());

        assertThat(api.state().getLifecycleStatus()).isEqualTo(to);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"CREATED,DEPRECATED", "CREATED,BLOCKED", "CREATED,RETIRED", "CREATED,CREATED", "PUBLISHED,RETIRED",
            "PUBLISHED,PUBLISHED", "DEPRECATED,BLOCKED", "DEPRECATED,CREATED", "BLOCKED,RETIRED", "BLOCKED,CREATED",
            "RETIRED,PUBLISHED", "RETIRED,CREATED"})
    void refusesMovesOutsideTheLifecycle(LifecycleStatus from, LifecycleStatus to) {
        Decision.Rejected rejected = api.given(historyTo(from)).when(new ChangeApiLifecycle(to, null))
                .thenRejected(ILLEGAL_LIFECYCLE_TRANSITION, "/payload/targetStatus");

        assertThat(rejected.message()).contains(from.name(), to.name());
    }

    @Test
    void aRefusedMoveNamesTheAllowedTargets() {
        assertThat(api.given(historyTo(PUBLISHED)).when(new ChangeApiLifecycle(RETIRED, null))
                .thenRejected(ILLEGAL_LIFECYCLE_TRANSITION).message())
                .isEqualTo("cannot move the API from PUBLISHED to RETIRED (allowed from PUBLISHED: [CREATED, DEPRECATED, BLOCKED])");
    }

    @Test
    void retiredIsTerminal() {
        assertThat(api.given(historyTo(RETIRED)).when(new ChangeApiLifecycle(PUBLISHED, null))
                .thenRejected(ILLEGAL_LIFECYCLE_TRANSITION).message())
                .isEqualTo("cannot move the API from RETIRED to PUBLISHED (RETIRED is terminal)");
    }

    @Test
    void publishingNeedsADeployedRevision() {
        assertThat(api.given(apiCreated(), revisionCreated(1))
                .when(new ChangeApiLifecycle(PUBLISHED, null))
                .thenRejected(INVALID_COMMAND, "/payload/targetStatus").message())
                .isEqualTo("deploy a revision before publishing");
    }

    @Test
    void retiringUndeploysFromEveryEnvironment() {
        api.given(historyTo(DEPRECATED)).given(deployed(1, "us", null))
                .when(new ChangeApiLifecycle(RETIRED, null))
                .thenEvents(moved(DEPRECATED, RETIRED), undeployed(1, "eu"), undeployed(1, "us"));

        assertThat(api.state().getDeployments()).isEmpty();
    }

    @Test
    void deletesAnApiThatWasNeverPublished() {
        api.given(apiCreated(), revisionCreated(1))
                .when(new DeleteApi())
                .thenEvents(ApiDeleted.newBuilder().setName("Pets").setContext("/pets").setVersion("1.0.0").build());

        assertThat(api.deleted()).isTrue();
    }

    @Test
    void deletesARetiredApi() {
        api.given(historyTo(RETIRED)).when(new DeleteApi())
                .thenEvents(ApiDeleted.newBuilder().setName("Pets").setContext("/pets").setVersion("1.0.0").build());
    }

    @Test
    void aDeployedApiCannotBeDeleted() {
        api.given(historyTo(CREATED)).when(new DeleteApi()).thenRejected(REVISION_DEPLOYED);
    }

    @Test
    void aPublishedApiCannotBeDeleted() {
        api.given(historyTo(PUBLISHED)).given(undeployed(1, "eu"))
                .when(new DeleteApi())
                .thenRejected(ILLEGAL_LIFECYCLE_TRANSITION);
    }

    @Test
    void refreshPreparesAWorkingCopyFromTheFollowedService() {
        ApiSettings following = ApiSettings.newBuilder(settings("Gold")).setFollowsCatalogService("svc-pets").build();
        ApiSettings refreshed = ApiSettings.newBuilder(following)
                .setDefinition(Samples.definition("{\"openapi\":\"3.0.3\",\"info\":{\"version\":\"2\"}}"))
                .setEndpoints(BackendEndpoints.newBuilder().setProductionUrl("https://pets-v2.internal").build())
                .build();

        api.given(apiCreated(following))
                .when(new RefreshApiServiceDefinition("svc-pets", "2.0.0", refreshed.getDefinition(), "https://pets-v2.internal"))
                .thenEvents(new ApiServiceDefinitionChanged("svc-pets", "2.0.0", refreshed));
        assertThat(api.state().getPendingServiceVersion()).isEqualTo("2.0.0");

        api.when(new CreateApiRevision("from service 2.0.0"))
                .thenEvents(ApiRevisionCreated.newBuilder(revisionCreated(1, refreshed)).setDescription("from service 2.0.0").build());
        assertThat(api.state().getPendingServiceVersion()).isNull();
    }

    @Test
    void refreshOnlyAppliesToTheFollowedService() {
        api.given(apiCreated())
                .when(new RefreshApiServiceDefinition("svc-pets", "2.0.0", Samples.definition("{}"), null))
                .thenRejected(INVALID_COMMAND, "/payload/serviceId");
    }

    @Test
    void anotherAggregatesCommandIsInvalid() {
        api.given(apiCreated()).when(new DeleteApplication()).thenRejected(INVALID_COMMAND, "/payload");
    }

    @Test
    void foldingTheHistoryYieldsTheView() {
        api.given(historyTo(PUBLISHED)).given(revisionCreated(2), deployed(2, "eu", 1L), deployed(2, "us", null));

        ApiView view = api.state();
        assertThat(view.getApiId()).isEqualTo(API_ID);
        assertThat(view.getOrganization()).isEqualTo(ORGANIZATION);
        assertThat(view.getVersion()).isEqualTo(7);
        assertThat(view.getCreatedAt()).isEqualTo(at(1));
        assertThat(view.getUpdatedAt()).isEqualTo(at(7));
        assertThat(view.getLifecycleStatus()).isEqualTo(PUBLISHED);
        assertThat(view.getNextRevision()).isEqualTo(3);
        assertThat(view.getRevisions()).extracting(r -> r.getRevision()).containsExactly(1L, 2L);
        assertThat(view.getRevisions().get(1).getCreatedAt()).isEqualTo(at(5));
        assertThat(view.getDeployments()).containsExactly(
                new ApiDeploymentView("eu", 2L, at(6)), new ApiDeploymentView("us", 2L, at(7)));
        assertThat(api.deleted()).isFalse();
    }
}
