package io.weir.controlplane.api.apis;

import static io.weir.controlplane.api.Fakes.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.controlplane.api.Fakes;
import io.weir.controlplane.api.SampleViews;
import io.weir.controlplane.api.apis.DeploymentAcknowledgements.ApiDeployments;
import io.weir.controlplane.api.apis.DeploymentAcknowledgements.EnvironmentDeployment;
import io.weir.controlplane.problem.ProblemException;
import io.weir.schema.gateway.GatewayNodeState;
import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApiDeploymentView;
import io.weir.schema.view.ApiView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiDeploymentsResourceTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private final Fakes.MapView<ApiView> apis = new Fakes.MapView<>();
    private final Fakes.MapView<GatewayNodeStatus> nodes = new Fakes.MapView<>();
    private final ApiDeploymentsResource resource = new ApiDeploymentsResource(apis, nodes,
            () -> caller("sam", "acme", Role.SUBSCRIBER), Duration.ofSeconds(10), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void countsTheLiveNodesOfEachEnvironmentThatAppliedTheDeployedRevision() {
        apis.with("pets", deployedTo(SampleViews.api("pets", "acme", "Pets", 7), "production", 3, "sandbox", 2));
        node("production", "p1", GatewayNodeState.READY, NOW.minusSeconds(1), Map.of("pets", 3L));
        node("production", "p2", GatewayNodeState.READY, NOW.minusSeconds(2), Map.of("pets", 2L));
        node("production", "p3", GatewayNodeState.READY, NOW.minusSeconds(30), Map.of("pets", 3L));
        node("production", "p4", GatewayNodeState.DRAINING, NOW, Map.of("pets", 3L));
        node("sandbox", "s1", GatewayNodeState.READY, NOW, Map.of("pets", 2L, "cats", 9L));
        node("staging", "x1", GatewayNodeState.READY, NOW, Map.of("pets", 3L));

        ApiDeployments deployments = resource.deployments("pets");

        assertThat(deployments.apiId()).isEqualTo("pets");
        assertThat(deployments.count()).isEqualTo(2);
        EnvironmentDeployment production = deployments.items().get(0);
        assertThat(production.environment()).isEqualTo("production");
        assertThat(production.revision()).isEqualTo(3L);
        assertThat(production.deployedAt()).isEqualTo(NOW.minusSeconds(600));
        assertThat(production.nodes()).isEqualTo(new DeploymentAcknowledgements.Nodes(4, 2, 1, List.of("p1"),
                List.of("p2")));
        assertThat(production.summary()).isEqualTo("revision 3 live on 1 of 2 production nodes");
        assertThat(deployments.items().get(1).summary()).isEqualTo("revision 2 live on 1 of 1 sandbox nodes");
    }

    @Test
    void anEnvironmentWithoutNodesSaysSo() {
        apis.with("pets", deployedTo(SampleViews.api("pets", "acme", "Pets", 7), "production", 1, null, 0));
        node("production", "p1", GatewayNodeState.STOPPED, NOW, Map.of("pets", 1L));

        EnvironmentDeployment production = resource.deployments("pets").items().get(0);

        assertThat(production.summary()).isEqualTo("revision 1 live on 0 of 0 production nodes");
        assertThat(production.nodes().total()).isEqualTo(1);
    }

    @Test
    void anUndeployedApiHasNoItemsAndAnotherOrganizationsApiIsNotFound() {
        apis.with("pets", SampleViews.api("pets", "acme", "Pets", 1));
        apis.with("theirs", deployedTo(SampleViews.api("theirs", "globex", "Theirs", 7), "production", 1, null, 0));

        assertThat(resource.deployments("pets").items()).isEmpty();
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> resource.deployments("theirs"));
        assertThat(e.problem().status()).isEqualTo(404);
    }

    @Test
    void aCallerWithoutAManagementRoleIsRefusedBeforeAnyLookup() {
        ApiDeploymentsResource noRole = new ApiDeploymentsResource(apis, nodes, () -> caller("eve", "acme"),
                Duration.ofSeconds(10), Clock.fixed(NOW, ZoneOffset.UTC));

        ProblemException e = catchThrowableOfType(ProblemException.class, () -> noRole.deployments("missing"));

        assertThat(e.problem().status()).isEqualTo(403);
    }

    private static ApiView deployedTo(ApiView api, String first, long firstRevision, String second, long secondRevision) {
        List<ApiDeploymentView> deployments = second == null
                ? List.of(deployment(first, firstRevision))
                : List.of(deployment(second, secondRevision), deployment(first, firstRevision));
        return ApiView.newBuilder(api).setDeployments(deployments).build();
    }

    private static ApiDeploymentView deployment(String environment, long revision) {
        return ApiDeploymentView.newBuilder().setEnvironment(environment).setRevision(revision)
                .setDeployedAt(NOW.minusSeconds(600)).build();
    }

    private void node(String environment, String nodeId, GatewayNodeState state, Instant heartbeat,
                      Map<String, Long> applied) {
        nodes.with(environment + "/" + nodeId, GatewayNodeStatus.newBuilder().setEnvironment(environment)
                .setNodeId(nodeId).setStartedAt(NOW.minusSeconds(3600)).setHeartbeatAt(heartbeat).setStatus(state)
                .setAppliedRevisions(applied).build());
    }
}
