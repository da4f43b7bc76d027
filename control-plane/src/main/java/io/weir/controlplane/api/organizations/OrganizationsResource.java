package io.weir.controlplane.api.organizations;

import static io.weir.controlplane.api.ETags.IDEMPOTENCY_KEY;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.controlplane.api.AggregateWrites;
import io.weir.controlplane.api.Bodies;
import io.weir.controlplane.api.CallerProvider;
import io.weir.controlplane.api.Commands;
import io.weir.controlplane.api.Replies;
import io.weir.controlplane.api.Roles;
import io.weir.controlplane.api.ViewJson;
import io.weir.controlplane.api.ViewReader;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.CreateOrganization;
import io.weir.schema.organization.Role;
import io.weir.schema.view.OrganizationView;
import jakarta.ws.rs.Consumes;
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
 * Organizations (tenants). A caller sees their own organization and those it created (an
 * organization aggregate belongs to the organization of the admin who created it); creating one
 * needs ADMIN. Organizations are never deleted.
 */
@Tag(name = "Organizations", description = "Organizations (tenants)")
@APIResponse(responseCode = "400", description = "Invalid body, parameter or header (problem with a pointer)")
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller lacks the role")
@APIResponse(responseCode = "404", description = "No such resource in the caller's organization")
@APIResponse(responseCode = "409", description = "Version conflict (If-Match) or already taken")
@APIResponse(responseCode = "422", description = "Refused by a domain rule (reason code in the problem)")
@Path(OrganizationsResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrganizationsResource {

    static final String BASE = "/api/v1/organizations";

    private final AggregateWrites<OrganizationView> writes;
    private final ViewReader<OrganizationView> organizations;
    private final CallerProvider callers;

    public OrganizationsResource(Commands commands, ViewReader<OrganizationView> organizations, CallerProvider callers) {
        this.writes = new AggregateWrites<>(commands, AggregateType.ORGANIZATION, organizations);
        this.organizations = organizations;
        this.callers = callers;
    }

    /** Body {@code {"name":"acme","displayName":"ACME Corp"}}. */
    @POST
    @Operation(summary = "Create an organization (admin)")
    @APIResponse(responseCode = "201", description = "Created; Location and ETag")
    public Response create(JsonNode body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.ADMIN);
        CreateOrganization create = Bodies.read(body, CreateOrganization.class);
        return writes.create(caller, create.getName(), Replies.path(BASE, create.getName()), create, idempotencyKey);
    }

    @GET
    @Operation(summary = "The caller's organization and those it created")
    @APIResponse(responseCode = "200", description = "Items by name")
    public JsonNode list() {
        Caller caller = Roles.requireAny(callers.current());
        return ViewJson.list(organizations.all().stream().filter(organization -> visibleTo(organization, caller))
                .sorted(Comparator.comparing(OrganizationView::getName)).toList());
    }

    @GET
    @Path("{name}")
    @Operation(summary = "Read an organization")
    @APIResponse(responseCode = "200", description = "The organization")
    public Response get(@PathParam("name") String name) {
        Caller caller = Roles.requireAny(callers.current());
        OrganizationView organization = organizations.get(name).filter(o -> visibleTo(o, caller))
                .orElseThrow(() -> ProblemException.notFound("organization " + name));
        return Replies.read(ViewJson.of(organization), organization.getVersion());
    }

    static boolean visibleTo(OrganizationView organization, Caller caller) {
        return caller.organization().equals(organization.getOrganizationId())
                || caller.organization().equals(organization.getOrganization());
    }
}
