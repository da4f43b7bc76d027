package io.weir.controlplane.api.policies;

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
import io.weir.controlplane.json.JsonInputException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.policy.DefineThrottlingPolicy;
import io.weir.schema.policy.DeleteThrottlingPolicy;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.UpdateThrottlingPolicy;
import io.weir.schema.view.ThrottlingPolicyView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Throttling policies (tiers) of the caller's organization, addressed by level and name; the
 * aggregate id is {@code <organization>/<LEVEL>/<name>}, so a caller can only ever name their own
 * organization's policies. Writes need PUBLISHER.
 */
@Tag(name = "Throttling policies", description = "Throttling policies (tiers) of the organization")
@APIResponse(responseCode = "400", description = "Invalid body, parameter or header (problem with a pointer)")
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller lacks the role")
@APIResponse(responseCode = "404", description = "No such resource in the caller's organization")
@APIResponse(responseCode = "409", description = "Version conflict (If-Match) or already taken")
@APIResponse(responseCode = "422", description = "Refused by a domain rule (reason code in the problem)")
@Path(PoliciesResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PoliciesResource {

    static final String BASE = "/api/v1/policies";
    static final Comparator<ThrottlingPolicyView> ORDER = Comparator.comparing(ThrottlingPolicyView::getLevel)
            .thenComparing(ThrottlingPolicyView::getName);

    private final AggregateWrites<ThrottlingPolicyView> writes;
    private final ViewReader<ThrottlingPolicyView> policies;
    private final CallerProvider callers;

    public PoliciesResource(Commands commands, ViewReader<ThrottlingPolicyView> policies, CallerProvider callers) {
        this.writes = new AggregateWrites<>(commands, AggregateType.THROTTLING_POLICY, policies);
        this.policies = policies;
        this.callers = callers;
    }

    /** Body = DefineThrottlingPolicy: name, level, description, limits, requiresApproval. */
    @POST
    @Operation(summary = "Define a throttling policy (body: DefineThrottlingPolicy)")
    @APIResponse(responseCode = "201", description = "Created; Location and ETag")
    public Response define(JsonNode body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.PUBLISHER);
        DefineThrottlingPolicy define = Bodies.read(body, DefineThrottlingPolicy.class);
        if (define.getName().isBlank() || define.getName().contains("/")) {
            throw new JsonInputException("/name", "must not be blank nor contain '/'");
        }
        return writes.create(caller, id(caller, define.getLevel(), define.getName()),
                Replies.path(BASE, define.getLevel().name(), define.getName()), define, idempotencyKey);
    }

    /** Ordered by level, then name; {@code ?level=SUBSCRIPTION} keeps one level. */
    @GET
    @Operation(summary = "List the throttling policies, optionally of one level")
    @APIResponse(responseCode = "200", description = "Items by level, then name")
    public JsonNode list(@QueryParam("level") String level) {
        Caller caller = Roles.requireAny(callers.current());
        PolicyLevel only = level == null ? null : Params.symbol(PolicyLevel.class, level, Params.QUERY + "level");
        return ViewJson.list(Visibility.list(policies, caller, ORDER).stream()
                .filter(policy -> only == null || policy.getLevel() == only).toList());
    }

    @GET
    @Path("{level}/{name}")
    @Operation(summary = "Read a throttling policy")
    @APIResponse(responseCode = "200", description = "The policy; ETag is its version")
    public Response get(@PathParam("level") String level, @PathParam("name") String name) {
        Caller caller = Roles.requireAny(callers.current());
        ThrottlingPolicyView policy = Visibility.find(policies, id(caller, level(level), name), caller, "policy");
        return Replies.read(ViewJson.of(policy), policy.getVersion());
    }

    /** Body = UpdateThrottlingPolicy: description, limits, requiresApproval (name and level are fixed). */
    @PUT
    @Path("{level}/{name}")
    @Operation(summary = "Change a throttling policy (body: UpdateThrottlingPolicy)")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response update(@PathParam("level") String level, @PathParam("name") String name, JsonNode body,
                           @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.PUBLISHER);
        return writes.change(caller, id(caller, level(level), name), () -> Bodies.read(body, UpdateThrottlingPolicy.class),
                ifMatch, idempotencyKey);
    }

    @DELETE
    @Path("{level}/{name}")
    @Operation(summary = "Delete a throttling policy")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response delete(@PathParam("level") String level, @PathParam("name") String name,
                           @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.PUBLISHER);
        return writes.change(caller, id(caller, level(level), name), DeleteThrottlingPolicy::new, ifMatch,
                idempotencyKey);
    }

    static String id(Caller caller, PolicyLevel level, String name) {
        return caller.organization() + "/" + level.name() + "/" + name;
    }

    private static PolicyLevel level(String level) {
        return Params.symbol(PolicyLevel.class, level, Params.PATH + "level");
    }
}
