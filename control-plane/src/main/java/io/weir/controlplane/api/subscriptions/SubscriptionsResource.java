package io.weir.controlplane.api.subscriptions;

import static io.weir.controlplane.api.ETags.IDEMPOTENCY_KEY;
import static io.weir.controlplane.api.ETags.IF_MATCH;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.controlplane.api.AggregateWrites;
import io.weir.controlplane.api.Bodies;
import io.weir.controlplane.api.CallerProvider;
import io.weir.controlplane.api.Commands;
import io.weir.controlplane.api.EventLog;
import io.weir.controlplane.api.Replies;
import io.weir.controlplane.api.Roles;
import io.weir.controlplane.api.ViewJson;
import io.weir.controlplane.api.ViewReader;
import io.weir.controlplane.api.Visibility;
import io.weir.controlplane.security.Caller;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.subscription.CreateSubscription;
import io.weir.schema.subscription.DeleteSubscription;
import io.weir.schema.view.SubscriptionView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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
 * Subscriptions of applications to APIs under a tier. Subscribers create, re-tier and delete them;
 * publishers approve, block and unblock ({@link SubscriptionChange}). Whether the application and
 * the API exist in the caller's organization is decided by the command processor.
 */
@Tag(name = "Subscriptions", description = "Subscriptions of applications to APIs under a tier")
@APIResponse(responseCode = "400", description = "Invalid body, parameter or header (problem with a pointer)")
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller lacks the role")
@APIResponse(responseCode = "404", description = "No such resource in the caller's organization")
@APIResponse(responseCode = "409", description = "Version conflict (If-Match) or already taken")
@APIResponse(responseCode = "422", description = "Refused by a domain rule (reason code in the problem)")
@Path(SubscriptionsResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SubscriptionsResource {

    static final String BASE = "/api/v1/subscriptions";
    static final Comparator<SubscriptionView> ORDER = Comparator.comparing(SubscriptionView::getCreatedAt)
            .thenComparing(SubscriptionView::getSubscriptionId);

    private final AggregateWrites<SubscriptionView> writes;
    private final ViewReader<SubscriptionView> subscriptions;
    private final EventLog log;
    private final CallerProvider callers;

    public SubscriptionsResource(Commands commands, ViewReader<SubscriptionView> subscriptions, EventLog log,
                                 CallerProvider callers) {
        this.writes = new AggregateWrites<>(commands, AggregateType.SUBSCRIPTION, subscriptions);
        this.subscriptions = subscriptions;
        this.log = log;
        this.callers = callers;
    }

    /** Body {@code {"applicationId":"..","apiId":"..","tier":"Gold"}}. */
    @POST
    @Operation(summary = "Subscribe an application to an API (body: CreateSubscription)")
    @APIResponse(responseCode = "201", description = "Created; Location and ETag")
    public Response create(JsonNode body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.SUBSCRIBER);
        CreateSubscription create = Bodies.read(body, CreateSubscription.class);
        // one subscription per application and API: the id is derived from the pair, so a second
        // subscribe is the same aggregate and is refused ALREADY_EXISTS (409) by its single writer
        String id = java.util.UUID.nameUUIDFromBytes(("subscription/" + caller.organization() + "/"
                + create.getApplicationId() + "/" + create.getApiId()).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        return writes.create(caller, id, BASE + "/" + id, create, idempotencyKey);
    }

    /** Oldest first, optionally only those of one application and/or one API. */
    @GET
    @Operation(summary = "List subscriptions, optionally by application and API")
    @APIResponse(responseCode = "200", description = "Items oldest first")
    public JsonNode list(@QueryParam("applicationId") String applicationId, @QueryParam("apiId") String apiId) {
        return ViewJson.list(Visibility.list(subscriptions, Roles.requireAny(callers.current()), ORDER).stream()
                .filter(s -> applicationId == null || applicationId.equals(s.getApplicationId()))
                .filter(s -> apiId == null || apiId.equals(s.getApiId()))
                .toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a subscription")
    @APIResponse(responseCode = "200", description = "The subscription; ETag is its version")
    public Response get(@PathParam("id") String id) {
        SubscriptionView subscription = Visibility.find(subscriptions, id, Roles.requireAny(callers.current()),
                "subscription");
        return Replies.read(ViewJson.of(subscription), subscription.getVersion());
    }

    /** {@code {"action":"approve"|"block"|"unblock", "scope":"ALL"|"PRODUCTION", "reason", "comment"}} or {@code {"tier"}}. */
    @PATCH
    @Path("{id}")
    @Operation(summary = "Approve, block or unblock (publisher), or change the tier (subscriber)")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response change(@PathParam("id") String id, JsonNode body, @HeaderParam(IF_MATCH) String ifMatch,
                           @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.requireAny(callers.current());
        SubscriptionChange change = SubscriptionChange.parse(body);
        return writes.change(Roles.require(caller, change.role()), id, change::command, ifMatch, idempotencyKey);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a subscription")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response delete(@PathParam("id") String id, @HeaderParam(IF_MATCH) String ifMatch,
                           @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.SUBSCRIBER);
        return writes.change(caller, id, DeleteSubscription::new, ifMatch, idempotencyKey);
    }

    @GET
    @Path("{id}/history")
    @Operation(summary = "The events of a subscription, oldest first")
    @APIResponse(responseCode = "200", description = "Its audit trail")
    public JsonNode history(@PathParam("id") String id) {
        return Visibility.history(log, id, Roles.requireAny(callers.current()), "subscription");
    }
}
