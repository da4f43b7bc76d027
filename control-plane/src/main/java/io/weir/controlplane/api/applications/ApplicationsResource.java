package io.weir.controlplane.api.applications;

import static io.weir.controlplane.api.ETags.IDEMPOTENCY_KEY;
import static io.weir.controlplane.api.ETags.IF_MATCH;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.controlplane.api.AggregateWrites;
import io.weir.controlplane.api.Bodies;
import io.weir.controlplane.api.CallerProvider;
import io.weir.controlplane.api.Commands;
import io.weir.controlplane.api.EventLog;
import io.weir.controlplane.api.Ids;
import io.weir.controlplane.api.Replies;
import io.weir.controlplane.api.Roles;
import io.weir.controlplane.api.ViewJson;
import io.weir.controlplane.api.ViewReader;
import io.weir.controlplane.api.Visibility;
import io.weir.controlplane.json.AvroJson;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.application.CreateApplication;
import io.weir.schema.application.DeleteApplication;
import io.weir.schema.application.UpdateApplication;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApplicationView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Developer-portal API: consumer applications. Writes need SUBSCRIBER. Keys and OAuth clients of an
 * application are {@link ApiKeysResource} and {@link OAuthClientsResource}.
 */
@Tag(name = "Applications", description = "Developer portal: consumer applications, their keys and OAuth clients")
@APIResponse(responseCode = "400", description = "Invalid body, parameter or header (problem with a pointer)")
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller lacks the role")
@APIResponse(responseCode = "404", description = "No such resource in the caller's organization")
@APIResponse(responseCode = "409", description = "Version conflict (If-Match) or already taken")
@APIResponse(responseCode = "422", description = "Refused by a domain rule (reason code in the problem)")
@Path(ApplicationsResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApplicationsResource {

    static final String BASE = "/api/v1/applications";
    static final Comparator<ApplicationView> ORDER = Comparator.comparing(ApplicationView::getName)
            .thenComparing(ApplicationView::getCreatedAt).thenComparing(ApplicationView::getApplicationId);

    private final AggregateWrites<ApplicationView> writes;
    private final ViewReader<ApplicationView> applications;
    private final EventLog log;
    private final CallerProvider callers;

    public ApplicationsResource(Commands commands, ViewReader<ApplicationView> applications, EventLog log,
                                CallerProvider callers) {
        this.writes = new AggregateWrites<>(commands, AggregateType.APPLICATION, applications);
        this.applications = applications;
        this.log = log;
        this.callers = callers;
    }

    /** Body = CreateApplication; {@code owner} defaults to the caller, and only an admin names another. */
    @POST
    @Operation(summary = "Create an application (body: CreateApplication)")
    @APIResponse(responseCode = "201", description = "Created; Location and ETag of the application")
    public Response create(JsonNode body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.SUBSCRIBER);
        CreateApplication create = AvroJson.fromJson(ownedBy(caller, Bodies.object(body)), CreateApplication.class);
        String id = Ids.newId("application", idempotencyKey);
        return writes.create(caller, id, BASE + "/" + id, create, idempotencyKey);
    }

    @GET
    @Operation(summary = "List the applications of the organization")
    @APIResponse(responseCode = "200", description = "Items sorted by name")
    public JsonNode list() {
        return ViewJson.list(Visibility.list(applications, Roles.requireAny(callers.current()), ORDER));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read an application")
    @APIResponse(responseCode = "200", description = "The application, without secret hashes")
    public Response get(@PathParam("id") String id) {
        ApplicationView application = Visibility.find(applications, id, Roles.requireAny(callers.current()), "application");
        return Replies.read(ViewJson.of(application), application.getVersion());
    }

    /** Body = UpdateApplication (name, tier, description, attributes). */
    @PUT
    @Path("{id}")
    @Operation(summary = "Change an application (body: UpdateApplication)")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response update(@PathParam("id") String id, JsonNode body, @HeaderParam(IF_MATCH) String ifMatch,
                           @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return write(id, () -> Bodies.read(body, UpdateApplication.class), ifMatch, idempotencyKey);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete an application")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response delete(@PathParam("id") String id, @HeaderParam(IF_MATCH) String ifMatch,
                           @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return write(id, DeleteApplication::new, ifMatch, idempotencyKey);
    }

    @GET
    @Path("{id}/history")
    @Operation(summary = "The events of an application, oldest first")
    @APIResponse(responseCode = "200", description = "Its audit trail, without secret hashes")
    public JsonNode history(@PathParam("id") String id) {
        return Visibility.history(log, id, Roles.requireAny(callers.current()), "application");
    }

    static ObjectNode ownedBy(Caller caller, ObjectNode json) {
        Bodies.setIfAbsent(json, "owner", caller.username());
        JsonNode owner = json.get("owner");
        if (owner.isTextual() && !caller.username().equals(owner.asText()) && !caller.roles().contains(Role.ADMIN)) {
            throw ProblemException.forbidden("only an admin creates applications owned by someone else");
        }
        return json;
    }

    private Response write(String id, Supplier<?> command, String ifMatch, String idempotencyKey) {
        return writes.change(Roles.require(callers.current(), Role.SUBSCRIBER), id, command, ifMatch, idempotencyKey);
    }
}
