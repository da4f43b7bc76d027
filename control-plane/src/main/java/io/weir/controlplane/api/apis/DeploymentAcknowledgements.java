package io.weir.controlplane.api.apis;

import io.weir.schema.gateway.GatewayNodeState;
import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.view.ApiDeploymentView;
import io.weir.schema.view.ApiView;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Where an API's deployments stand on the gateways: for each environment the API is deployed to,
 * how many of that environment's nodes are live (READY, heartbeat younger than the staleness) and
 * how many of those report the deployed revision as applied. A pure function of the API view, the
 * node heartbeats and the clock.
 */
public final class DeploymentAcknowledgements {

    /** The deployments of one API. */
    public record ApiDeployments(String apiId, List<EnvironmentDeployment> items, int count) {
    }

    /**
     * One environment's deployment.
     *
     * @param summary e.g. "revision 3 live on 2 of 2 production nodes"
     */
    public record EnvironmentDeployment(String environment, long revision, Instant deployedAt, Nodes nodes,
                                        String summary) {
    }

    /**
     * The environment's nodes.
     *
     * @param total        nodes that reported themselves (not yet tombstoned), live or not
     * @param live         READY with a heartbeat within the staleness
     * @param applied      live nodes that applied the deployed revision
     * @param appliedNodes ids of the live nodes that applied it
     * @param pendingNodes ids of the live nodes that did not (yet)
     */
    public record Nodes(int total, int live, int applied, List<String> appliedNodes, List<String> pendingNodes) {
    }

    private DeploymentAcknowledgements() {
    }

    static ApiDeployments of(ApiView api, Collection<GatewayNodeStatus> nodes, Instant now, Duration staleness) {
        List<EnvironmentDeployment> items = api.getDeployments().stream()
                .sorted(Comparator.comparing(ApiDeploymentView::getEnvironment))
                .map(deployment -> environment(api.getApiId(), deployment, nodes, now, staleness))
                .toList();
        return new ApiDeployments(api.getApiId(), items, items.size());
    }

    private static EnvironmentDeployment environment(String apiId, ApiDeploymentView deployment,
                                                     Collection<GatewayNodeStatus> nodes, Instant now,
                                                     Duration staleness) {
        String environment = deployment.getEnvironment();
        long revision = deployment.getRevision();
        List<GatewayNodeStatus> inEnvironment = nodes.stream()
                .filter(node -> node.getEnvironment().equals(environment))
                .sorted(Comparator.comparing(GatewayNodeStatus::getNodeId))
                .toList();
        List<GatewayNodeStatus> live = inEnvironment.stream().filter(node -> isLive(node, now, staleness)).toList();
        List<String> applied = live.stream().filter(node -> Long.valueOf(revision).equals(node.getAppliedRevisions()
                .get(apiId))).map(GatewayNodeStatus::getNodeId).toList();
        List<String> pending = live.stream().map(GatewayNodeStatus::getNodeId)
                .filter(id -> !applied.contains(id)).toList();
        String summary = "revision " + revision + " live on " + applied.size() + " of " + live.size() + " "
                + environment + " nodes";
        return new EnvironmentDeployment(environment, revision, deployment.getDeployedAt(),
                new Nodes(inEnvironment.size(), live.size(), applied.size(), applied, pending), summary);
    }

    /** READY and heard from within {@code staleness}: a node that died stops heartbeating. */
    static boolean isLive(GatewayNodeStatus node, Instant now, Duration staleness) {
        return node.getStatus() == GatewayNodeState.READY
                && !node.getHeartbeatAt().isBefore(now.minus(staleness));
    }
}
