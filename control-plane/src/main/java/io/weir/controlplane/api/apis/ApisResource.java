package io.weir.controlplane.api.apis;

import static io.weir.controlplane.api.ETags.IDEMPOTENCY_KEY;
import static io.weir.controlplane.api.ETags.IF_MATCH;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.weir.controlplane.security.Caller;
import io.weir.schema.api.ChangeApiLifecycle;
import io.weir.schema.api.CreateApi;
import io.weir.schema.api.DeleteApi;
import io.weir.schema.api.UpdateApi;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApiView;
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
 * Publisher API: an API's working copy and lifecycle. Writes need PUBLISHER; every write becomes
 * one command on the API aggregate. Revisions and deployments are {@link ApiRevisionsResource}.
 */
@Tag(name = "APIs", description = "Publisher: APIs, their working copy and lifecycle")
@APIResponse(responseCode = "400", description = "Invalid body, parameter or header (problem with a pointer)")
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller lacks the role")
@APIResponse(responseCode = "404", description = "No such resource in the caller's organization")
@APIResponse(responseCode = "409", description = "Version conflict (If-Match) or already taken")
@APIResponse(responseCode = "422", description = "Refused by a domain rule (reason code in the problem)")
@Path(ApisResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApisResource {

    static final String BASE = "/api/v1/apis";
    static final Comparator<ApiView> ORDER = Comparator.comparing(ApiView::getName)
            .thenComparing(ApiView::getApiVersion).thenComparing(ApiView::getCreatedAt).thenComparing(ApiView::getApiId);

    private final AggregateWrites<ApiView> writes;
    private final ViewReader<ApiView> apis;
    private final EventLog log;
    private final CallerProvider callers;

    public ApisResource(Commands commands, ViewReader<ApiView> apis, EventLog log, CallerProvider callers) {
        this.writes = new AggregateWrites<>(commands, AggregateType.API, apis);
        this.apis = apis;
        this.log = log;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Create an API (body: CreateApi)")
    @APIResponse(responseCode = "201", description = "Created; Location and ETag of the new API")
    public Response create(JsonNode body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.PUBLISHER);
        CreateApi create = Bodies.read(body, CreateApi.class);
        String id = Ids.newId("api", idempotencyKey);
        return writes.create(caller, id, BASE + "/" + id, create, idempotencyKey);
    }

    @GET
    @Operation(summary = "List the APIs of the organization")
    @APIResponse(responseCode = "200", description = "Items sorted by name and version")
    public JsonNode list() {
        return ViewJson.list(Visibility.list(apis, Roles.requireAny(callers.current()), ORDER));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read an API")
    @APIResponse(responseCode = "200", description = "The API; ETag is its version")
    public Response get(@PathParam("id") String id) {
        ApiView api = Visibility.find(apis, id, Roles.requireAny(callers.current()), "API");
        return Replies.read(ViewJson.of(api), api.getVersion());
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Replace the working copy of an API (body: UpdateApi)")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response update(@PathParam("id") String id, JsonNode body, @HeaderParam(IF_MATCH) String ifMatch,
                           @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return write(id, () -> Bodies.read(body, UpdateApi.class), ifMatch, idempotencyKey);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete an API")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response delete(@PathParam("id") String id, @HeaderParam(IF_MATCH) String ifMatch,
                           @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return write(id, DeleteApi::new, ifMatch, idempotencyKey);
    }

    /** Body {@code {"targetStatus":"PUBLISHED","comment":"..."}}. */
    @POST
    @Path("{id}/lifecycle")
    @Operation(summary = "Move an API to another lifecycle status")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response changeLifecycle(@PathParam("id") String id, JsonNode body, @HeaderParam(IF_MATCH) String ifMatch,
                                    @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return write(id, () -> Bodies.read(body, ChangeApiLifecycle.class), ifMatch, idempotencyKey);
    }

    @GET
    @Path("{id}/history")
    @Operation(summary = "The events of an API, oldest first")
    @APIResponse(responseCode = "200", description = "Its audit trail")
    public JsonNode history(@PathParam("id") String id) {
        return Visibility.history(log, id, Roles.requireAny(callers.current()), "API");
    }

    private Response write(String id, Supplier<?> command, String ifMatch, String idempotencyKey) {
        return writes.change(Roles.require(callers.current(), Role.PUBLISHER), id, command, ifMatch, idempotencyKey);
    }
}
