package io.weir.controlplane.api.apis;

import io.weir.controlplane.api.CallerProvider;
import io.weir.controlplane.api.Roles;
import io.weir.controlplane.api.ViewReader;
import io.weir.controlplane.api.Visibility;
import io.weir.controlplane.api.apis.DeploymentAcknowledgements.ApiDeployments;
import io.weir.controlplane.config.ControlPlaneConfig;
import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.view.ApiView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Publisher API: deployment acknowledgements. For each environment an API is deployed to, the
 * revision, and how many of the environment's live gateway nodes report it applied, from their
 * heartbeats on weir.gateway.nodes ("revision 3 live on 2 of 2 production nodes"). Read rules are
 * those of the API itself: any role, the caller's organization only (another's API is 404).
 */
@Tag(name = "APIs")
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller lacks a management role")
@APIResponse(responseCode = "404", description = "No such API in the caller's organization")
@Path(ApisResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
public class ApiDeploymentsResource {

    private final ViewReader<ApiView> apis;
    private final ViewReader<GatewayNodeStatus> nodes;
    private final CallerProvider callers;
    private final Duration staleness;
    private final Clock clock;

    @Inject
    public ApiDeploymentsResource(ViewReader<ApiView> apis, ViewReader<GatewayNodeStatus> nodes, CallerProvider callers,
                                  ControlPlaneConfig config) {
        this(apis, nodes, callers, config.gatewayNodeStaleness(), Clock.systemUTC());
    }

    ApiDeploymentsResource(ViewReader<ApiView> apis, ViewReader<GatewayNodeStatus> nodes, CallerProvider callers,
                           Duration staleness, Clock clock) {
        this.apis = apis;
        this.nodes = nodes;
        this.callers = callers;
        this.staleness = staleness;
        this.clock = clock;
    }

    @GET
    @Path("{id}/deployments")
    @Operation(summary = "Where the API's deployments stand on the gateways",
            description = "One item per environment the API is deployed to: the revision, when it was deployed, and "
                    + "the environment's gateway nodes — total (every node that reported itself), live (READY, heartbeat "
                    + "within weir.control-plane.gateway-node-staleness), applied (live nodes serving the deployed "
                    + "revision), the ids of live nodes that applied it and of those that did not yet — with a summary "
                    + "like \"revision 3 live on 2 of 2 production nodes\".")
    @APIResponse(responseCode = "200", description = "The deployments, environments in name order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiDeployments.class)))
    public ApiDeployments deployments(@PathParam("id") String id) {
        ApiView api = Visibility.find(apis, id, Roles.requireAny(callers.current()), "API");
        return DeploymentAcknowledgements.of(api, nodes.all(), clock.instant(), staleness);
    }
}
