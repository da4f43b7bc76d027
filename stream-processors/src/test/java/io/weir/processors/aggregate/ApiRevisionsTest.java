package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.AggregateScenario.scenario;
import static io.weir.processors.aggregate.ApiHistories.deployed;
import static io.weir.processors.aggregate.ApiHistories.historyTo;
import static io.weir.processors.aggregate.ApiHistories.revisionCreated;
import static io.weir.processors.aggregate.ApiHistories.revisionDeleted;
import static io.weir.processors.aggregate.ApiHistories.snapshot;
import static io.weir.processors.aggregate.ApiHistories.undeployed;
import static io.weir.processors.aggregate.Samples.API_ID;
import static io.weir.processors.aggregate.Samples.apiCreated;
import static io.weir.processors.aggregate.Samples.settings;
import static io.weir.schema.api.LifecycleStatus.RETIRED;
import static io.weir.schema.command.RejectionReason.INVALID_COMMAND;
import static io.weir.schema.command.RejectionReason.NOT_FOUND;
import static io.weir.schema.command.RejectionReason.REVISION_DEPLOYED;
import static io.weir.schema.command.RejectionReason.REVISION_LIMIT_REACHED;
import static io.weir.schema.command.RejectionReason.UNKNOWN_ENVIRONMENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.api.ApiRevisionRestored;
import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiUpdated;
import io.weir.schema.api.CreateApiRevision;
import io.weir.schema.api.DeleteApiRevision;
import io.weir.schema.api.DeployApiRevision;
import io.weir.schema.api.RestoreApiRevision;
import io.weir.schema.api.UndeployApiRevision;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.view.ApiDeploymentView;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.EnvironmentView;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiRevisionsTest {

    private AggregateScenario<ApiView> api;

    @BeforeEach
    void organizationWithEnvironments() {
        api = scenario(new ApiAggregate(), API_ID);
        api.context()
                .withPolicy(Samples.policy(PolicyLevel.SUBSCRIPTION, "Gold"))
                .withEnvironment(Samples.environment("eu"))
                .withEnvironment(Samples.environment("us"));
    }

    @Test
    void aRevisionFreezesTheWorkingCopy() {
        api.given(apiCreated()).when(new CreateApiRevision("first cut"))
                .thenEvents(io.weir.schema.api.ApiRevisionCreated.newBuilder(revisionCreated(1)).setDescription("first cut").build());
    }

    @Test
    void aSixthRevisionIsRefused() {
        api.given(apiCreated(), revisionCreated(1), revisionCreated(2), revisionCreated(3), revisionCreated(4),
                        revisionCreated(5));

        assertThat(api.when(new CreateApiRevision(null)).thenRejected(REVISION_LIMIT_REACHED).message())
                .contains("delete a revision first");
    }

    @Test
    void theLimitComesFromTheContext() {
        api.context().withMaxRevisions(2);

        api.given(apiCreated(), revisionCreated(1), revisionCreated(2))
                .when(new CreateApiRevision(null))
                .thenRejected(REVISION_LIMIT_REACHED);
    }

    @Test
    void revisionNumbersAreNeverReused() {
        api.given(apiCreated(), revisionCreated(1), revisionCreated(2), revisionDeleted(2))
                .when(new CreateApiRevision(null))
                .thenEvents(revisionCreated(3));
    }

    @Test
    void deploysToEachEnvironment() {
        api.given(apiCreated(), revisionCreated(1))
                .when(new DeployApiRevision(1L, List.of("eu", "us")))
                .thenEvents(deployed(1, "eu", null), deployed(1, "us", null));
    }

    @Test
    void aDeploymentReplacesTheRevisionLiveInTheEnvironment() {
        api.given(apiCreated(), revisionCreated(1), revisionCreated(2), deployed(1, "eu", null))
                .when(new DeployApiRevision(2L, List.of("eu")))
                .thenEvents(deployed(2, "eu", 1L));

        assertThat(api.state().getDeployments()).extracting(ApiDeploymentView::getRevision).containsExactly(2L);
    }

    @Test
    void redeployingTheLiveRevisionIsANoOpForThatEnvironment() {
        api.given(apiCreated(), revisionCreated(1), deployed(1, "eu", null))
                .when(new DeployApiRevision(1L, List.of("eu", "us")))
                .thenEvents(deployed(1, "us", null));
    }

    @Test
    void deployingWhereTheRevisionIsAlreadyLiveEverywhereIsRefused() {
        assertThat(api.given(apiCreated(), revisionCreated(1), deployed(1, "eu", null))
                .when(new DeployApiRevision(1L, List.of("eu")))
                .thenRejected(INVALID_COMMAND, "/payload/environments").message())
                .contains("already deployed");
    }

    @Test
    void deploysOnlyToKnownEnvironments() {
        api.context().withEnvironment(EnvironmentView.newBuilder(Samples.environment("asia")).setRemoved(true).build());

        api.given(apiCreated(), revisionCreated(1))
                .when(new DeployApiRevision(1L, List.of("eu", "mars")))
                .thenRejected(UNKNOWN_ENVIRONMENT, "/payload/environments/1");
        api.when(new DeployApiRevision(1L, List.of("asia"))).thenRejected(UNKNOWN_ENVIRONMENT, "/payload/environments/0");
    }

    @Test
    void deploysOnlyExistingRevisions() {
        api.given(apiCreated(), revisionCreated(1))
                .when(new DeployApiRevision(7L, List.of("eu")))
                .thenRejected(NOT_FOUND, "/payload/revision");
    }

    @Test
    void aRetiredApiIsNotDeployed() {
        api.given(historyTo(RETIRED)).when(new DeployApiRevision(1L, List.of("eu"))).thenRejected(INVALID_COMMAND);
    }

    @Test
    void undeployingFromOneEnvironmentLeavesTheOther() {
        api.given(apiCreated(), revisionCreated(1), deployed(1, "eu", null), deployed(1, "us", null))
                .when(new UndeployApiRevision("eu"))
                .thenEvents(undeployed(1, "eu"));

        assertThat(api.state().getDeployments()).extracting(ApiDeploymentView::getEnvironment).containsExactly("us");
    }

    @Test
    void undeployingWhereNothingIsDeployedIsNotFound() {
        api.given(apiCreated(), revisionCreated(1), deployed(1, "eu", null))
                .when(new UndeployApiRevision("us"))
                .thenRejected(NOT_FOUND, "/payload/environment");
    }

    @Test
    void aDeployedRevisionCannotBeDeleted() {
        assertThat(api.given(apiCreated(), revisionCreated(1), deployed(1, "eu", null))
                .when(new DeleteApiRevision(1L))
                .thenRejected(REVISION_DEPLOYED, "/payload/revision").message())
                .contains("[eu]");
    }

    @Test
    void deletesARevisionThatIsNotDeployed() {
        api.given(apiCreated(), revisionCreated(1), revisionCreated(2), deployed(2, "eu", null))
                .when(new DeleteApiRevision(1L))
                .thenEvents(revisionDeleted(1));

        assertThat(api.state().getRevisions()).extracting(r -> r.getRevision()).containsExactly(2L);
        api.when(new DeleteApiRevision(1L)).thenRejected(NOT_FOUND, "/payload/revision");
    }

    @Test
    void restoringCopiesTheRevisionIntoTheWorkingCopy() {
        ApiSettings later = settings("Gold", "Bronze");

        api.given(apiCreated(), revisionCreated(1), new ApiUpdated(later))
                .when(new RestoreApiRevision(1L))
                .thenEvents(new ApiRevisionRestored(1L, snapshot(settings("Gold"))));

        assertThat(api.state().getSettings()).isEqualTo(settings("Gold"));
        api.when(new RestoreApiRevision(9L)).thenRejected(NOT_FOUND, "/payload/revision");
    }
}
