package io.weir.controlplane.api.apis;

import static io.weir.controlplane.api.ETags.IDEMPOTENCY_KEY;
import static io.weir.controlplane.api.ETags.IF_MATCH;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.controlplane.api.AggregateWrites;
import io.weir.controlplane.api.Bodies;
import io.weir.controlplane.api.CallerProvider;
import io.weir.controlplane.api.Commands;
import io.weir.controlplane.api.Params;
import io.weir.controlplane.api.Replies;
import io.weir.controlplane.api.Roles;
import io.weir.controlplane.api.ViewJson;
import io.weir.controlplane.api.ViewReader;
import io.weir.controlplane.api.Visibility;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.controlplane.write.Writes.Written;
import io.weir.schema.api.CreateApiRevision;
import io.weir.schema.api.DeleteApiRevision;
import io.weir.schema.api.DeployApiRevision;
import io.weir.schema.api.RestoreApiRevision;
import io.weir.schema.api.UndeployApiRevision;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApiRevisionView;
import io.weir.schema.view.ApiView;
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
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Publisher API: revisions of an API (immutable numbered snapshots of its working copy) and their
 * deployment to gateway environments. All are commands on the API aggregate, so the If-Match of
 * these writes is the API's ETag. Revision numbers in paths are validated here (400, not 404).
 */
@Tag(name = "APIs")
@APIResponse(responseCode = "400", description = "Invalid body, parameter or header (problem with a pointer)")
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller lacks the role")
@APIResponse(responseCode = "404", description = "No such resource in the caller's organization")
@APIResponse(responseCode = "409", description = "Version conflict (If-Match) or already taken")
@APIResponse(responseCode = "422", description = "Refused by a domain rule (reason code in the problem)")
@Path(ApisResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiRevisionsResource {

    private final AggregateWrites<ApiView> writes;
    private final ViewReader<ApiView> apis;
    private final CallerProvider callers;

    public ApiRevisionsResource(Commands commands, ViewReader<ApiView> apis, CallerProvider callers) {
        this.writes = new AggregateWrites<>(commands, AggregateType.API, apis);
        this.apis = apis;
        this.callers = callers;
    }

    /** Body {@code {"description":"..."}} or none; 201 showing the new revision once the view has it. */
    @POST
    @Path("{id}/revisions")
    @Operation(summary = "Take a revision of the working copy")
    @APIResponse(responseCode = "201", description = "Created; Location of the new revision")
    public Response create(@PathParam("id") String id, JsonNode body, @HeaderParam(IF_MATCH) String ifMatch,
                           @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.PUBLISHER);
        Written written = writes.execute(caller, id, () -> Bodies.read(body, CreateApiRevision.class), ifMatch,
                idempotencyKey);
        // while the view is exactly at this write, its newest revision is the one just taken
        Optional<ApiRevisionView> revision = writes.viewAfter(written).filter(api -> api.getVersion() == written.version())
                .flatMap(api -> api.getRevisions().stream()
                .max(Comparator.comparing(ApiRevisionView::getRevision)));
        String revisions = ApisResource.BASE + "/" + id + "/revisions";
        return Replies.created(revision.map(r -> revisions + "/" + r.getRevision()).orElse(revisions), written,
                revision.<JsonNode>map(ViewJson::of).orElseGet(() -> ViewJson.written(written)));
    }

    @GET
    @Path("{id}/revisions")
    @Operation(summary = "List the revisions of an API")
    @APIResponse(responseCode = "200", description = "Revisions oldest first; ETag is the API version")
    public Response list(@PathParam("id") String id) {
        ApiView api = Visibility.find(apis, id, Roles.requireAny(callers.current()), "API");
        return Replies.read(ViewJson.list(api.getRevisions().stream()
                .sorted(Comparator.comparing(ApiRevisionView::getRevision)).toList()), api.getVersion());
    }

    @GET
    @Path("{id}/revisions/{n}")
    @Operation(summary = "Read one revision")
    @APIResponse(responseCode = "200", description = "The revision")
    public Response get(@PathParam("id") String id, @PathParam("n") String n) {
        Caller caller = Roles.requireAny(callers.current());
        long revision = Params.revision(n, "n");
        ApiView api = Visibility.find(apis, id, caller, "API");
        ApiRevisionView found = api.getRevisions().stream().filter(r -> r.getRevision() == revision).findFirst()
                .orElseThrow(() -> ProblemException.notFound("revision " + revision + " of API " + id));
        return Replies.read(ViewJson.of(found), api.getVersion());
    }

    /** Body {@code {"environments":["production"]}}: the revision replaces what each environment served. */
    @POST
    @Path("{id}/revisions/{n}/deployments")
    @Operation(summary = "Deploy a revision to environments")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response deploy(@PathParam("id") String id, @PathParam("n") String n, JsonNode body,
                           @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return write(id, () -> Bodies.read(Bodies.set(Bodies.object(body), "revision", Params.revision(n, "n")),
                DeployApiRevision.class), ifMatch, idempotencyKey);
    }

    @DELETE
    @Path("{id}/deployments/{environment}")
    @Operation(summary = "Stop serving an API in an environment")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response undeploy(@PathParam("id") String id, @PathParam("environment") String environment,
                             @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return write(id, () -> new UndeployApiRevision(environment), ifMatch, idempotencyKey);
    }

    /** Replaces the working copy with the revision's snapshot. */
    @POST
    @Path("{id}/revisions/{n}/restore")
    @Operation(summary = "Restore the working copy from a revision")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response restore(@PathParam("id") String id, @PathParam("n") String n,
                            @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return write(id, () -> new RestoreApiRevision(Params.revision(n, "n")), ifMatch, idempotencyKey);
    }

    @DELETE
    @Path("{id}/revisions/{n}")
    @Operation(summary = "Delete a revision that is not deployed")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response delete(@PathParam("id") String id, @PathParam("n") String n,
                           @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return write(id, () -> new DeleteApiRevision(Params.revision(n, "n")), ifMatch, idempotencyKey);
    }

    private Response write(String id, Supplier<?> command, String ifMatch, String idempotencyKey) {
        return writes.change(Roles.require(callers.current(), Role.PUBLISHER), id, command, ifMatch, idempotencyKey);
    }
}
