package io.weir.controlplane.api.environments;

import static io.weir.controlplane.api.ETags.IDEMPOTENCY_KEY;
import static io.weir.controlplane.api.ETags.IF_MATCH;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.controlplane.api.AggregateWrites;
import io.weir.controlplane.api.Bodies;
import io.weir.controlplane.api.CallerProvider;
import io.weir.controlplane.api.Commands;
import io.weir.controlplane.api.Replies;
import io.weir.controlplane.api.Roles;
import io.weir.controlplane.api.ViewJson;
import io.weir.controlplane.api.ViewReader;
import io.weir.controlplane.api.Visibility;
import io.weir.controlplane.security.Caller;
import io.weir.schema.common.AggregateType;
import io.weir.schema.environment.DefineEnvironment;
import io.weir.schema.environment.RemoveEnvironment;
import io.weir.schema.organization.Role;
import io.weir.schema.view.EnvironmentView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admin API: gateway environments (aggregate id = name). Writes need ADMIN of the organization that
 * defined the environment (the platform's, {@code default}, for the seeded ones); environments are
 * platform-wide, so every organization sees and deploys to them.
 */
@Tag(name = "Environments", description = "Admin: gateway environments")
@APIResponse(responseCode = "400", description = "Invalid body, parameter or header (problem with a pointer)")
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller lacks the role")
@APIResponse(responseCode = "404", description = "No such resource in the caller's organization")
@APIResponse(responseCode = "409", description = "Version conflict (If-Match) or already taken")
@APIResponse(responseCode = "422", description = "Refused by a domain rule (reason code in the problem)")
@Path(EnvironmentsResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnvironmentsResource {

    static final String BASE = "/api/v1/environments";

    private final AggregateWrites<EnvironmentView> writes;
    private final ViewReader<EnvironmentView> environments;
    private final CallerProvider callers;

    public EnvironmentsResource(Commands commands, ViewReader<EnvironmentView> environments, CallerProvider callers) {
        this.writes = new AggregateWrites<>(commands, AggregateType.ENVIRONMENT, environments);
        this.environments = environments;
        this.callers = callers;
    }

    /** Body = DefineEnvironment: name, displayName, description, gatewayUrls. */
    @POST
    @Operation(summary = "Define a gateway environment (body: DefineEnvironment)")
    @APIResponse(responseCode = "201", description = "Created; Location and ETag")
    public Response define(JsonNode body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.ADMIN);
        DefineEnvironment define = Bodies.read(body, DefineEnvironment.class);
        return writes.create(caller, define.getName(), Replies.path(BASE, define.getName()), define, idempotencyKey);
    }

    @GET
    @Operation(summary = "List the gateway environments")
    @APIResponse(responseCode = "200", description = "Items by name")
    public JsonNode list() {
        Roles.requireAny(callers.current());
        return ViewJson.list(environments.all().stream().filter(e -> !e.getRemoved())
                .sorted(Comparator.comparing(EnvironmentView::getName)).toList());
    }

    @GET
    @Path("{name}")
    @Operation(summary = "Read a gateway environment")
    @APIResponse(responseCode = "200", description = "The environment; ETag is its version")
    public Response get(@PathParam("name") String name) {
        Roles.requireAny(callers.current());
        EnvironmentView environment = environments.get(name).filter(e -> !e.getRemoved())
                .orElseThrow(() -> io.weir.controlplane.problem.ProblemException.notFound("environment " + name));
        return Replies.read(ViewJson.of(environment), environment.getVersion());
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Remove a gateway environment")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response remove(@PathParam("name") String name, @HeaderParam(IF_MATCH) String ifMatch,
                           @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.ADMIN);
        return writes.change(caller, name, RemoveEnvironment::new, ifMatch, idempotencyKey);
    }
}
